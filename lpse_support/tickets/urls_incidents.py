"""Insiden pages (``/insiden/``): the list and create form, one incident, its resolution and
the progress of the task."""

from django.urls import path

from lpse_support.tickets.views import incidents

app_name = "incidents"
urlpatterns = [
    path("", incidents.IncidentListView.as_view(), name="list"),
    path("<int:pk>/", incidents.IncidentDetailView.as_view(), name="detail"),
    path("<int:pk>/selesaikan/", incidents.resolve, name="resolve"),
    path("<int:pk>/progres/", incidents.progress, name="progress"),
]

from django.urls import path

from lpse_support.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("baca-semua/", views.mark_all_read, name="mark_all_read"),
    path("<int:pk>/buka/", views.open_notification, name="open"),
]

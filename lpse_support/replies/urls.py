"""Templat Balasan URLs, included under ``/templat-balasan/`` by ``config/urls.py``."""

from django.urls import path

from lpse_support.replies import views

app_name = "replies"
urlpatterns = [
    path("", views.template_list, name="list"),
    path("baru/", views.template_form, name="create"),
    path("<int:pk>/ubah/", views.template_form, name="edit"),
    path("<int:pk>/aktif/", views.template_active, name="active"),
    path("tiket/<str:number>/isi/", views.fill_for_ticket, name="fill"),
]

from django.urls import path

from lpse_support.tenders import views

app_name = "tenders"
urlpatterns = [
    path("cari/", views.search, name="search"),
    path("<str:code>/", views.detail, name="detail"),
]

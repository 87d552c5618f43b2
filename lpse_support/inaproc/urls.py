"""URLs of the Inaproc sign-in, under /akun/inaproc/."""

from django.urls import path

from lpse_support.inaproc import views

app_name = "inaproc"
urlpatterns = [
    path("masuk/", views.start, name="start"),
    path("kembali/", views.callback, name="callback"),
    path("hubungkan/", views.LinkAccountView.as_view(), name="link"),
]

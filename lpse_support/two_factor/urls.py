"""Routes of the two-factor pages, under /akun/dua-faktor/."""

from django.urls import path

from lpse_support.two_factor import views

app_name = "two_factor"
urlpatterns = [
    path("aktifkan/", views.EnrolView.as_view(), name="enrol"),
    path("verifikasi/", views.VerifyView.as_view(), name="verify"),
    path("kode-pemulihan/", views.recovery_codes, name="recovery_codes"),
    path(
        "kode-pemulihan/buat-ulang/",
        views.recovery_codes_regenerate,
        name="recovery_codes_regenerate",
    ),
    path("nonaktifkan/", views.disable, name="disable"),
]

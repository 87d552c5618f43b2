from django.urls import path

from lpse_support.accounts import views

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.SupportLoginView.as_view(), name="login"),
    path("keluar/", views.SupportLogoutView.as_view(), name="logout"),
    path("profil/", views.ProfileView.as_view(), name="profile"),
]

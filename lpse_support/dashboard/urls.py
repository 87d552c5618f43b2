from django.urls import path

from lpse_support.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="home"),
    path("panduan/", views.UserGuideView.as_view(), name="user_guide"),
]

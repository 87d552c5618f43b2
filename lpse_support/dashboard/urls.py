from django.urls import include, path

from lpse_support.dashboard import views
from lpse_support.reports.views import ReportView

app_name = "dashboard"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="home"),
    path("panduan/", views.UserGuideView.as_view(), name="user_guide"),
    path("reporting/", ReportView.as_view(), name="reporting"),
    # FAQ LPSE Support (R-UI-6): list (name "faq"), article, suggestions, suggestion opened.
    path("faq/", include("lpse_support.faq.urls")),
]

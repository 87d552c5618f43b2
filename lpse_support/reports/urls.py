"""REPORTING (docs/reporting.md), included under ``/reporting/`` by ``config/urls.py``."""

from django.urls import path

from lpse_support.reports.views import ReportView

app_name = "reports"
urlpatterns = [
    path("", ReportView.as_view(), name="reporting"),
]

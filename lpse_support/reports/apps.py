from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "lpse_support.reports"
    label = "reports"
    verbose_name = "Reporting"

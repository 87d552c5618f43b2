from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "lpse_support.dashboard"
    label = "dashboard"
    verbose_name = "Dashboard"

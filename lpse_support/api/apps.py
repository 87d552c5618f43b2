from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "lpse_support.api"
    label = "api"
    verbose_name = "API"

from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "lpse_support.catalog"
    label = "catalog"
    verbose_name = "Data Master"

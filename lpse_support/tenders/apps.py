from django.apps import AppConfig


class TendersConfig(AppConfig):
    name = "lpse_support.tenders"
    label = "tenders"
    verbose_name = "Data Tender"

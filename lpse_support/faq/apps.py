from django.apps import AppConfig


class FaqConfig(AppConfig):
    name = "lpse_support.faq"
    label = "faq"
    verbose_name = "FAQ LPSE Support"

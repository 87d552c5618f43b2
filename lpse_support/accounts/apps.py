from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lpse_support.accounts"
    label = "accounts"
    verbose_name = "Akun dan Organisasi"

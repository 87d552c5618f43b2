"""The Inaproc sign-in app's configuration."""

from django.apps import AppConfig


class InaprocConfig(AppConfig):
    name = "lpse_support.inaproc"
    label = "inaproc"
    verbose_name = "Inaproc (OpenID Connect)"

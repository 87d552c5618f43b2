"""The Inaproc sign-in app's configuration."""

from django.apps import AppConfig


class InaprocConfig(AppConfig):
    name = "lpse_support.inaproc"
    label = "inaproc"
    verbose_name = "Inaproc (OpenID Connect)"

    def ready(self) -> None:
        from lpse_support.inaproc import checks  # noqa: F401  # registers the deploy check

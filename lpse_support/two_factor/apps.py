"""The two-factor app's configuration."""

from django.apps import AppConfig


class TwoFactorConfig(AppConfig):
    name = "lpse_support.two_factor"
    label = "two_factor"
    verbose_name = "Autentikasi Dua Faktor"

    def ready(self) -> None:
        # The login signal keeps the session's "has a device" flag fresh; a saved rule drops the
        # cached rules.
        from lpse_support.two_factor import rules, signals  # noqa: F401

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lpse_support.core"
    label = "core"
    verbose_name = "Inti"

    def ready(self) -> None:
        from lpse_support.core import checks  # noqa: F401  (registers the system checks)
        from lpse_support.core.replica_pin import connect_signals

        connect_signals()

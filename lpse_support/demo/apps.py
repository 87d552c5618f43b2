from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "lpse_support.demo"
    label = "demo"
    verbose_name = "Demo"

    def ready(self) -> None:
        from lpse_support.demo import checks  # noqa: F401  (registers the demo-accounts check)

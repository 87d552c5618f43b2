from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "lpse_support.tickets"
    label = "tickets"
    verbose_name = "Tiket"

    def ready(self) -> None:
        # Memberships ending hand tickets back to the team's queue (tickets/signals.py).
        from lpse_support.tickets import signals  # noqa: F401

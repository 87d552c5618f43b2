from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "lpse_support.tickets"
    label = "tickets"
    verbose_name = "Tiket"

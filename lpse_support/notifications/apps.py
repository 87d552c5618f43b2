from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "lpse_support.notifications"
    label = "notifications"
    verbose_name = "Notifikasi"

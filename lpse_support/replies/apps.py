"""The Templat Balasan app's configuration."""

from django.apps import AppConfig


class RepliesConfig(AppConfig):
    name = "lpse_support.replies"
    label = "replies"
    verbose_name = "Templat Balasan"

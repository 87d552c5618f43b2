"""``manage.py purge_finished_jobs``: delete finished task rows and sent e-mail deliveries past
the retention. The worker does this hourly; the command is for cron when no worker runs."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lpse_support.notifications.delivery import conf
from lpse_support.notifications.upkeep import purge_finished


class Command(BaseCommand):
    help = "Hapus baris tugas yang selesai dan email notifikasi yang terkirim lebih dari N hari."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Umur minimal (hari) yang dihapus (bawaan: JOB_RETENTION_DAYS, 30).",
        )

    def handle(self, *args: Any, days: int | None, **options: Any) -> None:
        if days is not None and days < 0:
            raise CommandError("--days tidak boleh negatif.")
        days = conf("RETENTION_DAYS") if days is None else days
        purged = purge_finished(days=days)
        self.stdout.write(
            f"Dihapus: {purged.tasks} baris tugas selesai dan {purged.emails} email terkirim "
            f"yang lebih dari {days} hari."
        )

"""Remove what interrupted uploads left behind: stale upload temp files and staged attachment
files, and files sent ahead of a form that was never accepted (after 24 hours); finish
publishing committed ones (docs/attachments.md, docs/deploy.md).

Meant for cron or a systemd timer, e.g. hourly. Idempotent and safe beside running servers: only
files older than ``--hours`` are touched."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lpse_support.tickets.attachments.sweep import sweep_uploads, upload_temp_dir


class Command(BaseCommand):
    help = "Hapus sisa unggahan yang terputus (file sementara dan lampiran yang belum tersimpan)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--hours",
            type=float,
            default=6.0,
            help="Only files older than this many hours (default 6; longer than any upload).",
        )
        parser.add_argument(
            "--orphans",
            action="store_true",
            help="Also delete files in tickets/<nomor>/ that no attachment row references.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = sweep_uploads(
            older_than=timedelta(hours=options["hours"]), orphans=options["orphans"]
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.temp_removed} file sementara dihapus ({upload_temp_dir()}), "
                f"{report.pending_removed} lampiran tertunda dihapus, "
                f"{report.pending_published} lampiran tertunda diterbitkan, "
                f"{report.orphans_removed} file yatim dihapus, "
                f"{report.sent_ahead_removed} unggahan yang tidak dipakai dihapus."
            )
        )

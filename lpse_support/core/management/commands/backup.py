"""``manage.py backup DIR``: the database and every stored attachment into a new folder, with a
manifest of SHA-256 checksums and row counts (docs/deploy.md, "Backup and restore")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lpse_support.core.backup.archive import create_backup
from lpse_support.core.backup.database import BackupFailed


class Command(BaseCommand):
    help = "Backup basis data dan semua lampiran ke folder baru (dengan manifest SHA-256)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="Folder baru atau kosong.")

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["directory"]
        try:
            summary = create_backup(directory)
        except BackupFailed as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup selesai di {directory}: {summary.database_file}, "
                f"{summary.files} berkas lampiran ({summary.bytes:,} byte), "
                f"{summary.counts.get('tickets.Ticket', 0):,} tiket."
            )
        )

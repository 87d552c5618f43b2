"""``manage.py restore DIR``: a backup made by ``manage.py backup`` into the database and the
attachment storage the settings point to — both must be empty. Every checksum is checked before
anything changes; the row counts are compared after (docs/deploy.md, "Backup and restore")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lpse_support.core.backup.archive import restore_backup
from lpse_support.core.backup.database import BackupFailed


class Command(BaseCommand):
    help = "Pulihkan backup ke basis data dan penyimpanan lampiran yang masih kosong."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="Folder hasil `manage.py backup`.")

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["directory"]
        try:
            summary = restore_backup(directory)
        except BackupFailed as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Pemulihan selesai dari {directory}: "
                f"{summary.counts.get('tickets.Ticket', 0):,} tiket, "
                f"{summary.counts.get('accounts.User', 0):,} pengguna, "
                f"{summary.files} berkas lampiran ({summary.bytes:,} byte). "
                "Jalankan `manage.py migrate` bila kode lebih baru dari backup."
            )
        )

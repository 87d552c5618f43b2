"""``manage.py import_tenders TENDERS.csv [--stages JADWAL.csv]``: load warehouse CSV exports.

All rows are checked first; with any error nothing is written, every error goes to stderr and the
command exits non-zero.
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lpse_support.core.errors import ImportRejected
from lpse_support.tenders.importer import import_tenders


class Command(BaseCommand):
    help = (
        "Impor tender (kolom SPSE-TenderPengumuman) dan, bila diberikan, jadwal tahapan "
        "(kolom SPSE-JadwalTahapanTender) dari CSV. Satu baris salah = tidak ada yang disimpan."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("tenders", type=Path, help="CSV tender (kd_tender, nama_paket, …)")
        parser.add_argument(
            "--stages",
            type=Path,
            default=None,
            help="CSV jadwal tahapan (kd_tender, kd_tahapan, nama_tahapan, tgl_awal, tgl_akhir)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        tenders_path: Path = options["tenders"]
        stages_path: Path | None = options["stages"]
        try:
            with ExitStack() as stack:
                tender_file = stack.enter_context(
                    tenders_path.open(encoding="utf-8-sig", newline="")
                )
                stage_file = (
                    stack.enter_context(stages_path.open(encoding="utf-8-sig", newline=""))
                    if stages_path
                    else None
                )
                result = import_tenders(
                    tenders=tender_file,
                    tenders_name=tenders_path.name,
                    stages=stage_file,
                    stages_name=stages_path.name if stages_path else "",
                )
        except OSError as exc:
            raise CommandError(f"File tidak dapat dibuka: {exc}") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(
                f"File bukan teks UTF-8 ({exc.reason}); simpan ulang sebagai CSV UTF-8."
            ) from exc
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(error)
            raise CommandError(exc.message) from exc
        self.stdout.write(self.style.SUCCESS(result.summary()))

"""``manage.py seed_demo [--if-empty]``: fill realistic demo data (SPEC R-DEMO), idempotently."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lpse_support.accounts.models import LpseUnit, Team, User
from lpse_support.catalog.models import Application, Category, SubCategory
from lpse_support.demo.checks import DEMO_PASSWORD, DEMO_USERNAMES
from lpse_support.demo.seed import run_seed
from lpse_support.faq.models import FaqArticle
from lpse_support.tenders.models import Tender, TenderStage


class Command(BaseCommand):
    help = (
        "Isi data demo: direktorat, LPSE, aplikasi dan kategori, prioritas/SLA, FAQ, tender, tim "
        "dan akun demo. Aman dijalankan berulang kali."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Lewati bila sudah ada aplikasi di basis data (dipakai oleh `make run`).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Application.objects.exists():
            self.stdout.write("Data master sudah ada; seed_demo dilewati.")
            return
        started = time.monotonic()
        result = run_seed()
        elapsed = time.monotonic() - started
        tally = result.tally
        self.stdout.write(
            self.style.SUCCESS(
                f"seed_demo selesai dalam {elapsed:.1f} detik: {tally.total_created} baris dibuat, "
                f"{tally.total_updated} diperbarui."
            )
        )
        counts = (
            ("LPSE", LpseUnit.objects.count()),
            ("aplikasi", Application.objects.count()),
            ("kategori", Category.objects.count()),
            ("sub kategori", SubCategory.objects.count()),
            ("artikel FAQ", FaqArticle.objects.count()),
            ("tim", Team.objects.count()),
            ("tender", Tender.objects.count()),
            ("tahapan tender", TenderStage.objects.count()),
            ("akun demo", User.objects.filter(username__in=DEMO_USERNAMES).count()),
        )
        self.stdout.write("  " + ", ".join(f"{n} {label}" for label, n in counts))
        if "Pengguna" in tally.created:
            self.stdout.write(
                f"  Akun demo ({', '.join(DEMO_USERNAMES)}) memakai password {DEMO_PASSWORD}. "
                "Hapus dengan `manage.py remove_demo_accounts` sebelum produksi."
            )

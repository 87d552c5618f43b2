"""``manage.py generate_tickets --count N``: many realistic tickets for load tests and demos."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lpse_support.demo.generator.generate import (
    DEFAULT_BATCH,
    DEFAULT_DAYS,
    DEFAULT_REPORTERS,
    DEMO_REPORTER_SHARE,
    DEMO_RUN_SHARE,
    Progress,
    generate_tickets,
)
from lpse_support.demo.generator.world import MissingMasterData
from lpse_support.tickets.models import Ticket


class Command(BaseCommand):
    help = (
        "Buat N tiket realistis (semua status, tim, LPSE, aplikasi, riwayat, diskusi, penilaian) "
        "dengan penulisan massal. Perlu data master dan akun demo dari `seed_demo`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, required=True, help="Jumlah tiket.")
        parser.add_argument("--seed", type=int, default=None, help="Benih acak (hasil berulang).")
        parser.add_argument(
            "--batch-size", type=int, default=DEFAULT_BATCH, help="Tiket per transaksi."
        )
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_DAYS,
            help="Sebar waktu pembuatan tiket selama N hari terakhir.",
        )
        parser.add_argument(
            "--reporters",
            type=int,
            default=DEFAULT_REPORTERS,
            help="Jumlah akun pelapor buatan (dibuat sekali, dipakai ulang).",
        )
        parser.add_argument(
            "--demo",
            action="store_true",
            help=(
                "Data demo `make run`: akun pelapor demo mengajukan lebih banyak tiket, sehingga "
                "tim demo (mis. Helpdesk LPSE Kota Makassar) punya tiket terbuka untuk dikerjakan."
            ),
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Hanya jika belum ada tiket sama sekali (dipakai `make run` untuk data demo).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        for name in ("count", "batch_size", "days", "reporters"):
            if options[name] < 1:
                raise CommandError(f"--{name.replace('_', '-')} harus lebih dari 0.")

        if options["if_empty"] and Ticket.objects.exists():
            self.stdout.write("Tiket sudah ada; generate_tickets dilewati.")
            return

        def report(progress: Progress) -> None:
            rate = progress.done / progress.elapsed if progress.elapsed else 0.0
            self.stdout.write(
                f"  {progress.done:>9,} / {progress.total:,} tiket  "
                f"{progress.elapsed:7.1f} s  ({rate:,.0f} tiket/s)"
            )

        try:
            result = generate_tickets(
                count=options["count"],
                seed=options["seed"],
                batch_size=options["batch_size"],
                days=options["days"],
                reporters=options["reporters"],
                demo_share=DEMO_RUN_SHARE if options["demo"] else DEMO_REPORTER_SHARE,
                progress=report if options["verbosity"] > 0 else None,
            )
        except MissingMasterData as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.tickets:,} tiket dibuat dalam {result.seconds:.1f} detik: "
                f"{result.events:,} riwayat, {result.messages:,} pesan, "
                f"{result.team_links:,} tautan tim, {result.ratings:,} penilaian."
            )
        )

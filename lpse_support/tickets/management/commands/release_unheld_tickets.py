"""Hand back to their team's queue the tickets held by someone who may no longer hold them
(``services/ticket_release.py``). Memberships and deactivations made through the ORM or the admin
do this at once (``tickets/signals.py``); this sweep is for changes that bypassed the signals —
``QuerySet.update()``, raw SQL, a restored backup. Idempotent: safe in cron."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lpse_support.tickets.services.ticket_release import release_unheld


class Command(BaseCommand):
    help = "Kembalikan ke antrean tim tiket yang dipegang petugas yang tidak lagi di tim tiket."

    def handle(self, *args: Any, **options: Any) -> None:
        released = release_unheld()
        for number in released:
            self.stdout.write(f"{number} dikembalikan ke antrean tim")
        self.stdout.write(self.style.SUCCESS(f"{len(released)} tiket dikembalikan ke antrean tim."))

"""Confirm every resolution the reporter left unanswered for AUTO_CONFIRM_DAYS (SPEC §4).

Meant for cron, e.g. every 15 minutes (README "Notifications and background jobs"). Idempotent:
a ticket already confirmed is no longer waiting, so a second run confirms nothing; a ticket that
changed while the run went through the list is skipped (logged) and the others are confirmed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from lpse_support.tickets.services.ticket_resolution import auto_confirm_due


class Command(BaseCommand):
    help = "Konfirmasi otomatis tiket yang tidak dijawab pelapor dalam AUTO_CONFIRM_DAYS hari."

    def handle(self, *args: Any, **options: Any) -> None:
        days = settings.LPSE_SUPPORT["AUTO_CONFIRM_DAYS"]
        confirmed = auto_confirm_due()
        for number in confirmed:
            self.stdout.write(f"{number} dikonfirmasi otomatis")
        self.stdout.write(
            self.style.SUCCESS(f"{len(confirmed)} tiket dikonfirmasi otomatis (batas {days} hari).")
        )

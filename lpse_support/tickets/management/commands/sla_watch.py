"""Raise the SLA alerts due now: warnings at SLA_WARNING_PERCENT of a target, breaches at the
due time (``services/ticket_sla.py``). The worker's loop runs the same job every
SLA_WATCH_EVERY_MINUTES; this command is for cron. Idempotent: each alert is raised once per
ticket and target, so a second run raises nothing new."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lpse_support.tickets.services.ticket_sla import sla_watch
from lpse_support.tickets.workflow import Action

WORDS = {Action.SLA_WARNING: "peringatan SLA", Action.SLA_BREACH: "batas SLA terlewati"}


class Command(BaseCommand):
    help = "Kirim peringatan SLA dan pemberitahuan batas SLA terlewati yang jatuh tempo."

    def handle(self, *args: Any, **options: Any) -> None:
        summary = sla_watch()
        for number, action, target in summary.raised:
            self.stdout.write(f"{number}: {WORDS[Action(action)]} ({target})")
        self.stdout.write(self.style.SUCCESS(f"{summary}."))

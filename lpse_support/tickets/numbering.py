"""Ticket numbers (R-NUM): ``T`` + reporter-category letter + application letter + ``YYMMDD``
(Asia/Jakarta) + a 4-digit sequence per prefix and day, growing to 5+ digits past 9999.

The counter row is incremented with one ``UPDATE … SET last_value = last_value + 1``: on
PostgreSQL that statement takes the row lock, so concurrent creators queue on it and each reads
its own value; the lock is held until the ticket's transaction commits, so a rolled-back ticket
also rolls back its increment and the sequence stays gap-free. On SQLite the IMMEDIATE
transaction already serialises writers. Must run inside ``transaction.atomic()``.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from lpse_support.tickets.models import TicketNumberCounter

NUMBER_ZONE = ZoneInfo("Asia/Jakarta")


def number_prefix(category_letter: str, application_letter: str) -> str:
    return f"T{category_letter}{application_letter}"


def local_day(moment: datetime | None = None) -> date:
    return (moment or timezone.now()).astimezone(NUMBER_ZONE).date()


def format_number(prefix: str, day: date, sequence: int) -> str:
    return f"{prefix}{day:%y%m%d}{sequence:04d}"


def next_ticket_number(
    *, category_letter: str, application_letter: str, moment: datetime | None = None
) -> str:
    """Reserve the next number for this prefix and day (inside the caller's transaction)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_ticket_number must run inside transaction.atomic().")
    prefix = number_prefix(category_letter, application_letter)
    day = local_day(moment)
    counters = TicketNumberCounter.objects.filter(prefix=prefix, day=day)
    if not counters.update(last_value=F("last_value") + 1):
        # First ticket of the day for this prefix: create the row, tolerating a concurrent
        # creator, then increment like everyone else.
        TicketNumberCounter.objects.bulk_create(
            [TicketNumberCounter(prefix=prefix, day=day, last_value=0)], ignore_conflicts=True
        )
        counters.update(last_value=F("last_value") + 1)
    sequence = counters.values_list("last_value", flat=True).get()
    return format_number(prefix, day, sequence)

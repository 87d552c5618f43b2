"""Ticket counts per status, application, category, priority, LPSE and day.

Each function takes the scoped tickets (``tickets_visible_to(user)``) and the period, runs one
GROUP BY query over the tickets filed in the period, and returns plain rows (tuples).
"""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate

from lpse_support.reports.period import WIB, Period, created_in
from lpse_support.tickets.models import Ticket
from lpse_support.tickets.workflow import Status

Row = tuple[object, ...]
NO_LPSE = "Tanpa LPSE"


def count_by_status(tickets: QuerySet[Ticket], period: Period) -> list[Row]:
    """(status label, count) for every status, in workflow order, zeros included."""
    found = dict(
        created_in(tickets, period)
        .order_by()
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return [(str(status.label), found.get(status.value, 0)) for status in Status]


def count_by_application(tickets: QuerySet[Ticket], period: Period) -> list[Row]:
    """(application, count), most tickets first."""
    rows = (
        created_in(tickets, period)
        .order_by()
        .values("application__name")
        .annotate(n=Count("id"))
        .order_by("-n", "application__name")
        .values_list("application__name", "n")
    )
    return [tuple(row) for row in rows]


def count_by_category(tickets: QuerySet[Ticket], period: Period) -> list[Row]:
    """(application, category, count), most tickets first."""
    rows = (
        created_in(tickets, period)
        .order_by()
        .values("application__name", "category__name")
        .annotate(n=Count("id"))
        .order_by("-n", "application__name", "category__name")
        .values_list("application__name", "category__name", "n")
    )
    return [tuple(row) for row in rows]


def count_by_priority(tickets: QuerySet[Ticket], period: Period) -> list[Row]:
    """(priority, count), most urgent first; only priorities that occur."""
    rows = (
        created_in(tickets, period)
        .order_by()
        .values("priority__rank", "priority__name")
        .annotate(n=Count("id"))
        .order_by("priority__rank")
        .values_list("priority__name", "n")
    )
    return [tuple(row) for row in rows]


def count_by_lpse(tickets: QuerySet[Ticket], period: Period) -> list[Row]:
    """(reporter's LPSE at filing time, count), most tickets first; reporters without an LPSE
    (LKPP staff, national vendors) are counted under "Tanpa LPSE"."""
    rows = (
        created_in(tickets, period)
        .order_by()
        .values("reporter_lpse__name")
        .annotate(n=Count("id"))
        .order_by("-n", "reporter_lpse__name")
        .values_list("reporter_lpse__name", "n")
    )
    return [(name or NO_LPSE, n) for name, n in rows]


def count_by_day(tickets: QuerySet[Ticket], period: Period) -> list[Row]:
    """(day in WIB, count) for every day of the period, zeros included (a trend line)."""
    found = dict(
        created_in(tickets, period)
        .order_by()
        .annotate(day=TruncDate("created_at", tzinfo=WIB))
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    return [(day, found.get(day, 0)) for day in period.each_day()]

"""The report period: whole days in WIB, ``dari`` and ``sampai`` inclusive."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils import timezone

from lpse_support.tickets.models import Ticket

WIB = ZoneInfo("Asia/Jakarta")
DEFAULT_DAYS = 30
MAX_DAYS = 366


def today_wib() -> date:
    return timezone.now().astimezone(WIB).date()


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    now: datetime = field(default_factory=timezone.now)

    @classmethod
    def default(cls) -> Period:
        end = today_wib()
        return cls(start=end - timedelta(days=DEFAULT_DAYS - 1), end=end)

    @property
    def start_at(self) -> datetime:
        return datetime.combine(self.start, time.min, tzinfo=WIB)

    @property
    def end_before(self) -> datetime:
        """The first instant after the period (midnight WIB after ``end``)."""
        return datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=WIB)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def each_day(self) -> Iterator[date]:
        for offset in range(self.days):
            yield self.start + timedelta(days=offset)

    def slug(self) -> str:
        return f"{self.start:%Y%m%d}-{self.end:%Y%m%d}"


def created_in(tickets: QuerySet[Ticket], period: Period) -> QuerySet[Ticket]:
    """The tickets filed within the period (``created_at`` is indexed)."""
    return tickets.filter(created_at__gte=period.start_at, created_at__lt=period.end_before)

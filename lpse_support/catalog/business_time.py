"""Business calendar for SLA targets (SPEC R-SLA, DOMAIN.md §5.2 and §7).

A working day is a weekday with a ``WorkingHours`` row that is not a holiday. Holidays are the
``holidays`` package's Indonesian PUBLIC and GOVERNMENT (cuti bersama) days, corrected by
``ExtraHoliday`` rows: ``is_working_day=False`` adds a day off, ``True`` cancels a package holiday.

Everything except :func:`load_calendar` is pure: build a :class:`BusinessCalendar` by hand in
tests. Arithmetic walks day by day (never minute by minute), so spans of months stay cheap.
"""

from __future__ import annotations

import threading
import time as monotonic_clock
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.db.models.signals import post_delete, post_save

from lpse_support.catalog.models import ExtraHoliday, WorkingHours

DEFAULT_TIMEZONE = "Asia/Jakarta"
DEFAULT_CACHE_SECONDS = 300
# A calendar with no working day for this long is misconfigured; stop instead of looping forever.
MAX_IDLE_DAYS = 366 * 2

Hours = Mapping[int, tuple[time, time]]


def _categories() -> tuple[str, ...]:
    # GOVERNMENT (cuti bersama) exists for Indonesia in holidays >= 0.5x; older releases only
    # know PUBLIC, and cuti bersama must then come from ExtraHoliday rows.
    supported = getattr(holidays.Indonesia, "supported_categories", (holidays.PUBLIC,))
    return tuple(
        c for c in (holidays.PUBLIC, getattr(holidays, "GOVERNMENT", "")) if c in supported
    )


@lru_cache(maxsize=64)
def package_holidays(year: int) -> Mapping[date, str]:
    """Indonesian public holidays plus cuti bersama of ``year``, named in Bahasa Indonesia."""
    calendar = holidays.country_holidays("ID", years=year, categories=_categories(), language="id")
    return MappingProxyType(dict(calendar.items()))


@dataclass(frozen=True)
class BusinessCalendar:
    """Working hours per weekday (0 = Monday), holiday corrections and the zone to count in."""

    hours: Hours
    extra_off: Mapping[date, str] = field(default_factory=dict)
    extra_on: frozenset[date] = frozenset()
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo(DEFAULT_TIMEZONE))

    # --- days -------------------------------------------------------------------------------
    def holiday_name(self, day: date) -> str | None:
        """Why ``day`` is a holiday, or None when it is not one (weekends are not holidays)."""
        if day in self.extra_off:
            return self.extra_off[day]
        if day in self.extra_on:
            return None
        return package_holidays(day.year).get(day)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.hours and self.holiday_name(day) is None

    def _window(self, day: date) -> tuple[datetime, datetime] | None:
        """Opening and closing moment of ``day`` in the calendar's zone, None on a day off."""
        if not self.is_working_day(day):
            return None
        opens, closes = self.hours[day.weekday()]
        return (
            datetime.combine(day, opens, tzinfo=self.tz),
            datetime.combine(day, closes, tzinfo=self.tz),
        )

    # --- moments ----------------------------------------------------------------------------
    def _local(self, moment: datetime) -> datetime:
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError("Business time needs aware datetimes (USE_TZ).")
        return moment.astimezone(self.tz)

    def _check_configured(self) -> None:
        if not self.hours:
            raise ValueError("Jam kerja belum diatur: tidak ada hari kerja dalam seminggu.")

    def next_opening(self, moment: datetime) -> datetime:
        """``moment`` itself when inside working hours, else the next opening."""
        self._check_configured()
        local = self._local(moment)
        day = local.date()
        for _ in range(MAX_IDLE_DAYS):
            window = self._window(day)
            if window is not None:
                opens, closes = window
                if local < closes:
                    return max(local, opens)
            day += timedelta(days=1)
        raise ValueError("Tidak ada hari kerja dalam dua tahun: periksa jam kerja dan hari libur.")

    def add_business_minutes(self, start: datetime, minutes: int) -> datetime:
        """The moment ``minutes`` working minutes after ``start`` (snapped to the next opening).

        A target that lands exactly on closing time stays there (Mon 15:00 + 60 = Mon 16:00).
        """
        if minutes < 0:
            raise ValueError("minutes must not be negative")
        cursor = self.next_opening(start)
        remaining = timedelta(minutes=minutes)
        idle_days = 0
        while True:
            window = self._window(cursor.date())
            if window is None:
                idle_days += 1
                if idle_days > MAX_IDLE_DAYS:
                    raise ValueError("Tidak ada hari kerja dalam dua tahun.")
            else:
                idle_days = 0
                opens, closes = window
                begin = max(cursor, opens)
                if begin < closes:
                    available = closes - begin
                    if remaining <= available:
                        return begin + remaining
                    remaining -= available
            next_day = cursor.date() + timedelta(days=1)
            cursor = datetime.combine(next_day, time.min, tzinfo=self.tz)

    def business_minutes_between(self, start: datetime, end: datetime) -> int:
        """Whole working minutes in ``[start, end)``; 0 when ``end <= start``."""
        local_start, local_end = self._local(start), self._local(end)
        if local_end <= local_start:
            return 0
        total = timedelta()
        day = local_start.date()
        last = local_end.date()
        while day <= last:
            window = self._window(day)
            if window is not None:
                begin = max(window[0], local_start)
                finish = min(window[1], local_end)
                if finish > begin:
                    total += finish - begin
            day += timedelta(days=1)
        return int(total.total_seconds() // 60)


# --- loading from the database, with a small per-process cache ---------------------------------
_cache: dict[str, tuple[float, BusinessCalendar]] = {}
_cache_lock = threading.Lock()


def _cache_seconds() -> float:
    config: Mapping[str, Any] = getattr(settings, "LPSE_SUPPORT", {})
    return float(config.get("CALENDAR_CACHE_SECONDS", DEFAULT_CACHE_SECONDS))


def build_calendar(tz: str = DEFAULT_TIMEZONE) -> BusinessCalendar:
    """Read ``WorkingHours`` and ``ExtraHoliday`` (two queries) into a calendar."""
    hours = {row.weekday: (row.start, row.end) for row in WorkingHours.objects.all()}
    extra_off: dict[date, str] = {}
    extra_on: set[date] = set()
    for holiday in ExtraHoliday.objects.all():
        if holiday.is_working_day:
            extra_on.add(holiday.date)
        else:
            extra_off[holiday.date] = holiday.name
    return BusinessCalendar(
        hours=hours, extra_off=extra_off, extra_on=frozenset(extra_on), tz=ZoneInfo(tz)
    )


def load_calendar(tz: str = DEFAULT_TIMEZONE) -> BusinessCalendar:
    """The calendar for zone ``tz``, cached for ``LPSE_SUPPORT["CALENDAR_CACHE_SECONDS"]``.

    Saving or deleting a row clears this process's cache at once; other processes pick the
    change up when their cache expires.
    """
    ttl = _cache_seconds()
    now = monotonic_clock.monotonic()
    with _cache_lock:
        cached = _cache.get(tz)
    if cached is not None and now - cached[0] < ttl:
        return cached[1]
    calendar = build_calendar(tz)
    if ttl > 0:
        with _cache_lock:
            _cache[tz] = (now, calendar)
    return calendar


def invalidate_calendar(**_: object) -> None:
    """Forget cached calendars (signal receiver; also for tests that roll data back)."""
    with _cache_lock:
        _cache.clear()


for _model in (WorkingHours, ExtraHoliday):
    post_save.connect(invalidate_calendar, sender=_model, dispatch_uid=f"calendar-save-{_model}")
    post_delete.connect(
        invalidate_calendar, sender=_model, dispatch_uid=f"calendar-delete-{_model}"
    )

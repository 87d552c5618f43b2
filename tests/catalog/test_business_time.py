"""Business calendar (R-SLA): Mon–Fri 08:00–16:00 WIB, Indonesian holidays off, corrections from
ExtraHoliday. In 2026, 6 July is a Monday with no holiday that week; 17 August is a Monday."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from pytest_django import DjangoAssertNumQueries, Settings

from lpse_support.catalog.business_time import BusinessCalendar, load_calendar
from lpse_support.catalog.models import WorkingHours
from tests.support.admin_factories import ExtraHolidayFactory, WorkingHoursFactory

WIB = ZoneInfo("Asia/Jakarta")
STANDARD = {weekday: (time(8), time(16)) for weekday in range(5)}
CALENDAR = BusinessCalendar(hours=STANDARD)


def wib(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=WIB)


@pytest.fixture
def office_hours() -> None:
    for weekday in range(5):
        WorkingHoursFactory.create(weekday=weekday)


# --- adding business minutes ---------------------------------------------------------------------


def test_overflow_to_next_morning() -> None:
    assert CALENDAR.add_business_minutes(wib(2026, 7, 6, 15, 30), 60) == wib(2026, 7, 7, 8, 30)


def test_weekend_is_skipped() -> None:
    assert CALENDAR.add_business_minutes(wib(2026, 7, 10, 15), 120) == wib(2026, 7, 13, 9)


def test_landing_on_closing_time_stays_on_that_day() -> None:
    assert CALENDAR.add_business_minutes(wib(2026, 7, 6, 15), 60) == wib(2026, 7, 6, 16)


def test_independence_day_is_skipped() -> None:
    assert not CALENDAR.is_working_day(date(2026, 8, 17))
    assert CALENDAR.holiday_name(date(2026, 8, 17)) == "Hari Kemerdekaan Republik Indonesia"
    assert CALENDAR.add_business_minutes(wib(2026, 8, 14, 15), 120) == wib(2026, 8, 18, 9)


def test_cuti_bersama_from_the_government_category_is_off() -> None:
    assert not CALENDAR.is_working_day(date(2026, 12, 24))
    assert "Cuti Bersama" in (CALENDAR.holiday_name(date(2026, 12, 24)) or "")


@pytest.mark.parametrize(
    "start",
    [wib(2026, 7, 11, 10), wib(2026, 7, 12, 23, 59), wib(2026, 7, 10, 16), wib(2026, 7, 13, 6)],
)
def test_start_outside_hours_snaps_to_the_next_opening(start: datetime) -> None:
    assert CALENDAR.add_business_minutes(start, 0) == wib(2026, 7, 13, 8)
    assert CALENDAR.add_business_minutes(start, 30) == wib(2026, 7, 13, 8, 30)


def test_utc_input_gives_an_aware_result() -> None:
    start = datetime(2026, 7, 6, 8, 30, tzinfo=UTC)  # 15:30 WIB
    result = CALENDAR.add_business_minutes(start, 60)
    assert result.utcoffset() == timedelta(hours=7)
    assert result == datetime(2026, 7, 7, 1, 30, tzinfo=UTC)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        CALENDAR.add_business_minutes(datetime(2026, 7, 6, 9), 10)
    with pytest.raises(ValueError):
        CALENDAR.add_business_minutes(wib(2026, 7, 6, 9), -1)


def test_own_timezone_per_lpse() -> None:
    wita = BusinessCalendar(hours=STANDARD, tz=ZoneInfo("Asia/Makassar"))
    # 07:30 WIB is 08:30 WITA: already open in Makassar.
    assert wita.add_business_minutes(wib(2026, 7, 6, 7, 30), 30) == wib(2026, 7, 6, 8)


def test_a_long_span_is_computed_by_days() -> None:
    start = wib(2026, 1, 2, 8)
    target = CALENDAR.add_business_minutes(start, 480 * 200)
    assert CALENDAR.business_minutes_between(start, target) == 480 * 200
    assert target.year == 2026 and target.month in (10, 11)


def test_calendar_without_working_hours_is_an_error() -> None:
    with pytest.raises(ValueError, match="Jam kerja"):
        BusinessCalendar(hours={}).add_business_minutes(wib(2026, 7, 6, 9), 10)


# --- counting business minutes -------------------------------------------------------------------


def test_between_is_zero_when_end_is_not_after_start() -> None:
    assert CALENDAR.business_minutes_between(wib(2026, 7, 7, 9), wib(2026, 7, 6, 9)) == 0
    assert CALENDAR.business_minutes_between(wib(2026, 7, 7, 9), wib(2026, 7, 7, 9)) == 0


def test_between_counts_only_open_hours() -> None:
    assert CALENDAR.business_minutes_between(wib(2026, 7, 6, 0), wib(2026, 7, 13, 0)) == 5 * 480
    assert CALENDAR.business_minutes_between(wib(2026, 7, 10, 15), wib(2026, 7, 13, 9)) == 120
    assert CALENDAR.business_minutes_between(wib(2026, 8, 14, 15), wib(2026, 8, 18, 9)) == 120


def test_a_year_matches_a_count_of_working_days() -> None:
    days = [date(2026, 1, 1) + timedelta(days=n) for n in range(365)]
    working = sum(1 for day in days if CALENDAR.is_working_day(day))
    assert 230 < working < 250
    total = CALENDAR.business_minutes_between(wib(2026, 1, 1, 0), wib(2027, 1, 1, 0))
    assert total == working * 480


@hypothesis_settings(max_examples=300, deadline=None)
@given(
    start=st.datetimes(
        min_value=datetime(2026, 1, 1),
        max_value=datetime(2027, 12, 31, 23, 59),
        timezones=st.just(WIB),
    ),
    minutes=st.integers(min_value=0, max_value=20_000),
)
def test_between_is_the_inverse_of_add(start: datetime, minutes: int) -> None:
    snapped = CALENDAR.next_opening(start)
    assert CALENDAR.add_business_minutes(start, 0) == snapped
    end = CALENDAR.add_business_minutes(snapped, minutes)
    assert end == CALENDAR.add_business_minutes(start, minutes)
    assert CALENDAR.business_minutes_between(snapped, end) == minutes
    assert CALENDAR.business_minutes_between(start, end) == minutes


# --- loading from the database -------------------------------------------------------------------


@pytest.mark.django_db
def test_extra_day_off_is_skipped(office_hours: None) -> None:
    ExtraHolidayFactory.create(date=date(2026, 7, 8), name="Libur daerah", is_working_day=False)
    calendar = load_calendar()
    assert calendar.holiday_name(date(2026, 7, 8)) == "Libur daerah"
    assert calendar.add_business_minutes(wib(2026, 7, 7, 15), 120) == wib(2026, 7, 9, 9)


@pytest.mark.django_db
def test_extra_working_day_cancels_a_package_holiday(office_hours: None) -> None:
    ExtraHolidayFactory.create(date=date(2026, 8, 17), name="Tetap masuk", is_working_day=True)
    calendar = load_calendar()
    assert calendar.is_working_day(date(2026, 8, 17))
    assert calendar.add_business_minutes(wib(2026, 8, 14, 15), 120) == wib(2026, 8, 17, 9)


@pytest.mark.django_db
def test_weekday_without_row_is_off_and_hours_come_from_rows() -> None:
    WorkingHoursFactory.create(weekday=0, start=time(9), end=time(12))
    WorkingHoursFactory.create(weekday=5, start=time(8), end=time(10))  # Saturday service
    calendar = load_calendar()
    assert not calendar.is_working_day(date(2026, 7, 7))  # Tuesday: no row
    assert calendar.is_working_day(date(2026, 7, 11))
    assert calendar.add_business_minutes(wib(2026, 7, 6, 11), 90) == wib(2026, 7, 11, 8, 30)


@pytest.mark.django_db
def test_loader_reads_once_and_notices_changes(
    office_hours: None, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(2):
        first = load_calendar()
    with django_assert_num_queries(0):
        assert load_calendar() is first
    WorkingHours.objects.filter(weekday=0).delete()
    assert not load_calendar().is_working_day(date(2026, 7, 6))
    ExtraHolidayFactory.create(date=date(2026, 7, 7), is_working_day=False)
    assert not load_calendar().is_working_day(date(2026, 7, 7))


@pytest.mark.django_db
def test_cache_can_be_disabled(office_hours: None, settings: Settings) -> None:
    settings.LPSE_SUPPORT = {"CALENDAR_CACHE_SECONDS": 0}
    assert load_calendar() is not load_calendar()

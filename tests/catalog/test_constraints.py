"""Database constraints of the catalog: letters, the single default ticket type, star ranges,
working hours and SLA targets. Each violation fails in the database and, through
``full_clean``, as a ValidationError carrying the Indonesian message the admin shows."""

from __future__ import annotations

from datetime import time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from lpse_support.catalog.models import (
    Application,
    PriorityLevel,
    RatingChip,
    RatingQuestion,
    TicketType,
    WorkingHours,
)
from tests.support.admin_factories import RatingChipFactory, WorkingHoursFactory
from tests.support.factories import ApplicationFactory, DirectorateFactory, TicketTypeFactory

pytestmark = pytest.mark.django_db

BAD_STAR_RANGES = [(0, 3), (1, 6), (4, 3), (0, 0), (6, 6)]


def test_application_letter_is_unique() -> None:
    ApplicationFactory.create(letter="S")
    with transaction.atomic(), pytest.raises(IntegrityError):
        ApplicationFactory.create(letter="S")


@pytest.mark.parametrize("letter", ["s", "7", "?"])
def test_application_letter_must_be_one_uppercase_letter(letter: str) -> None:
    with transaction.atomic(), pytest.raises(IntegrityError):
        ApplicationFactory.create(letter=letter)


def test_application_letter_message_in_full_clean() -> None:
    app = Application(
        code="sirup", name="SiRUP", letter="r", directorate=DirectorateFactory.create()
    )
    with pytest.raises(ValidationError) as raised:
        app.full_clean()
    assert "Huruf harus satu huruf kapital A–Z." in str(raised.value)


# --- ticket types --------------------------------------------------------------------------------


def test_only_one_default_ticket_type() -> None:
    TicketTypeFactory.create(name="Tiket Umum", is_default=True)
    with transaction.atomic(), pytest.raises(IntegrityError):
        TicketTypeFactory.create(name="Usulan", is_default=True)


def test_many_non_default_ticket_types_are_fine() -> None:
    TicketTypeFactory.create(name="Tiket Umum", is_default=True)
    TicketTypeFactory.create(name="Usulan")
    TicketTypeFactory.create(name="Permintaan Layanan")
    assert TicketType.objects.filter(is_default=False).count() == 2


def test_second_default_message_in_full_clean() -> None:
    TicketTypeFactory.create(name="Tiket Umum", is_default=True)
    with pytest.raises(ValidationError) as raised:
        TicketType(name="Usulan", is_default=True).full_clean()
    assert "Hanya satu jenis tiket yang boleh menjadi bawaan." in str(raised.value)


def test_moving_the_default_is_possible() -> None:
    old = TicketTypeFactory.create(name="Tiket Umum", is_default=True)
    new = TicketTypeFactory.create(name="Usulan")
    with transaction.atomic():
        TicketType.objects.filter(pk=old.pk).update(is_default=False)
        TicketType.objects.filter(pk=new.pk).update(is_default=True)
    assert TicketType.objects.get(is_default=True) == new


# --- ratings -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("low", "high"), BAD_STAR_RANGES)
def test_rating_chip_star_range(low: int, high: int) -> None:
    with transaction.atomic(), pytest.raises(IntegrityError):
        RatingChip.objects.create(label="Kecepatan penanganan", min_stars=low, max_stars=high)


@pytest.mark.parametrize(("low", "high"), BAD_STAR_RANGES)
def test_rating_question_star_range(low: int, high: int) -> None:
    with transaction.atomic(), pytest.raises(IntegrityError):
        RatingQuestion.objects.create(text="Apa yang menurutmu oke?", min_stars=low, max_stars=high)


@pytest.mark.parametrize(("low", "high"), [(1, 3), (4, 5), (5, 5), (1, 5)])
def test_valid_star_ranges(low: int, high: int) -> None:
    chip = RatingChipFactory.create(min_stars=low, max_stars=high)
    chip.full_clean()
    RatingQuestion.objects.create(text="Pertanyaan", min_stars=low, max_stars=high).full_clean()


def test_star_range_message_in_full_clean() -> None:
    with pytest.raises(ValidationError) as raised:
        RatingChip(label="Ramah", min_stars=4, max_stars=2).full_clean()
    assert "Rentang bintang harus di antara 1 dan 5" in str(raised.value)


# --- working hours and SLA targets ---------------------------------------------------------------


@pytest.mark.parametrize(("start", "end"), [(time(16), time(8)), (time(8), time(8))])
def test_working_hours_end_after_start(start: time, end: time) -> None:
    with transaction.atomic(), pytest.raises(IntegrityError):
        WorkingHours.objects.create(weekday=0, start=start, end=end)


def test_working_hours_one_row_per_weekday() -> None:
    WorkingHoursFactory.create(weekday=4)
    with transaction.atomic(), pytest.raises(IntegrityError):
        WorkingHours.objects.create(weekday=4, start=time(8), end=time(12))


def test_working_hours_message_in_full_clean() -> None:
    with pytest.raises(ValidationError) as raised:
        WorkingHours(weekday=1, start=time(16), end=time(8)).full_clean()
    assert "Jam selesai harus setelah jam mulai." in str(raised.value)


def _priority(response: int, resolution: int) -> PriorityLevel:
    return PriorityLevel(
        code="major", name="Major", rank=2, response_minutes=response, resolution_minutes=resolution
    )


def test_priority_resolution_not_before_response() -> None:
    with transaction.atomic(), pytest.raises(IntegrityError):
        _priority(120, 60).save()
    _priority(120, 120).save()


def test_priority_message_in_full_clean() -> None:
    with pytest.raises(ValidationError) as raised:
        _priority(480, 240).full_clean()
    assert "Target penyelesaian tidak boleh lebih cepat" in str(raised.value)

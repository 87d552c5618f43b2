"""Database constraints of the tender mirror (kept here beside the other constraint tests)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone

from tests.support.admin_factories import TenderFactory, TenderStageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["12345", "1234567890123", "12345a", "abcdef", " 123456"])
def test_tender_code_is_6_to_12_digits(code: str) -> None:
    # PostgreSQL refuses 13 characters as varchar(12) overflow before the check runs.
    with transaction.atomic(), pytest.raises((IntegrityError, DataError)):
        TenderFactory.create(code=code)


@pytest.mark.parametrize("code", ["123456", "10145001000", "123456789012"])
def test_valid_tender_codes(code: str) -> None:
    TenderFactory.create(code=code)


def test_hps_within_pagu() -> None:
    with transaction.atomic(), pytest.raises(IntegrityError):
        TenderFactory.create(hps=Decimal("2000000001"), pagu=Decimal("2000000000"))
    TenderFactory.create(hps=Decimal("2000000000"), pagu=Decimal("2000000000"))


def test_amounts_are_not_negative() -> None:
    with transaction.atomic(), pytest.raises(IntegrityError):
        TenderFactory.create(hps=Decimal("-1"), pagu=Decimal("10"))


def test_hps_message_in_full_clean() -> None:
    tender = TenderFactory.build(hps=Decimal("5"), pagu=Decimal("4"))
    with pytest.raises(ValidationError) as raised:
        tender.full_clean()
    assert "HPS tidak boleh melebihi pagu." in str(raised.value)


@pytest.mark.parametrize("length", [timedelta(0), timedelta(hours=-1)])
def test_stage_end_after_start(length: timedelta) -> None:
    start = timezone.now()
    tender = TenderFactory.create()
    with transaction.atomic(), pytest.raises(IntegrityError):
        TenderStageFactory.create(tender=tender, start=start, end=start + length)


def test_stage_order_is_unique_per_tender() -> None:
    stage = TenderStageFactory.create()
    with transaction.atomic(), pytest.raises(IntegrityError):
        TenderStageFactory.create(tender=stage.tender, order=stage.order)

"""Ticket numbers (R-NUM): pattern, per-prefix-per-day sequence, rollback, and real concurrency."""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime

import pytest
from django.db import connection, transaction

from lpse_support.tickets.models import TicketNumberCounter
from lpse_support.tickets.numbering import format_number, local_day, next_ticket_number

NUMBER_RE = re.compile(r"^T[A-Z]{2}\d{6}\d{4,}$")
# 2020-06-29 18:30 UTC is already 30 June 01:30 in Jakarta: the number takes the WIB date.
LATE_UTC = datetime(2020, 6, 29, 18, 30, tzinfo=UTC)


def _next(category: str = "P", application: str = "S", moment: datetime = LATE_UTC) -> str:
    with transaction.atomic():
        return next_ticket_number(
            category_letter=category, application_letter=application, moment=moment
        )


@pytest.mark.django_db
def test_number_pattern_uses_letters_and_jakarta_date() -> None:
    number = _next()
    assert number == "TPS2006300001"
    assert NUMBER_RE.match(number)
    assert local_day(LATE_UTC).isoformat() == "2020-06-30"


@pytest.mark.django_db
def test_sequence_is_per_prefix_and_per_day() -> None:
    assert [_next() for _ in range(3)] == ["TPS2006300001", "TPS2006300002", "TPS2006300003"]
    assert _next(category="A") == "TAS2006300001"
    assert _next(moment=datetime(2020, 7, 1, 3, 0, tzinfo=UTC)) == "TPS2007010001"
    assert _next() == "TPS2006300004"


@pytest.mark.django_db
def test_sequence_grows_to_five_digits_after_9999() -> None:
    _next()
    TicketNumberCounter.objects.filter(prefix="TPS").update(last_value=9999)
    number = _next()
    assert number == "TPS20063010000"
    assert NUMBER_RE.match(number)


def test_format_number_pads_to_four_digits() -> None:
    assert format_number("THS", local_day(LATE_UTC), 40) == "THS2006300040"


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_is_refused() -> None:
    with pytest.raises(RuntimeError):
        next_ticket_number(category_letter="P", application_letter="S", moment=LATE_UTC)


@pytest.mark.django_db
def test_rolled_back_creation_does_not_consume_the_number() -> None:
    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        assert next_ticket_number(
            category_letter="P", application_letter="S", moment=LATE_UTC
        ).endswith("0001")
        raise Boom
    assert _next() == "TPS2006300001"


@pytest.mark.needs_file_db
@pytest.mark.django_db(transaction=True)
def test_parallel_connections_get_unique_gap_free_numbers() -> None:
    """Eight threads, each with its own database connection, reserve numbers at the same time."""
    workers, per_worker = 8, 5
    barrier = threading.Barrier(workers)
    numbers: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work() -> None:
        try:
            barrier.wait(timeout=30)
            for _ in range(per_worker):
                number = _next()
                with lock:
                    numbers.append(number)
        except BaseException as exc:  # reported below; a thread must not die silently
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    expected = [f"TPS200630{n:04d}" for n in range(1, workers * per_worker + 1)]
    assert sorted(numbers) == expected

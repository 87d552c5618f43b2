"""HttpWarehouseConnector against a fake warehouse on 127.0.0.1: not found, the answer cache and
the circuit breaker."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from lpse_support.tenders.connectors import TenderServiceUnavailable
from lpse_support.tenders.connectors.breaker import CircuitBreaker, warehouse_breaker
from lpse_support.tenders.connectors.http import MSG_CIRCUIT_OPEN, HttpWarehouseConnector
from tests.tenders.http_fake_warehouse import (  # noqa: F401 — the *_fixture names are for pytest
    CODE,
    NOW,
    Reply,
    Warehouse,
    clean_state_fixture,
    configure_fixture,
    connector_fixture,
    sleeps_fixture,
    tender_json,
    warehouse_fixture,
)

# --- not found, cache -----------------------------------------------------------------------


def test_404_is_none_and_is_cached_briefly(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector
) -> None:
    warehouse.always(Reply(404, {"detail": "not found"}))

    assert connector.get("99999999") is None
    assert connector.get("99999999") is None
    assert len(warehouse.requests) == 1


def test_code_that_is_not_digits_is_none_without_request(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector
) -> None:
    assert connector.get("../admin") is None
    assert connector.get("12345") is None
    assert warehouse.requests == []


def test_cache_hit_makes_no_second_request(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector
) -> None:
    warehouse.always(Reply(200, tender_json()))
    first = connector.get(CODE)
    second = HttpWarehouseConnector(now=lambda: NOW).get(f" {CODE} ")
    assert first == second
    assert len(warehouse.requests) == 1

    warehouse.always(Reply(200, {"data": [tender_json()]}))
    connector.search("jalan")
    connector.search("jalan")
    assert len(warehouse.requests) == 2
    connector.search("jembatan")
    assert len(warehouse.requests) == 3


def test_cache_disabled_by_zero_seconds(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector
) -> None:
    configure(TENDER_API_CACHE_SECONDS=0)
    warehouse.always(Reply(200, tender_json()))
    connector.get(CODE)
    connector.get(CODE)
    assert len(warehouse.requests) == 2


def test_failures_are_not_cached(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector
) -> None:
    configure(TENDER_API_RETRIES=0)
    warehouse.sequence(Reply(500), Reply(200, tender_json()))
    with pytest.raises(TenderServiceUnavailable):
        connector.get(CODE)

    assert connector.get(CODE) is not None
    assert len(warehouse.requests) == 2


# --- circuit breaker ------------------------------------------------------------------------


def test_breaker_opens_after_consecutive_failures_and_fails_fast(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector
) -> None:
    configure(TENDER_API_RETRIES=1, TENDER_API_BREAKER_FAILURES=3, TENDER_API_BREAKER_SECONDS=60)
    warehouse.always(Reply(500))

    for _ in range(3):
        with pytest.raises(TenderServiceUnavailable):
            connector.get(CODE)
    assert len(warehouse.requests) == 6  # 3 calls × 2 attempts

    # Another connector instance (another request) shares the process-wide breaker.
    with pytest.raises(TenderServiceUnavailable) as caught:
        HttpWarehouseConnector().search("jalan")
    assert caught.value.message == MSG_CIRCUIT_OPEN
    assert len(warehouse.requests) == 6
    assert warehouse_breaker.state(open_seconds=60) == "open"


def test_success_resets_the_failure_count(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector
) -> None:
    configure(TENDER_API_RETRIES=0, TENDER_API_BREAKER_FAILURES=2, TENDER_API_CACHE_SECONDS=0)
    warehouse.sequence(Reply(500), Reply(200, tender_json()), Reply(500))
    with pytest.raises(TenderServiceUnavailable):
        connector.get(CODE)
    connector.get(CODE)
    with pytest.raises(TenderServiceUnavailable):
        connector.get(CODE)
    assert warehouse_breaker.state(open_seconds=60) == "closed"


def test_breaker_half_opens_after_period_with_injected_clock(
    configure: Any, warehouse: Warehouse
) -> None:
    configure(TENDER_API_RETRIES=0, TENDER_API_BREAKER_FAILURES=2, TENDER_API_BREAKER_SECONDS=30)
    clock = [1000.0]
    breaker = CircuitBreaker(clock=lambda: clock[0])
    connector = HttpWarehouseConnector(breaker=breaker, now=lambda: NOW, sleep=lambda _: None)
    warehouse.always(Reply(502))
    for _ in range(2):
        with pytest.raises(TenderServiceUnavailable):
            connector.get(CODE)
    assert breaker.state(open_seconds=30) == "open"

    clock[0] += 29
    with pytest.raises(TenderServiceUnavailable) as caught:
        connector.get(CODE)
    assert caught.value.message == MSG_CIRCUIT_OPEN
    assert len(warehouse.requests) == 2

    # Half-open: the trial fails → open again for a full period, one request only.
    clock[0] += 2
    with pytest.raises(TenderServiceUnavailable) as caught:
        connector.get(CODE)
    assert caught.value.message != MSG_CIRCUIT_OPEN
    assert len(warehouse.requests) == 3
    assert breaker.state(open_seconds=30) == "open"

    # Next period: the trial succeeds → closed.
    clock[0] += 31
    warehouse.always(Reply(200, tender_json()))
    assert connector.get(CODE) is not None
    assert breaker.state(open_seconds=30) == "closed"
    assert breaker.consecutive_failures == 0


def test_breaker_closes_after_real_short_open_period(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector
) -> None:
    configure(TENDER_API_RETRIES=0, TENDER_API_BREAKER_FAILURES=1, TENDER_API_BREAKER_SECONDS=0.2)
    warehouse.always(Reply(500))
    with pytest.raises(TenderServiceUnavailable):
        connector.get(CODE)
    with pytest.raises(TenderServiceUnavailable) as caught:
        connector.get(CODE)
    assert caught.value.message == MSG_CIRCUIT_OPEN

    time.sleep(0.25)
    warehouse.always(Reply(200, tender_json()))
    assert connector.get(CODE) is not None
    assert warehouse_breaker.state(open_seconds=0.2) == "closed"
    assert len(warehouse.requests) == 2


def test_half_open_lets_exactly_one_trial_through() -> None:
    clock = [0.0]
    breaker = CircuitBreaker(clock=lambda: clock[0])
    breaker.record_failure(failure_threshold=1)
    clock[0] = 10.0
    answers = []
    barrier = threading.Barrier(8)

    def ask() -> None:
        barrier.wait()
        answers.append(breaker.allow(open_seconds=5))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(answers) == [False] * 7 + [True]
    assert breaker.state(open_seconds=5) == "half_open"


def test_not_found_counts_as_success_for_the_breaker(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector
) -> None:
    configure(TENDER_API_RETRIES=0, TENDER_API_BREAKER_FAILURES=2)
    warehouse.sequence(Reply(500), Reply(404), Reply(500))
    with pytest.raises(TenderServiceUnavailable):
        connector.get("11111111")
    assert connector.get("22222222") is None
    with pytest.raises(TenderServiceUnavailable):
        connector.get("33333333")
    assert warehouse_breaker.state(open_seconds=60) == "closed"

"""HttpWarehouseConnector against a fake warehouse on 127.0.0.1: retries with backoff, timeouts,
a refused port, 4xx answers and a missing or malformed URL."""

from __future__ import annotations

import time
from typing import Any

import pytest

from lpse_support.tenders.connectors import TenderServiceUnavailable
from lpse_support.tenders.connectors.http import (
    MSG_NOT_CONFIGURED,
    MSG_TIMEOUT,
    MSG_UNAUTHORIZED,
    MSG_UNREACHABLE,
    HttpWarehouseConnector,
)
from tests.tenders.http_fake_warehouse import (  # noqa: F401 — the *_fixture names are for pytest
    CODE,
    Reply,
    Warehouse,
    clean_state_fixture,
    closed_port,
    configure_fixture,
    connector_fixture,
    sleeps_fixture,
    tender_json,
    warehouse_fixture,
)

# --- retries and timeouts -------------------------------------------------------------------


def test_500_then_success_is_retried_with_backoff(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector, sleeps: list[float]
) -> None:
    warehouse.sequence(Reply(500), Reply(503), Reply(200, tender_json()))

    tender = connector.get(CODE)

    assert tender is not None
    assert len(warehouse.requests) == 3
    assert sleeps == [0.2, 0.4]


def test_always_500_raises_after_all_attempts(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector
) -> None:
    configure(TENDER_API_RETRIES=3)
    warehouse.always(Reply(500, "kesalahan server"))

    with pytest.raises(TenderServiceUnavailable) as caught:
        connector.get(CODE)

    assert caught.value.message == "Data warehouse sedang bermasalah (HTTP 500)."
    assert len(warehouse.requests) == 4


def test_slow_answer_times_out(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector
) -> None:
    configure(TENDER_API_TIMEOUT=0.2, TENDER_API_RETRIES=1)
    warehouse.always(Reply(200, tender_json(), delay=1.0))

    started = time.monotonic()
    with pytest.raises(TenderServiceUnavailable) as caught:
        connector.get(CODE)

    assert caught.value.message == MSG_TIMEOUT
    assert len(warehouse.requests) == 2
    assert time.monotonic() - started < 0.9


def test_connection_refused(configure: Any, connector: HttpWarehouseConnector) -> None:
    configure(TENDER_API_URL=f"http://127.0.0.1:{closed_port()}")

    with pytest.raises(TenderServiceUnavailable) as caught:
        connector.search("jalan")

    assert caught.value.message == MSG_UNREACHABLE


def test_client_errors_are_not_retried(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector
) -> None:
    warehouse.always(Reply(401, {"detail": "token"}))
    with pytest.raises(TenderServiceUnavailable) as caught:
        connector.get(CODE)
    assert caught.value.message == MSG_UNAUTHORIZED

    warehouse.always(Reply(400, {"detail": "bad"}))
    with pytest.raises(TenderServiceUnavailable) as caught:
        connector.search("jalan")
    assert caught.value.message == "Data warehouse menolak permintaan (HTTP 400)."
    assert len(warehouse.requests) == 2


def test_missing_url_is_not_configured(settings: Any, connector: HttpWarehouseConnector) -> None:
    settings.LPSE_SUPPORT = {**settings.LPSE_SUPPORT, "TENDER_API_URL": ""}
    with pytest.raises(TenderServiceUnavailable) as caught:
        connector.get(CODE)
    assert caught.value.message == MSG_NOT_CONFIGURED


def test_malformed_url_is_reported_not_raised_by_httpx(
    configure: Any, connector: HttpWarehouseConnector
) -> None:
    configure(TENDER_API_URL="ftp://warehouse.example")
    with pytest.raises(TenderServiceUnavailable) as caught:
        connector.get(CODE)
    assert "TENDER_API_URL" in caught.value.message

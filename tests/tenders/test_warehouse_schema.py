"""The warehouse's answers through the pydantic models (issue 12, item 8): what a bad answer is
told as, what is accepted, and the retries tenacity makes, with the breaker counting calls."""

from __future__ import annotations

from datetime import timedelta, timezone
from typing import Any

import pytest

from lpse_support.tenders.connectors import TenderServiceUnavailable
from lpse_support.tenders.connectors.breaker import warehouse_breaker
from lpse_support.tenders.connectors.http import HttpWarehouseConnector
from lpse_support.tenders.connectors.warehouse_schema import (
    InvalidWarehouseData,
    WarehouseTender,
    parse_tender,
    search_items,
)
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


def test_the_error_names_every_field_at_fault() -> None:
    with pytest.raises(InvalidWarehouseData) as caught:
        parse_tender(tender_json(hps="satu miliar", tahun_anggaran="dua ribu"), now=NOW)
    assert "hps" in str(caught.value) and "tahun_anggaran" in str(caught.value)
    with pytest.raises(InvalidWarehouseData, match=r"jadwal\.0\.tgl_awal"):
        parse_tender(
            tender_json(jadwal=[{"nama_tahapan": "X", "tgl_awal": 5, "tgl_akhir": "x"}]), now=NOW
        )


def test_numbers_as_text_and_unknown_fields() -> None:
    tender = parse_tender(
        tender_json(kd_tender=10005373000, tahun_anggaran="2026", hps=" 12.5 ", extra={"a": 1}),
        now=NOW,
    )
    assert (tender.code, tender.fiscal_year, str(tender.hps)) == (CODE, 2026, "12.50")
    for bad in (True, 10005373000.0, "12345"):
        with pytest.raises(InvalidWarehouseData):
            parse_tender(tender_json(kd_tender=bad), now=NOW)


def test_stage_times_keep_their_offset_as_a_plain_timezone() -> None:
    stage = WarehouseTender.model_validate(tender_json()).jadwal[0]
    assert stage.tgl_awal.tzinfo == timezone(timedelta(hours=7))
    assert type(stage.tgl_awal.tzinfo) is timezone


@pytest.mark.parametrize("payload", [{"results": []}, {"data": "x"}, [], None, "nope"])
def test_search_envelope(payload: Any) -> None:
    with pytest.raises(InvalidWarehouseData, match="search answer"):
        search_items(payload)
    assert search_items({"data": [1, {"a": 2}], "next": None}) == [1, {"a": 2}]


def test_429_and_5xx_are_tried_again_with_back_off_then_reported(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector, sleeps: list[float]
) -> None:
    configure(TENDER_API_RETRIES=3)
    warehouse.sequence(Reply(429), Reply(502), Reply(503), Reply(500, "masih rusak"))

    with pytest.raises(TenderServiceUnavailable) as caught:
        connector.get(CODE)

    assert caught.value.message == "Data warehouse sedang bermasalah (HTTP 500)."
    assert len(warehouse.requests) == 4
    assert sleeps == [0.2, 0.4, 0.8]
    # The retries of one call are one failure for the breaker.
    assert warehouse_breaker.consecutive_failures == 1


def test_retries_off_means_one_attempt(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector, sleeps: list[float]
) -> None:
    configure(TENDER_API_RETRIES=0)
    warehouse.sequence(Reply(503), Reply(200, tender_json()))
    with pytest.raises(TenderServiceUnavailable):
        connector.get(CODE)
    assert len(warehouse.requests) == 1 and sleeps == []

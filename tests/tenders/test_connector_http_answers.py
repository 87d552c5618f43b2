"""HttpWarehouseConnector against a fake warehouse on 127.0.0.1: normal answers, field mapping,
and bad JSON / wrong shapes rejected as invalid data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from lpse_support.tenders.connectors import TenderServiceUnavailable, get_connector
from lpse_support.tenders.connectors.http import MSG_INVALID, HttpWarehouseConnector, parse_tender
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

# --- normal answers -------------------------------------------------------------------------


def test_get_maps_fields_and_picks_the_running_stage(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector
) -> None:
    warehouse.always(Reply(200, tender_json()))

    tender = connector.get(CODE)

    assert tender is not None
    assert tender.code == CODE
    assert tender.name == "Rehabilitasi Jalan Poros Kecamatan"
    assert tender.lpse_name == "LPSE Kota Makassar"
    assert tender.satker == "Dinas Pekerjaan Umum"
    assert tender.fiscal_year == 2026
    assert tender.hps == Decimal("1370200000.00")
    assert tender.pagu == Decimal("1500000000.00")
    assert tender.procurement_category == "Pekerjaan Konstruksi"
    assert tender.method == "Tender"
    assert tender.spse_build == "SPSE v4.5u20240923"
    assert tender.stage_name == "Upload Dokumen Penawaran"
    assert tender.stage_end == datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
    assert warehouse.paths == [f"/api/v1/tenders/{CODE}"]


def test_token_is_sent_as_bearer(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector
) -> None:
    warehouse.always(Reply(200, tender_json()))

    connector.get(CODE)

    assert warehouse.requests[0]["headers"]["Authorization"] == "Bearer rahasia-token"


def test_stage_boundaries_and_no_running_stage(configure: Any, warehouse: Warehouse) -> None:
    warehouse.always(Reply(200, tender_json()))
    at_boundary = HttpWarehouseConnector(now=lambda: datetime(2026, 3, 10, 8, 0, tzinfo=UTC))
    assert (tender := at_boundary.get(CODE)) is not None
    assert tender.stage_name == "Pembukaan Dokumen Penawaran"

    after_all = HttpWarehouseConnector(now=lambda: datetime(2026, 4, 1, tzinfo=UTC))
    assert (tender := after_all.get(CODE)) is not None
    assert (tender.stage_name, tender.stage_start, tender.stage_end) == ("", None, None)


def test_current_stage_is_computed_when_read_not_when_cached(
    configure: Any, warehouse: Warehouse
) -> None:
    warehouse.always(Reply(200, tender_json()))
    moment = [NOW]
    connector = HttpWarehouseConnector(now=lambda: moment[0])
    assert (tender := connector.get(CODE)) is not None
    assert tender.stage_name == "Upload Dokumen Penawaran"

    moment[0] = NOW + timedelta(hours=4)
    assert (tender := connector.get(CODE)) is not None
    assert tender.stage_name == "Pembukaan Dokumen Penawaran"
    assert len(warehouse.requests) == 1


def test_search_sends_query_and_limit_and_maps_results(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector
) -> None:
    warehouse.always(
        Reply(200, {"data": [tender_json(), tender_json("10005374000", nama_paket="Jembatan")]})
    )

    results = connector.search("  jalan ", limit=10)

    assert [tender.code for tender in results] == [CODE, "10005374000"]
    assert warehouse.paths == ["/api/v1/tenders"]
    assert warehouse.requests[0]["query"] == {"q": ["jalan"], "limit": ["10"]}


def test_search_skips_invalid_items_and_truncates_to_limit(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector
) -> None:
    items = [
        tender_json("20000001000"),
        tender_json("bukan-kode"),
        tender_json("20000002000", hps="seratus juta"),
        tender_json("20000003000"),
        tender_json("20000004000"),
    ]
    warehouse.always(Reply(200, {"data": items}))

    results = connector.search("jalan", limit=2)

    assert [tender.code for tender in results] == ["20000001000", "20000003000"]


def test_empty_query_makes_no_request(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector
) -> None:
    assert connector.search("   ") == []
    assert warehouse.requests == []


def test_get_connector_selects_http_by_setting(configure: Any) -> None:
    assert isinstance(get_connector(), HttpWarehouseConnector)


# --- invalid data ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "reply",
    [
        pytest.param(Reply(200, "{not json"), id="bad-json"),
        pytest.param(Reply(200, b"\xff\xfe\x00"), id="not-utf8"),
        pytest.param(Reply(200, ["a", "list"]), id="list-instead-of-object"),
        pytest.param(Reply(200, {"kd_tender": CODE}), id="missing-nama-paket"),
        pytest.param(Reply(200, tender_json(nama_paket=None)), id="null-nama-paket"),
        pytest.param(Reply(200, tender_json(hps="satu miliar")), id="non-numeric-money"),
        pytest.param(Reply(200, tender_json(pagu="1e40")), id="absurd-money"),
        pytest.param(Reply(200, tender_json(pagu=-1)), id="negative-money"),
        pytest.param(Reply(200, tender_json(tahun_anggaran="dua ribu")), id="bad-year"),
        pytest.param(Reply(200, tender_json(nama_satker=42)), id="wrong-type"),
        pytest.param(Reply(200, tender_json(jadwal={"a": 1})), id="jadwal-not-list"),
        pytest.param(
            Reply(
                200,
                tender_json(
                    jadwal=[{"nama_tahapan": "X", "tgl_awal": "kemarin", "tgl_akhir": "besok"}]
                ),
            ),
            id="bad-date",
        ),
        pytest.param(
            Reply(
                200,
                tender_json(
                    jadwal=[
                        {
                            "nama_tahapan": "X",
                            "tgl_awal": "2026-03-01T08:00:00",
                            "tgl_akhir": "2026-03-02T08:00:00",
                        }
                    ]
                ),
            ),
            id="date-without-offset",
        ),
        pytest.param(
            Reply(
                200,
                tender_json(
                    jadwal=[
                        {
                            "nama_tahapan": "X",
                            "tgl_awal": "2026-03-02T08:00:00+07:00",
                            "tgl_akhir": "2026-03-01T08:00:00+07:00",
                        }
                    ]
                ),
            ),
            id="stage-ends-before-start",
        ),
        pytest.param(Reply(200, tender_json("10005374000")), id="other-tender"),
    ],
)
def test_invalid_answers_raise_invalid_data(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector, reply: Reply
) -> None:
    warehouse.always(reply)

    with pytest.raises(TenderServiceUnavailable) as caught:
        connector.get(CODE)

    assert caught.value.message == MSG_INVALID
    assert len(warehouse.requests) == 1  # bad data is not retried
    with pytest.raises(TenderServiceUnavailable):
        connector.get(CODE)
    assert len(warehouse.requests) == 2  # … and not cached


@pytest.mark.parametrize("body", [{"results": []}, {"data": "x"}, [tender_json()], "nope"])
def test_search_envelope_of_wrong_shape_is_invalid(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector, body: Any
) -> None:
    warehouse.always(Reply(200, body))
    with pytest.raises(TenderServiceUnavailable) as caught:
        connector.search("jalan")
    assert caught.value.message == MSG_INVALID


def test_optional_fields_may_be_missing_or_null() -> None:
    tender = parse_tender(
        {"kd_tender": 2571139, "nama_paket": "Pengadaan ATK", "hps": None, "jadwal": None},
        now=NOW,
    )
    assert tender.code == "2571139"
    assert (tender.hps, tender.pagu, tender.fiscal_year, tender.satker) == (None, None, None, "")
    assert tender.stage_name == ""


def test_zulu_dates_are_accepted() -> None:
    tender = parse_tender(
        tender_json(
            jadwal=[
                {
                    "nama_tahapan": "Evaluasi",
                    "tgl_awal": "2026-03-10T00:00:00Z",
                    "tgl_akhir": "2026-03-11T00:00:00Z",
                }
            ]
        ),
        now=NOW,
    )
    assert tender.stage_name == "Evaluasi"

"""MirrorConnector: the embedded default reading the local Tender/TenderStage tables."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from lpse_support.tenders.connectors import get_connector
from lpse_support.tenders.connectors.mirror import MirrorConnector
from tests.support.admin_factories import TenderFactory, TenderStageFactory
from tests.support.factories import LpseUnitFactory

pytestmark = pytest.mark.django_db


def tender_with_schedule(**kwargs: Any) -> Any:
    """A tender whose stage 2 runs now, stage 1 is over and stage 3 is still to come."""
    now = timezone.now()
    tender = TenderFactory(**kwargs)
    TenderStageFactory(
        tender=tender,
        order=1,
        name="Pengumuman Pascakualifikasi",
        start=now - timedelta(days=5),
        end=now - timedelta(days=1),
    )
    TenderStageFactory(
        tender=tender,
        order=2,
        name="Upload Dokumen Penawaran",
        start=now - timedelta(days=1),
        end=now + timedelta(hours=5),
    )
    TenderStageFactory(
        tender=tender,
        order=3,
        name="Pembukaan Dokumen Penawaran",
        start=now + timedelta(hours=5),
        end=now + timedelta(days=1),
    )
    return tender


def test_get_connector_defaults_to_mirror(settings: Any) -> None:
    settings.LPSE_SUPPORT = {**settings.LPSE_SUPPORT, "TENDER_CONNECTOR": "mirror"}
    assert isinstance(get_connector(), MirrorConnector)


def test_get_maps_fields_and_the_running_stage() -> None:
    lpse = LpseUnitFactory(name="LPSE Kota Makassar")
    tender = tender_with_schedule(code="10005373000", name="Rehabilitasi Jalan", lpse=lpse)

    data = MirrorConnector().get(" 10005373000 ")

    assert data is not None
    assert data.code == "10005373000"
    assert data.name == "Rehabilitasi Jalan"
    assert data.lpse_name == "LPSE Kota Makassar"
    assert data.hps == Decimal("1370200000.00")
    assert data.fiscal_year == 2026
    assert data.stage_name == "Upload Dokumen Penawaran"
    stage = tender.stages.get(order=2)
    assert (data.stage_start, data.stage_end) == (stage.start, stage.end)


def test_no_running_stage() -> None:
    now = timezone.now()
    tender = TenderFactory(code="20000001")
    TenderStageFactory(
        tender=tender, order=1, start=now - timedelta(days=3), end=now - timedelta(days=2)
    )
    TenderStageFactory(
        tender=tender, order=2, start=now + timedelta(days=1), end=now + timedelta(days=2)
    )

    data = MirrorConnector().get("20000001")

    assert data is not None
    assert (data.stage_name, data.stage_start, data.stage_end) == ("", None, None)


def test_tender_without_lpse_or_stages() -> None:
    TenderFactory(code="20000002", lpse=None)
    data = MirrorConnector().get("20000002")
    assert data is not None
    assert (data.lpse_name, data.stage_name) == ("", "")


def test_unknown_code_is_none() -> None:
    TenderFactory(code="20000003")
    assert MirrorConnector().get("99999999") is None


def test_search_by_code_prefix() -> None:
    TenderFactory(code="10005373000")
    TenderFactory(code="10005374000")
    TenderFactory(code="2571139")

    codes = [data.code for data in MirrorConnector().search("100053")]

    assert codes == ["10005373000", "10005374000"]


def test_search_by_name_is_case_insensitive() -> None:
    TenderFactory(code="30000001", name="Rehabilitasi Jalan Poros")
    TenderFactory(code="30000002", name="Pembangunan Jembatan")

    codes = [data.code for data in MirrorConnector().search("JALAN")]

    assert codes == ["30000001"]


def test_search_orders_by_year_then_code_and_respects_limit() -> None:
    TenderFactory(code="40000003", name="Paket Uji C", fiscal_year=2025)
    TenderFactory(code="40000002", name="Paket Uji B", fiscal_year=2026)
    TenderFactory(code="40000001", name="Paket Uji A", fiscal_year=2026)

    results = MirrorConnector().search("paket uji", limit=2)

    assert [data.code for data in results] == ["40000001", "40000002"]


def test_search_blank_query_is_empty() -> None:
    TenderFactory()
    assert MirrorConnector().search("   ") == []


def test_search_reports_running_stage() -> None:
    tender_with_schedule(code="50000001", name="Paket Berjalan")
    (data,) = MirrorConnector().search("berjalan")
    assert data.stage_name == "Upload Dokumen Penawaran"


def test_query_count_does_not_grow_with_results(django_assert_num_queries: Any) -> None:
    for index in range(6):
        tender_with_schedule(code=f"6000000{index}", name=f"Paket Hitung {index}")

    with django_assert_num_queries(2):
        results = MirrorConnector().search("paket hitung", limit=10)
    assert len(results) == 6
    assert all(data.stage_name == "Upload Dokumen Penawaran" for data in results)

    with django_assert_num_queries(2):
        assert MirrorConnector().get("60000000") is not None


@pytest.mark.django_db
def test_nul_characters_in_a_query_are_ignored_not_sent_to_the_database() -> None:
    from lpse_support.tenders.connectors.mirror import MirrorConnector

    assert MirrorConnector().search("\x00\x00") == []
    assert MirrorConnector().get("12\x00") is None

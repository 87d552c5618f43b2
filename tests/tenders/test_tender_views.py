"""Kode Tender look-up views: autocomplete JSON, detail JSON, outage and login handling."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lpse_support.tenders.connectors.breaker import reset_warehouse_breaker
from lpse_support.tenders.connectors.http import MSG_NOT_CONFIGURED
from tests.support.admin_factories import TenderFactory, TenderStageFactory
from tests.support.factories import LpseUnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_state() -> Iterator[None]:
    cache.clear()
    reset_warehouse_breaker()
    yield
    cache.clear()
    reset_warehouse_breaker()


@pytest.fixture
def mirror(settings: Any) -> None:
    settings.LPSE_SUPPORT = {**settings.LPSE_SUPPORT, "TENDER_CONNECTOR": "mirror"}


@pytest.fixture
def warehouse_down(settings: Any) -> None:
    """The HTTP connector with no URL: every call raises TenderServiceUnavailable."""
    settings.LPSE_SUPPORT = {
        **settings.LPSE_SUPPORT,
        "TENDER_CONNECTOR": "http",
        "TENDER_API_URL": "",
    }


@pytest.fixture
def logged_in(client: Client) -> Client:
    user: Any = UserFactory()
    client.force_login(user)
    return client


def search_url(query: str) -> str:
    return f"{reverse('tenders:search')}?q={query}"


def test_urls() -> None:
    assert reverse("tenders:search") == "/tender/cari/"
    assert reverse("tenders:detail", args=["10005373000"]) == "/tender/10005373000/"


def test_search_returns_tom_select_options(mirror: None, logged_in: Client) -> None:
    tender = TenderFactory(
        code="10005373000", name="Rehabilitasi Jalan", lpse=LpseUnitFactory(name="LPSE Kota Uji")
    )
    stage: Any = TenderStageFactory(tender=tender, order=1, end=timezone.now() + timedelta(hours=5))

    response = logged_in.get(search_url("jalan"))

    assert response.status_code == 200
    assert response.json() == {
        "results": [
            {
                "code": "10005373000",
                "label": "10005373000 — Rehabilitasi Jalan",
                "name": "Rehabilitasi Jalan",
                "lpse": "LPSE Kota Uji",
                "satker": "Dinas Pekerjaan Umum",
                "stage": "Upload Dokumen Penawaran",
                "stage_end": stage.end.isoformat(),
                "hps": "1370200000.00",
            }
        ],
        "error": None,
    }


def test_search_limits_to_ten(mirror: None, logged_in: Client) -> None:
    for index in range(12):
        TenderFactory(code=f"7000000{index:02d}", name=f"Paket Banyak {index}")
    response = logged_in.get(search_url("banyak"))
    assert len(response.json()["results"]) == 10


def test_short_query_answers_empty_without_lookup(
    mirror: None, logged_in: Client, django_assert_max_num_queries: Any
) -> None:
    TenderFactory(code="10005373000")
    with django_assert_max_num_queries(3):  # session + user only
        response = logged_in.get(search_url("10"))
    assert response.json() == {"results": [], "error": None}


def test_search_when_warehouse_down_keeps_form_usable(
    warehouse_down: None, logged_in: Client
) -> None:
    response = logged_in.get(search_url("jalan"))

    assert response.status_code == 200
    assert response.json() == {"results": [], "error": f"{MSG_NOT_CONFIGURED} Gunakan Isi Manual."}


def test_short_query_when_warehouse_down_is_quiet(warehouse_down: None, logged_in: Client) -> None:
    assert logged_in.get(search_url("ab")).json() == {"results": [], "error": None}


def test_detail_returns_snapshot(mirror: None, logged_in: Client) -> None:
    TenderFactory(code="10005373000", name="Rehabilitasi Jalan", lpse=None)

    response = logged_in.get(reverse("tenders:detail", args=["10005373000"]))

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "10005373000"
    assert body["label"] == "10005373000 — Rehabilitasi Jalan"
    assert body["hps"] == "1370200000.00"
    assert body["pagu"] == "1500000000.00"
    assert body["stage_name"] == ""
    assert body["source"] == "warehouse"


def test_detail_unknown_code_is_404(mirror: None, logged_in: Client) -> None:
    response = logged_in.get(reverse("tenders:detail", args=["99999999"]))
    assert response.status_code == 404
    assert response.json()["detail"] == "Kode tender tidak ditemukan."


def test_detail_when_warehouse_down_is_503(warehouse_down: None, logged_in: Client) -> None:
    response = logged_in.get(reverse("tenders:detail", args=["10005373000"]))
    assert response.status_code == 503
    assert response.json() == {"detail": MSG_NOT_CONFIGURED, "code": "tender_service_unavailable"}


@pytest.mark.parametrize(
    "url", [search_url("jalan"), reverse("tenders:detail", args=["10005373000"])]
)
def test_anonymous_is_sent_to_login(mirror: None, client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_only_get_is_allowed(mirror: None, logged_in: Client) -> None:
    assert logged_in.post(reverse("tenders:search"), {"q": "jalan"}).status_code == 405


def test_search_when_warehouse_unreachable(settings: Any, logged_in: Client) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.LPSE_SUPPORT = {
        **settings.LPSE_SUPPORT,
        "TENDER_CONNECTOR": "http",
        "TENDER_API_URL": f"http://127.0.0.1:{port}",
        "TENDER_API_RETRIES": 0,
    }

    response = logged_in.get(search_url("jalan"))

    assert response.status_code == 200
    assert response.json()["error"] == "Data warehouse tidak dapat dihubungi. Gunakan Isi Manual."

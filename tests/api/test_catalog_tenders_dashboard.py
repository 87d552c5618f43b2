"""GET /applications, GET /tenders, GET /tenders/{code}, POST /priority/preview, GET /dashboard."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lpse_support.tenders.connectors.breaker import reset_warehouse_breaker
from lpse_support.tickets.services.priority import ticket_priority
from lpse_support.tickets.workflow import Status
from tests.support.admin_factories import TenderFactory, TenderStageFactory
from tests.support.api import bearer
from tests.support.factories import (
    ApplicationVersionFactory,
    CategoryFactory,
    SubCategoryFactory,
)
from tests.support.ticket_world import TicketWorld, make_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_state(settings: Any) -> Iterator[None]:
    settings.LPSE_SUPPORT = {**settings.LPSE_SUPPORT, "TENDER_CONNECTOR": "mirror"}
    cache.clear()
    reset_warehouse_breaker()
    yield
    cache.clear()
    reset_warehouse_breaker()


@pytest.fixture
def warehouse_down(settings: Any) -> None:
    settings.LPSE_SUPPORT = {
        **settings.LPSE_SUPPORT,
        "TENDER_CONNECTOR": "http",
        "TENDER_API_URL": "",
    }


def get(path: str, headers: dict[str, str]) -> Any:
    return Client().get(path, headers=headers)


def preview(headers: dict[str, str], body: dict[str, Any]) -> Any:
    return Client().post(
        "/api/v1/priority/preview",
        json.dumps(body),
        content_type="application/json",
        headers=headers,
    )


def tender_closing_soon(**kwargs: Any) -> Any:
    now = timezone.now()
    tender = TenderFactory(**kwargs)
    TenderStageFactory(
        tender=tender,
        order=1,
        name="Upload Dokumen Penawaran",
        start=now - timedelta(days=1),
        end=now + timedelta(hours=5),
    )
    return tender


# --- applications ---------------------------------------------------------------------------


def test_applications_payload(ticket_world: TicketWorld) -> None:
    world = ticket_world
    inactive = CategoryFactory.create(application=world.spse, name="Lama", active=False)
    SubCategoryFactory.create(category=inactive, default_priority=world.priorities["minor"])
    ApplicationVersionFactory.create(application=world.spse, name="3.0", active=False)
    response = get("/api/v1/applications", bearer(world.reporter_a))
    assert response.status_code == 200
    data = response.json()
    assert [app["code"] for app in data] == [
        app.code for app in sorted([world.spse, world.other_app], key=lambda a: (a.order, a.name))
    ]
    spse = next(app for app in data if app["code"] == "spse")
    assert spse["letter"] == "S"
    assert spse["first_line"] == "LPSE"
    assert spse["directorate"]["id"] == world.directorate.pk
    assert spse["versions"] == [{"id": world.spse_version.pk, "name": "4.5"}]
    assert [c["name"] for c in spse["categories"]] == ["Pengumuman & Dokumen"]
    category = spse["categories"][0]
    assert category["kind"] == "TEKNIS"
    subcategories = {s["name"]: s for s in category["subcategories"]}
    assert subcategories["Gagal unggah penawaran"] == {
        "id": world.deadline_subcategory.pk,
        "name": "Gagal unggah penawaran",
        "default_priority": {"code": "medium", "name": "Medium", "rank": 3},
        "deadline_sensitive": True,
    }


def test_applications_query_count_is_fixed(ticket_world: TicketWorld) -> None:
    headers = bearer(ticket_world.reporter_a)
    get("/api/v1/applications", headers)  # token's last_used_at written once

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert get("/api/v1/applications", headers).status_code == 200
        return len(queries)

    before = count()
    for n in range(3):
        category = CategoryFactory.create(application=ticket_world.spse, name=f"Kategori {n}")
        for m in range(3):
            SubCategoryFactory.create(
                category=category,
                name=f"Sub {n}.{m}",
                default_priority=ticket_world.priorities["major"],
            )
        ApplicationVersionFactory.create(application=ticket_world.other_app, name=f"9.{n}")
    assert count() == before
    assert before <= 6  # token + applications + versions + categories + subcategories


# --- tenders --------------------------------------------------------------------------------


def test_tender_search_and_detail(ticket_world: TicketWorld) -> None:
    headers = bearer(ticket_world.reporter_a)
    tender = tender_closing_soon(code="10012345", name="Rehabilitasi Jalan Poros")
    response = get("/api/v1/tenders?q=Poros", headers)
    assert response.status_code == 200
    assert [t["code"] for t in response.json()] == ["10012345"]
    response = get("/api/v1/tenders/10012345", headers)
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Rehabilitasi Jalan Poros"
    assert body["label"] == "10012345 — Rehabilitasi Jalan Poros"
    assert body["stage_name"] == "Upload Dokumen Penawaran"
    assert Decimal(str(body["hps"])) == tender.hps
    assert body["source"] == "warehouse"


def test_tender_unknown_code_is_404(ticket_world: TicketWorld) -> None:
    headers = bearer(ticket_world.reporter_a)
    for code in ("99999999", "bukan-kode", "%20"):
        response = get(f"/api/v1/tenders/{code}", headers)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


def test_tender_search_needs_three_characters(ticket_world: TicketWorld) -> None:
    response = get("/api/v1/tenders?q=ab", bearer(ticket_world.reporter_a))
    assert response.status_code == 422
    assert response.json()["field"] == "q"


def test_warehouse_down_is_503_json(ticket_world: TicketWorld, warehouse_down: None) -> None:
    headers = bearer(ticket_world.reporter_a)
    for path in ("/api/v1/tenders?q=10012", "/api/v1/tenders/10012345"):
        response = get(path, headers)
        assert response.status_code == 503
        body = response.json()
        assert body["code"] == "tender_service_unavailable"
        assert body["detail"]


# --- priority preview -----------------------------------------------------------------------


def test_preview_from_subcategory_only(ticket_world: TicketWorld) -> None:
    response = preview(
        bearer(ticket_world.reporter_a), {"subcategory_id": ticket_world.subcategory.pk}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["priority"] == {"code": "medium", "name": "Medium", "rank": 3}
    assert body["reasons"]


def test_preview_matches_the_create_service(ticket_world: TicketWorld) -> None:
    world = ticket_world
    tender_closing_soon(code="10054321", hps=Decimal("25000000000"), pagu=Decimal("26000000000"))
    response = preview(
        bearer(world.reporter_a),
        {"subcategory_id": world.deadline_subcategory.pk, "tender_code": "10054321"},
    )
    assert response.status_code == 200
    ticket = make_ticket(
        world, subcategory_id=world.deadline_subcategory.pk, tender_code="10054321"
    )
    body = response.json()
    assert body["priority"]["code"] == ticket.priority.code
    assert body["priority"]["rank"] < world.priorities["medium"].rank


def test_preview_with_manual_hps(ticket_world: TicketWorld) -> None:
    world = ticket_world
    response = preview(
        bearer(world.reporter_a),
        {"subcategory_id": world.subcategory.pk, "manual": {"hps": "25000000000"}},
    )
    assert response.status_code == 200
    from lpse_support.tenders.connectors import TenderData

    expected = ticket_priority(
        subcategory=world.subcategory,
        tender=TenderData(code="", hps=Decimal("25000000000"), source="manual"),
    )
    assert response.json()["priority"]["code"] == expected.level.code
    assert response.json()["reasons"] == expected.reasons


def test_preview_tender_errors_name_the_field(ticket_world: TicketWorld) -> None:
    headers = bearer(ticket_world.reporter_a)
    body = {"subcategory_id": ticket_world.subcategory.pk}
    for code in ("12", "99999999"):
        response = preview(headers, {**body, "tender_code": code})
        assert response.status_code == 422
        assert response.json()["field"] == "tender_code"
    response = preview(headers, {**body, "manual": {"code": "abc"}})
    assert response.status_code == 422
    assert response.json()["field"] == "manual_code"


def test_preview_inactive_subcategory_is_422(ticket_world: TicketWorld) -> None:
    sub = ticket_world.subcategory
    sub.active = False
    sub.save(update_fields=["active"])
    response = preview(bearer(ticket_world.reporter_a), {"subcategory_id": sub.pk})
    assert response.status_code == 422
    assert response.json()["field"] == "subcategory_id"


# --- dashboard ------------------------------------------------------------------------------


def test_dashboard_for_reporter(ticket_world: TicketWorld) -> None:
    make_ticket(ticket_world)
    make_ticket(ticket_world)
    make_ticket(ticket_world, reporter=ticket_world.reporter_b)
    response = get("/api/v1/dashboard", bearer(ticket_world.reporter_a))
    assert response.status_code == 200
    assert response.json() == {
        "role": "reporter",
        "baru": 2,
        "dikerjakan": 0,
        "feedback": 0,
        "konfirmasi": 0,
        "diambil_hari_ini": None,
    }


def test_dashboard_for_staff(ticket_world: TicketWorld) -> None:
    ticket = make_ticket(ticket_world)
    make_ticket(ticket_world)
    assert ticket.status == Status.BARU
    response = get("/api/v1/dashboard", bearer(ticket_world.staff_lpse))
    assert response.status_code == 200
    body = response.json()
    assert body["role"] == "staff"
    assert body["baru"] == 2
    assert body["diambil_hari_ini"] == 0
    # The other LPSE's staff sees none of them.
    other = get("/api/v1/dashboard", bearer(ticket_world.staff_other_lpse)).json()
    assert other["baru"] == 0

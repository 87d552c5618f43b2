"""Admin forms: model constraints come back as form errors (200 with a message), never as a
database error (500); the tender changelist shows rupiah and the current stage."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Model
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lpse_support.accounts.models import Team, User
from lpse_support.catalog.models import PriorityLevel, RatingChip, TicketType, WorkingHours
from lpse_support.tenders.admin import format_rupiah
from lpse_support.tenders.models import Tender
from tests.support.admin_factories import TenderFactory, TenderStageFactory
from tests.support.factories import (
    DirectorateFactory,
    LpseUnitFactory,
    ReporterCategoryFactory,
    TicketTypeFactory,
)
from tests.support.two_factor import login_verified
from tests.support.users import make_superuser

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client: Client) -> Client:
    login_verified(client, make_superuser())
    return client


def _url(model: type[Model], view: str, *args: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


# --- constraints become form errors --------------------------------------------------------------


def _post(
    client: Client, model: type[Model], data: dict[str, Any], inlines: tuple[str, ...] = ()
) -> Any:
    payload = dict(data)
    for prefix in inlines:
        payload |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return client.post(_url(model, "add"), payload)


def _form_errors(response: Any) -> str:
    form = response.context["adminform"].form
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def test_second_default_ticket_type_is_a_form_error(staff_client: Client) -> None:
    TicketTypeFactory.create(name="Tiket Umum", is_default=True)
    response = _post(
        staff_client,
        TicketType,
        {"name": "Usulan", "is_default": "on", "active": "on", "order": "1"},
    )
    assert response.status_code == 200
    assert "Hanya satu jenis tiket yang boleh menjadi bawaan." in _form_errors(response)
    assert TicketType.objects.count() == 1


def test_second_non_default_ticket_type_is_saved(staff_client: Client) -> None:
    TicketTypeFactory.create(name="Tiket Umum", is_default=True)
    response = _post(staff_client, TicketType, {"name": "Usulan", "active": "on", "order": "1"})
    assert response.status_code == 302
    assert TicketType.objects.count() == 2


@pytest.mark.parametrize(("low", "high"), [(0, 3), (4, 6), (4, 2)])
def test_rating_chip_star_range_is_a_form_error(staff_client: Client, low: int, high: int) -> None:
    data = {
        "label": "Tutur kata sopan",
        "min_stars": low,
        "max_stars": high,
        "active": "on",
        "order": "0",
    }
    response = _post(staff_client, RatingChip, data)
    assert response.status_code == 200
    assert "Rentang bintang harus di antara 1 dan 5" in _form_errors(response)
    assert not RatingChip.objects.exists()


def test_working_hours_end_before_start_is_a_form_error(staff_client: Client) -> None:
    response = _post(staff_client, WorkingHours, {"weekday": "0", "start": "16:00", "end": "08:00"})
    assert response.status_code == 200
    assert "Jam selesai harus setelah jam mulai." in _form_errors(response)


def test_priority_resolution_faster_than_response_is_a_form_error(staff_client: Client) -> None:
    data = {
        "code": "major",
        "name": "Major",
        "rank": "2",
        "response_minutes": "120",
        "resolution_minutes": "60",
        "color": "warning",
    }
    response = _post(staff_client, PriorityLevel, data)
    assert response.status_code == 200
    assert "Target penyelesaian tidak boleh lebih cepat" in _form_errors(response)


def test_tier1_team_with_directorate_is_a_form_error(staff_client: Client) -> None:
    data = {
        "name": "Helpdesk Salah",
        "tier": "1",
        "kind": "UMUM",
        "position_label": "Helpdesk",
        "active": "on",
        "lpse": LpseUnitFactory.create().pk,
        "directorate": DirectorateFactory.create().pk,
    }
    response = _post(staff_client, Team, data, inlines=("memberships",))
    assert response.status_code == 200
    assert "Tim Level 1 harus milik satu LPSE" in _form_errors(response)
    assert not Team.objects.exists()


def test_tender_hps_above_pagu_is_a_form_error(staff_client: Client) -> None:
    data = {
        "code": "10145001",
        "name": "Paket Uji",
        "fiscal_year": "2026",
        "hps": "200",
        "pagu": "100",
        "procurement_category": "Jasa Lainnya",
        "method": "Tender",
    }
    response = _post(staff_client, Tender, data, inlines=("stages",))
    assert response.status_code == 200
    assert "HPS tidak boleh melebihi pagu." in _form_errors(response)


def test_user_add_form_saves_extra_fields(staff_client: Client) -> None:
    category = ReporterCategoryFactory.create()
    lpse = LpseUnitFactory.create()
    data = {
        "username": "ppk.makassar",
        "usable_password": "true",
        "password1": "Rahasia#2026x",
        "password2": "Rahasia#2026x",
        "full_name": "Andi Pratama",
        "email": "andi@contoh.go.id",
        "phone": "0811",
        "reporter_category": category.pk,
        "home_lpse": lpse.pk,
    }
    response = _post(staff_client, User, data, inlines=("team_memberships",))
    assert response.status_code == 302, _form_errors(response)
    user = User.objects.get(username="ppk.makassar")
    assert (user.full_name, user.home_lpse, user.reporter_category) == (
        "Andi Pratama",
        lpse,
        category,
    )


# --- tender list ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1370200000"), "Rp 1.370.200.000,00"),
        (Decimal("999.5"), "Rp 999,50"),
        (0, "Rp 0,00"),
        (None, "-"),
    ],
)
def test_format_rupiah(value: Decimal | int | None, expected: str) -> None:
    assert format_rupiah(value) == expected


def test_tender_changelist_shows_rupiah_and_current_stage_without_n_plus_one(
    staff_client: Client,
) -> None:
    from django.db import connection

    now = timezone.now()
    TenderStageFactory.create(
        name="Upload Dokumen Penawaran",
        start=now - timedelta(hours=2),
        end=now + timedelta(hours=5),
    )
    url = _url(Tender, "changelist")
    with CaptureQueriesContext(connection) as one_row:
        response = staff_client.get(url)
    body = response.content.decode()
    assert "Rp 1.370.200.000,00" in body
    assert "Upload Dokumen Penawaran" in body

    for _ in range(5):
        TenderStageFactory.create(
            tender=TenderFactory.create(),
            name="Pembukaan Dokumen Penawaran",
            start=now - timedelta(hours=1),
            end=now + timedelta(days=1),
        )
    with CaptureQueriesContext(connection) as six_rows:
        response = staff_client.get(url)
    assert response.content.decode().count("Pembukaan Dokumen Penawaran") >= 5
    assert len(six_rows) == len(one_row)

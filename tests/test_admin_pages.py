"""Every registered admin page renders, searches and filters, and shows a real row of its model
on the changelist and the change page; model constraints come back as form errors (200 with a
message), never as a database error (500)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.contrib.auth.models import Group
from django.db.models import Model
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import Truncator, capfirst

from lpse_support.accounts.models import Team, User
from lpse_support.catalog.models import PriorityLevel, RatingChip, TicketType, WorkingHours
from lpse_support.faq.models import FaqArticle
from lpse_support.tenders.admin import format_rupiah
from lpse_support.tenders.models import Tender
from tests.support.activity import create_activity
from tests.support.admin_factories import (
    OneOfEach,
    TenderFactory,
    TenderStageFactory,
    create_one_of_each,
)
from tests.support.factories import (
    DirectorateFactory,
    LpseUnitFactory,
    ReporterCategoryFactory,
    TicketTypeFactory,
    UserFactory,
)
from tests.support.ticket_world import build_ticket_world

pytestmark = pytest.mark.django_db

REGISTERED: list[type[Model]] = list(admin.site._registry)
MODEL_IDS = [f"{m._meta.app_label}.{m._meta.model_name}" for m in REGISTERED]


@pytest.fixture
def superuser() -> User:
    user: User = UserFactory.create(is_superuser=True, is_staff=True)
    return user


@pytest.fixture
def staff_client(client: Client, superuser: User) -> Client:
    client.force_login(superuser)
    return client


@pytest.fixture
def rows(superuser: User) -> OneOfEach:
    created = create_one_of_each()
    created.rows[Group] = Group.objects.create(name="Operator data master")
    article = created.rows[FaqArticle]
    assert isinstance(article, FaqArticle)
    created.rows.update(create_activity(build_ticket_world(), article))  # type: ignore[arg-type]
    return created


def _row(rows: OneOfEach, model: type[Model]) -> Model:
    row = rows.get(model)
    assert row is not None, f"no {model.__name__} row to show"
    return row


def _first_label(model: type[Model], row: Model, user: User) -> str:
    """The label of the first field on the change page, as the admin writes it."""
    model_admin = admin.site._registry[model]
    fieldsets = model_admin.get_fieldsets(_admin_request(user), row)
    first = fieldsets[0][1]["fields"][0]
    name = first[0] if isinstance(first, (list, tuple)) else first
    return str(escape(capfirst(label_for_field(name, model, model_admin))))


def _url(model: type[Model], view: str, *args: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _admin_request(user: User) -> Any:
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


@pytest.mark.parametrize("model", REGISTERED, ids=MODEL_IDS)
def test_changelist_search_and_filter(
    staff_client: Client, rows: OneOfEach, model: type[Model]
) -> None:
    url = _url(model, "changelist")
    response = staff_client.get(url)
    assert response.status_code == 200
    # The row is listed, with the link to its change page.
    assert _url(model, "change", _row(rows, model).pk) in response.content.decode()
    assert staff_client.get(url, {"q": "uji"}).status_code == 200

    changelist = response.context["cl"]
    for spec in changelist.filter_specs:
        choices = [c for c in spec.choices(changelist) if c["query_string"] != "?"]
        unselected = [c for c in choices if not c.get("selected")]
        # The first choice is a real value; the last is often "(Kosong)" / "No".
        for choice in {c["query_string"]: c for c in unselected[:1] + unselected[-1:]}:
            assert staff_client.get(url + choice).status_code == 200, choice


@pytest.mark.parametrize("model", REGISTERED, ids=MODEL_IDS)
def test_add_and_change_pages(
    staff_client: Client, superuser: User, rows: OneOfEach, model: type[Model]
) -> None:
    model_admin = admin.site._registry[model]
    if model_admin.has_add_permission(_admin_request(superuser)):
        assert staff_client.get(_url(model, "add")).status_code == 200
    row = _row(rows, model)
    response = staff_client.get(_url(model, "change", row.pk))
    assert response.status_code == 200
    body = response.content.decode()
    # The page is this row's (its name in the title) and shows its fields.
    assert str(escape(Truncator(str(row)).words(18))) in body
    assert _first_label(model, row, superuser) in body


def test_every_project_model_is_registered() -> None:
    from django.apps import apps

    project = [m for m in apps.get_models() if m.__module__.startswith("lpse_support.")]
    missing = [m.__name__ for m in project if m not in admin.site._registry]
    assert missing == []


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

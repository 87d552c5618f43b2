"""GET/POST /api/v1/tickets, GET /api/v1/tickets/{number} and the attachments zip: happy paths,
filters, scope (404 identical to missing), validation (422 with the field), 401 without a token,
idempotent create, internal notes hidden from the reporter, and fixed query counts."""

from __future__ import annotations

import io
import uuid
import zipfile
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lpse_support.tickets.models import Ticket, TicketMessage
from lpse_support.tickets.services.ticket_comment import ticket_comment
from lpse_support.tickets.services.ticket_take import ticket_take
from lpse_support.tickets.workflow import Status
from tests.support.api import BASE, api_client, create_form
from tests.support.ticket_world import TicketWorld, make_ticket
from tests.support.uploads import sample_upload

NOTE = "Catatan rahasia: periksa log server aplikasi."


@pytest.mark.django_db
def test_unauthenticated_requests_get_401(ticket_world: TicketWorld) -> None:
    ticket = make_ticket(ticket_world)
    anonymous = Client()
    bad = Client(headers={"authorization": "Bearer lps_salah"})
    for client in (anonymous, bad):
        for response in (
            client.get(BASE),
            client.get(f"{BASE}/{ticket.number}"),
            client.post(BASE, create_form(ticket_world)),
            client.post(f"{BASE}/{ticket.number}/take"),
            client.get(f"{BASE}/{ticket.number}/attachments.zip"),
        ):
            assert response.status_code == 401
            assert response.json()["code"] == "unauthorized"
    assert Ticket.objects.count() == 1


@pytest.mark.django_db
def test_create_with_files_answers_201_and_the_detail(ticket_world: TicketWorld) -> None:
    client = api_client(ticket_world.reporter_a)
    form = create_form(ticket_world, error_code="ERR-500")
    form["files"] = [sample_upload("galat.png"), sample_upload("log.txt")]
    response = client.post(BASE, form)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"].startswith("TPS")
    assert body["status"] == {"code": "BARU", "label": "Belum Diambil"}
    assert body["priority"]["code"] == "medium"
    assert body["reasons"]
    assert body["application"] == {"id": ticket_world.spse.pk, "name": "SPSE"}
    assert body["reporter"]["username"] == "ppk_a"
    assert body["reporter"]["category"] == "PPK"
    assert body["reporter_lpse"]["name"] == "LPSE Kota Makassar"
    assert body["team"]["id"] == ticket_world.team_lpse.pk
    assert body["assignee"] is None
    assert body["error_code"] == "ERR-500"
    assert body["tender"] is None and body["rating"] is None
    assert "close" in body["allowed_actions"] and "take" not in body["allowed_actions"]
    names = [a["original_name"] for a in body["attachments"]]
    assert names == ["galat.png", "log.txt"]
    first = body["attachments"][0]
    assert first["stored_name"] == f"pelapor_{body['number']}_001.png"
    assert first["url"].endswith(f"/{body['number']}/lampiran/1/")
    assert len(first["sha256"]) == 64
    # Pratinjau for the picture only; the text file stays a download.
    assert first["preview_url"].endswith(f"/{body['number']}/lampiran/1/pratinjau/")
    assert body["attachments"][1]["preview_url"] is None
    assert [event["action"] for event in body["events"]] == ["create"]


@pytest.mark.django_db
def test_create_with_manual_tender_keeps_the_snapshot(ticket_world: TicketWorld) -> None:
    client = api_client(ticket_world.reporter_a)
    form = create_form(
        ticket_world,
        manual_tender_code="12345678",
        manual_spse_build="SPSE v4.5u20260101",
        manual_fiscal_year=2026,
        manual_hps="15000000000",
    )
    response = client.post(BASE, form)
    assert response.status_code == 201, response.content
    tender = response.json()["tender"]
    assert tender["code"] == "12345678"
    assert tender["source"] == "manual"
    assert tender["fiscal_year"] == 2026


@pytest.mark.django_db
def test_create_retry_with_the_same_key_returns_the_first_ticket(
    ticket_world: TicketWorld,
) -> None:
    client = api_client(ticket_world.reporter_a)
    key = str(uuid.uuid4())
    first = client.post(BASE, create_form(ticket_world), headers={"idempotency-key": key})
    again = client.post(BASE, create_form(ticket_world), headers={"idempotency-key": key})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["number"] == again.json()["number"]
    assert Ticket.objects.count() == 1
    other = client.post(
        BASE, create_form(ticket_world), headers={"idempotency-key": str(uuid.uuid4())}
    )
    assert other.status_code == 201
    assert Ticket.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"title": "x" * 101}, "title", "title_too_long"),
        ({"description": "pendek"}, "description", "description_too_short"),
        ({"version_id": 999_999}, "version_id", "version_not_in_application"),
        ({"subcategory_id": "bukan-angka"}, "subcategory_id", "invalid_input"),  # schema
        ({"tender_code": "12"}, "tender_code", "tender_code_invalid"),
        ({"title": None}, "title", "invalid_input"),  # schema: missing
    ],
)
def test_create_invalid_input_is_422_naming_the_field(
    ticket_world: TicketWorld, overrides: dict[str, Any], field: str, code: str
) -> None:
    form = create_form(ticket_world, **overrides)
    form = {key: value for key, value in form.items() if value is not None}
    response = api_client(ticket_world.reporter_a).post(BASE, form)
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == code
    assert body["field"] == field
    assert Ticket.objects.count() == 0


@pytest.mark.django_db
def test_create_rejects_a_file_whose_content_lies(ticket_world: TicketWorld) -> None:
    form = create_form(ticket_world)
    form["files"] = [sample_upload("galat.png", b"MZ\x90\x00 not a png at all")]
    response = api_client(ticket_world.reporter_a).post(BASE, form)
    assert response.status_code == 415, response.content
    assert response.json()["code"] == "file_content_mismatch"
    assert Ticket.objects.count() == 0


@pytest.mark.django_db
def test_create_rejects_a_malformed_idempotency_key(ticket_world: TicketWorld) -> None:
    response = api_client(ticket_world.reporter_a).post(
        BASE, create_form(ticket_world), headers={"idempotency-key": "bukan-uuid"}
    )
    assert response.status_code == 422
    assert response.json()["field"] == "Idempotency-Key"


@pytest.mark.django_db
def test_detail_and_scope(ticket_world: TicketWorld) -> None:
    ticket = make_ticket(ticket_world)
    mine = api_client(ticket_world.reporter_a).get(f"{BASE}/{ticket.number}")
    assert mine.status_code == 200
    assert mine.json()["description"].startswith("Dokumen pemilihan")
    staff = api_client(ticket_world.staff_lpse).get(f"{BASE}/{ticket.number}")
    assert staff.status_code == 200
    assert "take" in staff.json()["allowed_actions"]

    other = api_client(ticket_world.reporter_b)
    out_of_scope = other.get(f"{BASE}/{ticket.number}")
    missing = other.get(f"{BASE}/TPS9901019999")
    assert out_of_scope.status_code == missing.status_code == 404
    assert out_of_scope.json() == missing.json()
    other_lpse = api_client(ticket_world.staff_other_lpse).get(f"{BASE}/{ticket.number}")
    assert other_lpse.status_code == 404


@pytest.mark.django_db
def test_internal_notes_are_never_shown_to_the_reporter(ticket_world: TicketWorld) -> None:
    ticket = make_ticket(ticket_world)
    ticket_take(ticket_number=ticket.number, actor=ticket_world.staff_lpse)
    ticket_comment(
        ticket_number=ticket.number,
        actor=ticket_world.staff_lpse,
        message=NOTE,
        internal=True,
        files=[sample_upload("rahasia.pdf")],
    )
    assert TicketMessage.objects.filter(is_internal=True).count() == 1

    reporter_view = api_client(ticket_world.reporter_a).get(f"{BASE}/{ticket.number}")
    assert reporter_view.status_code == 200
    assert NOTE not in reporter_view.content.decode()
    assert b"rahasia.pdf" not in reporter_view.content
    assert all(not message["is_internal"] for message in reporter_view.json()["messages"])

    staff_view = api_client(ticket_world.staff_lpse).get(f"{BASE}/{ticket.number}").json()
    notes = [m for m in staff_view["messages"] if m["is_internal"]]
    assert [note["body"] for note in notes] == [NOTE]
    assert notes[0]["attachments"][0]["original_name"] == "rahasia.pdf"
    assert notes[0]["author"]["username"] == "helpdesk_mks"


@pytest.mark.django_db
def test_list_shows_the_scope_with_summaries(ticket_world: TicketWorld) -> None:
    mine = make_ticket(ticket_world)
    make_ticket(ticket_world, reporter=ticket_world.reporter_b)
    response = api_client(ticket_world.reporter_a).get(BASE)
    assert response.status_code == 200
    body = response.json()
    assert [item["number"] for item in body["items"]] == [mine.number]
    assert (body["page"], body["page_size"], body["has_next"]) == (1, 10, False)
    item = body["items"][0]
    assert item["status"]["label"] == "Belum Diambil"
    assert item["reporter"]["email"] == ticket_world.reporter_a.email
    assert item["allowed_actions"] == ["close", "comment"]
    assert "messages" not in item

    staff = api_client(ticket_world.staff_lpse).get(BASE).json()
    assert len(staff["items"]) == 2
    assert all(item["allowed_actions"][0] == "take" for item in staff["items"])


@pytest.mark.django_db
def test_list_allowed_actions_match_the_detail(ticket_world: TicketWorld) -> None:
    """The list computes allowed_actions from annotations; it must agree with parties."""
    fresh = make_ticket(ticket_world)
    taken = make_ticket(ticket_world)
    ticket_take(ticket_number=taken.number, actor=ticket_world.staff_lpse)
    for user in (ticket_world.reporter_a, ticket_world.staff_lpse):
        client = api_client(user)
        listed = {
            item["number"]: item["allowed_actions"] for item in client.get(BASE).json()["items"]
        }
        for ticket in (fresh, taken):
            detail = client.get(f"{BASE}/{ticket.number}").json()
            assert listed[ticket.number] == detail["allowed_actions"], (user, ticket.number)


@pytest.mark.django_db
def test_list_tabs(ticket_world: TicketWorld) -> None:
    w = ticket_world
    new = make_ticket(w)
    taken = make_ticket(w)
    ticket_take(ticket_number=taken.number, actor=w.staff_lpse)
    staff = api_client(w.staff_lpse)

    def numbers(client: Client, **params: Any) -> list[str]:
        response = client.get(BASE, params)
        assert response.status_code == 200, response.content
        return sorted(item["number"] for item in response.json()["items"])

    assert numbers(staff, tab="masuk") == [new.number]
    assert numbers(staff, tab="ditangani") == [taken.number]
    assert numbers(staff, tab="riwayat") == [taken.number]
    assert numbers(staff, tab="semua") == sorted([new.number, taken.number])
    reporter = api_client(w.reporter_a)
    assert numbers(reporter, tab="masuk") == []
    assert numbers(reporter, tab="aktif") == sorted([new.number, taken.number])
    # A reporter's Riwayat holds their finished tickets only.
    assert numbers(reporter, tab="riwayat") == []


@pytest.mark.django_db
def test_list_filters(ticket_world: TicketWorld) -> None:
    w = ticket_world
    spse = make_ticket(w, title="Server lambat saat pembukaan penawaran")
    sirup = make_ticket(
        w,
        title="Paket tidak tampil di SiRUP",
        application_id=w.other_app.pk,
        version_id=w.other_version.pk,
        subcategory_id=w.other_subcategory.pk,
    )
    ticket_take(ticket_number=spse.number, actor=w.staff_lpse)
    client = api_client(w.reporter_a)

    def numbers(**params: Any) -> list[str]:
        response = client.get(BASE, params)
        assert response.status_code == 200, response.content
        return [item["number"] for item in response.json()["items"]]

    assert numbers(number=spse.number) == [spse.number]
    assert set(numbers(number=spse.number[:2].lower())) == {spse.number, sirup.number}
    assert numbers(number=spse.number[:3]) == [spse.number]
    assert numbers(q="LAMBAT") == [spse.number]
    assert numbers(status="DIKERJAKAN") == [spse.number]
    assert numbers(application=w.other_app.pk) == [sirup.number]
    assert numbers(version=w.spse_version.pk) == [spse.number]
    assert numbers(priority="minor") == [sirup.number]
    assert set(numbers(lpse=w.lpse.pk)) == {spse.number, sirup.number}
    assert numbers(lpse=w.other_lpse.pk) == []
    today = timezone.localdate()
    assert len(numbers(date_from=today.isoformat(), date_to=today.isoformat())) == 2
    assert numbers(date_from=(today + timedelta(days=1)).isoformat()) == []
    assert numbers(date_to=(today - timedelta(days=1)).isoformat()) == []
    assert numbers(ordering="priority") == [spse.number, sirup.number]
    assert numbers(ordering="-priority") == [sirup.number, spse.number]
    assert numbers(ordering="created_at") == [spse.number, sirup.number]
    assert numbers(ordering="-created_at") == [sirup.number, spse.number]
    assert len(numbers(ordering="sla")) == len(numbers(ordering="-sla")) == 2


@pytest.mark.django_db
def test_list_pages_without_counting(ticket_world: TicketWorld) -> None:
    for _ in range(12):
        make_ticket(ticket_world)
    client = api_client(ticket_world.reporter_a)
    first = client.get(BASE, {"page_size": 10}).json()
    second = client.get(BASE, {"page_size": 10, "page": 2}).json()
    assert (len(first["items"]), first["has_next"]) == (10, True)
    assert (len(second["items"]), second["has_next"]) == (2, False)
    seen = {item["number"] for item in first["items"] + second["items"]}
    assert len(seen) == 12


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": 0}, "page"),
        ({"page_size": 7}, "page_size"),
        ({"tab": "lainnya"}, "tab"),
        ({"ordering": "title"}, "ordering"),
        ({"status": "HILANG"}, "status"),
        ({"date_from": "28-11-2026"}, "date_from"),
        ({"application": "spse"}, "application"),
        # Beyond a database integer: once a 500 (SQLite OverflowError, found by schemathesis).
        ({"application": 10**20}, "application"),
        ({"version": 2**31}, "version"),
        ({"lpse": -(10**20)}, "lpse"),
    ],
)
def test_list_invalid_filters_are_422(
    ticket_world: TicketWorld, params: dict[str, Any], field: str
) -> None:
    response = api_client(ticket_world.reporter_a).get(BASE, params)
    assert response.status_code == 422
    assert response.json()["field"] == field


def _count_queries(client: Client, path: str, params: dict[str, Any] | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params or {})
    assert response.status_code == 200, response.content
    return len(captured)


@pytest.mark.django_db
def test_list_query_count_does_not_grow_with_the_page(ticket_world: TicketWorld) -> None:
    w = ticket_world
    for _ in range(2):
        make_ticket(w, files=[sample_upload("a.png")])
    client = api_client(w.staff_lpse)
    client.get(BASE)  # the token's last-used stamp is written once a minute, not measured
    small = _count_queries(client, BASE, {"page_size": 100})
    for index in range(10):
        ticket = make_ticket(w)
        if index % 2:
            ticket_take(ticket_number=ticket.number, actor=w.staff_lpse)
    large = _count_queries(client, BASE, {"page_size": 100})
    assert small == large, (small, large)
    assert large <= 4, large  # token + page (+ rating chips when rated)


@pytest.mark.django_db
def test_detail_query_count_does_not_grow_with_the_discussion(ticket_world: TicketWorld) -> None:
    w = ticket_world
    ticket = make_ticket(w, files=[sample_upload("a.png")])
    ticket_take(ticket_number=ticket.number, actor=w.staff_lpse)
    client = api_client(w.staff_lpse)
    path = f"{BASE}/{ticket.number}"
    client.get(path)
    small = _count_queries(client, path)
    for index in range(6):
        ticket_comment(
            ticket_number=ticket.number,
            actor=w.staff_lpse,
            message=f"Pesan diskusi nomor {index} untuk pelapor.",
            internal=bool(index % 2),
            files=[sample_upload("b.pdf")],
        )
    large = _count_queries(client, path)
    assert small == large
    assert large <= 12, large


@pytest.mark.django_db
def test_attachments_zip(ticket_world: TicketWorld) -> None:
    w = ticket_world
    ticket = make_ticket(w, files=[sample_upload("galat.png"), sample_upload("log.txt")])
    ticket_take(ticket_number=ticket.number, actor=w.staff_lpse)
    ticket_comment(
        ticket_number=ticket.number,
        actor=w.staff_lpse,
        message=NOTE,
        internal=True,
        files=[sample_upload("rahasia.pdf")],
    )
    path = f"{BASE}/{ticket.number}/attachments.zip"
    response = api_client(w.reporter_a).get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["X-Content-Type-Options"] == "nosniff"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    assert sorted(archive.namelist()) == [
        f"pelapor_{ticket.number}_001.png",
        f"pelapor_{ticket.number}_002.txt",
    ]
    staff = api_client(w.staff_lpse).get(path)
    staff_archive = zipfile.ZipFile(io.BytesIO(b"".join(staff.streaming_content)))  # type: ignore[attr-defined]
    assert len(staff_archive.namelist()) == 3

    assert api_client(w.reporter_b).get(path).status_code == 404
    bare = make_ticket(w)
    none = api_client(w.reporter_a).get(f"{BASE}/{bare.number}/attachments.zip")
    assert none.status_code == 404
    assert none.json()["code"] == "not_found"


@pytest.mark.django_db
def test_session_auth_works_for_reads(ticket_world: TicketWorld) -> None:
    ticket = make_ticket(ticket_world)
    client = Client()
    client.force_login(ticket_world.reporter_a)
    assert client.get(f"{BASE}/{ticket.number}").status_code == 200
    assert client.get(BASE).json()["items"][0]["number"] == ticket.number
    assert Ticket.objects.get().status == Status.BARU

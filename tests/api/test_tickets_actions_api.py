"""Every workflow action through the API: happy path (200 + the detail), out of scope (404),
wrong state (409 with its code), invalid input (422 naming the field), unauthenticated (401)
and idempotent retries."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client

from lpse_support.tickets.models import Ticket, TicketEvent
from lpse_support.tickets.services.ticket_feedback import ticket_request_feedback
from lpse_support.tickets.services.ticket_resolution import ticket_resolve
from lpse_support.tickets.services.ticket_take import ticket_take
from lpse_support.tickets.workflow import Action, Status
from tests.support.api import BASE, api_client
from tests.support.flow import Flow, build_flow
from tests.support.ticket_world import TicketWorld, make_ticket
from tests.support.uploads import sample_upload

MSG = "Mohon dicek kembali, masalah masih terjadi di browser lain."


@pytest.fixture
def flow(ticket_world: TicketWorld) -> Flow:
    return build_flow(ticket_world)


def _taken(flow: Flow) -> Ticket:
    ticket = make_ticket(flow.world)
    ticket_take(ticket_number=ticket.number, actor=flow.world.staff_lpse)
    return ticket


def _waiting_confirmation(flow: Flow) -> Ticket:
    ticket = _taken(flow)
    ticket_resolve(ticket_number=ticket.number, actor=flow.world.staff_lpse, message=MSG)
    return ticket


def _status(ticket: Ticket) -> str:
    return Ticket.objects.get(pk=ticket.pk).status


@pytest.mark.django_db
def test_take(flow: Flow) -> None:
    w = flow.world
    ticket = make_ticket(w)
    response = api_client(w.staff_lpse).post(f"{BASE}/{ticket.number}/take")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"]["code"] == "DIKERJAKAN"
    assert body["assignee"]["username"] == w.staff_lpse.username
    assert "resolve" in body["allowed_actions"]

    again = api_client(flow.staff_lpse_2).post(f"{BASE}/{ticket.number}/take")
    assert again.status_code == 409
    assert again.json()["code"] == "already_taken"
    assert "sudah diambil oleh" in again.json()["detail"]


@pytest.mark.django_db
def test_take_by_someone_outside_the_team_is_refused(flow: Flow) -> None:
    w = flow.world
    ticket = make_ticket(w)
    by_reporter = api_client(w.reporter_a).post(f"{BASE}/{ticket.number}/take")
    assert by_reporter.status_code == 409
    assert by_reporter.json()["code"] == "invalid_transition"
    by_stranger = api_client(w.reporter_b).post(f"{BASE}/{ticket.number}/take")
    assert by_stranger.status_code == 404
    assert _status(ticket) == Status.BARU


@pytest.mark.django_db
def test_take_with_an_idempotency_key_acts_once(flow: Flow) -> None:
    w = flow.world
    ticket = make_ticket(w)
    client = api_client(w.staff_lpse)
    key = str(uuid.uuid4())
    first = client.post(f"{BASE}/{ticket.number}/take", headers={"idempotency-key": key})
    second = client.post(f"{BASE}/{ticket.number}/take", headers={"idempotency-key": key})
    assert (first.status_code, second.status_code) == (200, 200)
    assert TicketEvent.objects.filter(ticket=ticket, action=Action.TAKE).count() == 1


@pytest.mark.django_db
def test_reclassify(flow: Flow) -> None:
    w = flow.world
    ticket = _taken(flow)
    client = api_client(w.staff_lpse)
    path = f"{BASE}/{ticket.number}/classification"
    response = client.patch(
        path, {"subcategory_id": w.deadline_subcategory.pk}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["subcategory"]["id"] == w.deadline_subcategory.pk

    wrong_app = client.patch(
        path, {"subcategory_id": w.other_subcategory.pk}, content_type="application/json"
    )
    assert wrong_app.status_code == 422
    assert wrong_app.json()["field"] == "subcategory_id"
    missing = client.patch(path, {}, content_type="application/json")
    assert missing.status_code == 422
    assert missing.json()["field"] == "subcategory_id"
    by_reporter = api_client(w.reporter_a).patch(
        path, {"subcategory_id": w.subcategory.pk}, content_type="application/json"
    )
    assert by_reporter.status_code == 409


@pytest.mark.django_db
def test_request_and_give_feedback(flow: Flow) -> None:
    w = flow.world
    ticket = _taken(flow)
    staff = api_client(w.staff_lpse)
    short = staff.post(f"{BASE}/{ticket.number}/request-feedback", {"message": "kurang"})
    assert short.status_code == 422
    assert short.json()["field"] == "message"

    asked = staff.post(
        f"{BASE}/{ticket.number}/request-feedback",
        {"message": MSG, "files": [sample_upload("contoh.png")]},
    )
    assert asked.status_code == 200, asked.content
    assert asked.json()["status"]["code"] == "MENUNGGU_FEEDBACK"
    assert asked.json()["position"] == "Pelapor"
    assert asked.json()["messages"][-1]["attachments"][0]["original_name"] == "contoh.png"

    reporter = api_client(w.reporter_a)
    assert "give_feedback" in reporter.get(f"{BASE}/{ticket.number}").json()["allowed_actions"]
    answered = reporter.post(
        f"{BASE}/{ticket.number}/feedback", {"message": MSG, "files": [sample_upload("a.pdf")]}
    )
    assert answered.status_code == 200, answered.content
    assert answered.json()["status"]["code"] == "DIKERJAKAN"
    twice = reporter.post(f"{BASE}/{ticket.number}/feedback", {"message": MSG})
    assert twice.status_code == 409


@pytest.mark.django_db
def test_escalate_then_the_next_tier_takes_it(flow: Flow) -> None:
    w = flow.world
    ticket = _taken(flow)
    response = api_client(w.staff_lpse).post(
        f"{BASE}/{ticket.number}/escalate",
        {"message": MSG, "files": [sample_upload("log.txt")]},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"]["code"] == "BARU"
    assert body["team"]["id"] == w.team_lkpp.pk
    assert body["assignee"] is None
    taken = api_client(w.helpdesk_lkpp).post(f"{BASE}/{ticket.number}/take")
    assert taken.status_code == 200
    assert taken.json()["assignee"]["username"] == w.helpdesk_lkpp.username


@pytest.mark.django_db
def test_escalate_to_an_invalid_team_is_422(flow: Flow) -> None:
    w = flow.world
    ticket = _taken(flow)
    response = api_client(w.staff_lpse).post(
        f"{BASE}/{ticket.number}/escalate",
        {"message": MSG, "target_team_id": w.team_other_lpse.pk},
    )
    assert response.status_code == 422
    assert response.json()["field"] == "target_team_id"
    assert _status(ticket) == Status.DIKERJAKAN


@pytest.mark.django_db
def test_resolve_reject_resolve_confirm_rate(flow: Flow) -> None:
    w = flow.world
    ticket = _taken(flow)
    staff, reporter = api_client(w.staff_lpse), api_client(w.reporter_a)
    resolved = staff.post(f"{BASE}/{ticket.number}/resolve", {"message": MSG})
    assert resolved.status_code == 200, resolved.content
    assert resolved.json()["status"]["code"] == "MENUNGGU_KONFIRMASI"
    assert staff.post(f"{BASE}/{ticket.number}/confirm").status_code == 409

    rejected = reporter.post(
        f"{BASE}/{ticket.number}/reject", {"message": MSG, "files": [sample_upload("b.jpg")]}
    )
    assert rejected.status_code == 200, rejected.content
    assert rejected.json()["status"]["code"] == "DIKERJAKAN"
    assert staff.post(f"{BASE}/{ticket.number}/resolve", {"message": MSG}).status_code == 200

    confirmed = reporter.post(f"{BASE}/{ticket.number}/confirm")
    assert confirmed.status_code == 200
    assert confirmed.json()["status"]["code"] == "SELESAI"
    assert confirmed.json()["allowed_actions"] == ["rate"]

    bad_stars = reporter.post(
        f"{BASE}/{ticket.number}/rating", {"stars": 9}, content_type="application/json"
    )
    assert bad_stars.status_code == 422
    assert bad_stars.json()["field"] == "stars"
    not_a_number = reporter.post(
        f"{BASE}/{ticket.number}/rating", {"stars": "lima"}, content_type="application/json"
    )
    assert not_a_number.status_code == 422
    assert not_a_number.json()["field"] == "stars"

    rated = reporter.post(
        f"{BASE}/{ticket.number}/rating",
        {"stars": 5, "chip_ids": [], "message": "Terima kasih, cepat sekali."},
        content_type="application/json",
    )
    assert rated.status_code == 200, rated.content
    assert rated.json()["rating"]["stars"] == 5
    assert rated.json()["allowed_actions"] == []
    again = reporter.post(
        f"{BASE}/{ticket.number}/rating", {"stars": 4}, content_type="application/json"
    )
    assert again.status_code == 409
    listed = reporter.get(BASE).json()["items"][0]
    assert listed["rating"]["stars"] == 5


@pytest.mark.django_db
def test_close(flow: Flow) -> None:
    w = flow.world
    ticket = make_ticket(w)
    reporter = api_client(w.reporter_a)
    by_staff = api_client(w.staff_lpse).post(
        f"{BASE}/{ticket.number}/close", {"reason": ""}, content_type="application/json"
    )
    assert by_staff.status_code == 409
    closed = reporter.post(
        f"{BASE}/{ticket.number}/close",
        {"reason": "Masalah sudah teratasi sendiri."},
        content_type="application/json",
    )
    assert closed.status_code == 200, closed.content
    assert closed.json()["status"]["code"] == "DITUTUP"
    twice = reporter.post(f"{BASE}/{ticket.number}/close", {}, content_type="application/json")
    assert twice.status_code == 409
    assert twice.json()["code"] == "invalid_transition"


@pytest.mark.django_db
def test_messages_and_internal_notes(flow: Flow) -> None:
    w = flow.world
    ticket = _taken(flow)
    reporter, staff = api_client(w.reporter_a), api_client(w.staff_lpse)
    sent = reporter.post(
        f"{BASE}/{ticket.number}/messages",
        {"message": "Apakah ada perkembangan terkait masalah ini?"},
    )
    assert sent.status_code == 200, sent.content
    assert sent.json()["messages"][-1]["author"]["username"] == w.reporter_a.username
    assert sent.json()["messages"][-1]["side"] == "pelapor"

    note = staff.post(
        f"{BASE}/{ticket.number}/messages",
        {"message": "Catatan internal: menunggu tim teknis.", "internal": "true"},
    )
    assert note.status_code == 200, note.content
    assert note.json()["messages"][-1]["is_internal"] is True
    hidden = reporter.get(f"{BASE}/{ticket.number}").json()
    assert "menunggu tim teknis" not in str(hidden)

    reporter_note = reporter.post(
        f"{BASE}/{ticket.number}/messages",
        {"message": "Pelapor mencoba catatan internal.", "internal": "true"},
    )
    assert reporter_note.status_code == 409
    empty = reporter.post(f"{BASE}/{ticket.number}/messages", {"message": ""})
    assert empty.status_code == 422
    assert empty.json()["field"] == "message"
    missing = reporter.post(f"{BASE}/{ticket.number}/messages", {})
    assert missing.status_code == 422
    assert missing.json()["field"] == "message"


def _calls(number: str) -> list[tuple[str, str, dict[str, Any], str | None]]:
    json = "application/json"
    return [
        ("post", "take", {}, None),
        ("patch", "classification", {"subcategory_id": 1}, json),
        ("post", "request-feedback", {"message": MSG}, None),
        ("post", "feedback", {"message": MSG}, None),
        ("post", "escalate", {"message": MSG}, None),
        ("post", "resolve", {"message": MSG}, None),
        ("post", "confirm", {}, None),
        ("post", "reject", {"message": MSG}, None),
        ("post", "close", {"reason": ""}, json),
        ("post", "rating", {"stars": 5}, json),
        ("post", "messages", {"message": MSG}, None),
    ]


def _send(client: Client, method: str, path: str, data: dict[str, Any], ctype: str | None) -> Any:
    call = getattr(client, method)
    if ctype is None:
        return call(path, data)
    return call(path, data, content_type=ctype)


@pytest.mark.django_db
def test_every_action_is_404_out_of_scope_and_401_without_a_token(flow: Flow) -> None:
    w = flow.world
    ticket = _taken(flow)
    ticket_request_feedback(ticket_number=ticket.number, actor=w.staff_lpse, message=MSG)
    stranger = api_client(w.reporter_b)
    anonymous = Client()
    for method, action, data, ctype in _calls(ticket.number):
        path = f"{BASE}/{ticket.number}/{action}"
        out = _send(stranger, method, path, data, ctype)
        assert out.status_code == 404, (action, out.content)
        assert out.json()["code"] == "not_found"
        missing = _send(stranger, method, f"{BASE}/TPS9901019999/{action}", data, ctype)
        assert missing.json() == out.json()
        assert _send(anonymous, method, path, data, ctype).status_code == 401, action
    assert _status(ticket) == Status.MENUNGGU_FEEDBACK
    assert TicketEvent.objects.filter(ticket=ticket).count() == 3

"""POST /api/v1/tickets/bulk (issue 14 item 4): the same per-ticket services as the page, each in
its own transaction; refusals are listed with their catalogue code and message; bad input is a
422 that changes nothing; Idempotency-Key makes a repeat harmless."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from lpse_support.tickets.models import TicketEvent
from lpse_support.tickets.services.ticket_take import ticket_take
from lpse_support.tickets.workflow import Action, Status
from tests.support.api import api_client
from tests.support.factories import UserFactory
from tests.support.ticket_world import TicketWorld, make_ticket

pytestmark = pytest.mark.django_db
URL = "/api/v1/tickets/bulk"


def test_requires_a_token(ticket_world: TicketWorld) -> None:
    response = Client().post(URL, {"operation": "take", "numbers": []}, "application/json")
    assert response.status_code == 401


def test_bulk_take_of_ten_with_refusals(ticket_world: TicketWorld) -> None:
    w = ticket_world
    tickets = [make_ticket(w, title=f"Tiket {n}") for n in range(10)]
    taken = make_ticket(w, title="Sudah diambil")
    ticket_take(ticket_number=taken.number, actor=w.staff_lpse)
    reporter = UserFactory.create(reporter_category=w.category_ppk, home_lpse=w.other_lpse)
    hidden = make_ticket(w, reporter=reporter)
    numbers = [t.number for t in tickets] + [taken.number, hidden.number]
    response = api_client(w.staff_lpse).post(
        URL, {"operation": "take", "numbers": numbers}, "application/json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["operation"] == "take"
    assert body["succeeded"] == [t.number for t in tickets]
    refused = {item["number"]: item for item in body["refused"]}
    assert refused[taken.number]["code"] in ("already_taken", "invalid_transition")
    assert refused[hidden.number] == {
        "number": hidden.number,
        "code": "not_found",
        "detail": "Tiket tidak ditemukan.",
    }
    for ticket in tickets:
        ticket.refresh_from_db()
        assert (ticket.status, ticket.assignee_id) == (Status.DIKERJAKAN, w.staff_lpse.pk)


def test_idempotency_key_repeat_acts_once(ticket_world: TicketWorld) -> None:
    w = ticket_world
    tickets = [make_ticket(w) for _ in range(2)]
    client = api_client(w.staff_lpse)
    key = str(uuid.uuid4())
    payload = {"operation": "take", "numbers": [t.number for t in tickets]}
    for _ in range(2):
        response = client.post(URL, payload, "application/json", headers={"Idempotency-Key": key})
        assert response.status_code == 200
        assert response.json()["refused"] == []
    for ticket in tickets:
        assert TicketEvent.objects.filter(ticket=ticket, action=Action.TAKE).count() == 1


def test_revisions_refuse_a_changed_ticket(ticket_world: TicketWorld) -> None:
    w = ticket_world
    ticket = make_ticket(w)
    payload = {"operation": "take", "numbers": [ticket.number], "revisions": {ticket.number: 99}}
    body = api_client(w.staff_lpse).post(URL, payload, "application/json").json()
    assert body["succeeded"] == [] and body["refused"][0]["code"] == "ticket_changed"


@pytest.mark.parametrize(
    ("payload", "field", "text"),
    [
        ({"operation": "take", "numbers": []}, "numbers", "Pilih minimal satu tiket."),
        (
            {"operation": "take", "numbers": [f"TPX{n:010d}" for n in range(101)]},
            "numbers",
            "paling banyak 100 tiket",
        ),
        ({"operation": "close", "numbers": ["TPX0000000001"]}, "operation", "tidak tersedia"),
        ({"operation": "export_csv", "numbers": ["TPX0000000001"]}, "operation", "tidak tersedia"),
        ({"operation": "hapus", "numbers": ["TPX0000000001"]}, "operation", "tidak tersedia"),
        (
            {"operation": "unassign", "numbers": ["TPX0000000001"], "inputs": {"reason": "x"}},
            "inputs.reason",
            "Alasan minimal 15 karakter.",
        ),
    ],
)
def test_bad_input_is_422_and_changes_nothing(
    ticket_world: TicketWorld, payload: dict[str, object], field: str, text: str
) -> None:
    w = ticket_world
    ticket = make_ticket(w)
    response = api_client(w.staff_lpse).post(URL, payload, "application/json")
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["field"] == field and text in body["detail"]
    ticket.refresh_from_db()
    assert ticket.status == Status.BARU


def test_a_reporter_closes_only_own_tickets(ticket_world: TicketWorld) -> None:
    w = ticket_world
    own = make_ticket(w, reporter=w.reporter_a)
    theirs = make_ticket(w, reporter=w.reporter_b)
    payload = {
        "operation": "close",
        "numbers": [own.number, theirs.number],
        "inputs": {"reason": "Sudah teratasi sendiri."},
    }
    body = api_client(w.reporter_a).post(URL, payload, "application/json").json()
    assert body["succeeded"] == [own.number]
    assert body["refused"][0]["number"] == theirs.number
    own.refresh_from_db()
    theirs.refresh_from_db()
    assert own.status == Status.DITUTUP and theirs.status == Status.BARU
    event = TicketEvent.objects.get(ticket=own, action=Action.CLOSE)
    assert event.data == {"reason": "Sudah teratasi sendiri."}

"""Lepas Tiket, Alihkan Tiket and Tarik ke Antrean through the API (issue 14 item 2): happy path
(200 + the detail), refused by the table (409), invalid input (422 naming the field), out of
scope (404)."""

from __future__ import annotations

import pytest

from lpse_support.accounts.models import TeamMembership, User
from lpse_support.tickets.models import Ticket
from lpse_support.tickets.services.ticket_take import ticket_take
from lpse_support.tickets.workflow import Status
from tests.support.api import BASE, api_client
from tests.support.factories import UserFactory
from tests.support.flow import Flow
from tests.support.ticket_world import make_ticket

pytestmark = pytest.mark.django_db

REASON = "Beban kerja dibagi ulang oleh ketua tim hari ini."


def _taken(flow: Flow) -> Ticket:
    ticket = make_ticket(flow.world)
    ticket_take(ticket_number=ticket.number, actor=flow.world.staff_lpse)
    return ticket


def _lead(flow: Flow) -> User:
    lead = UserFactory.create(username="ketua_mks")
    TeamMembership.objects.create(team=flow.world.team_lpse, user=lead, is_lead=True)
    return lead


def test_unassign(flow: Flow) -> None:
    ticket = _taken(flow)
    assignee = api_client(flow.world.staff_lpse)
    short = assignee.post(
        f"{BASE}/{ticket.number}/unassign", {"reason": "cuti"}, content_type="application/json"
    )
    assert short.status_code == 422 and short.json()["field"] == "reason"
    colleague = api_client(flow.staff_lpse_2).post(
        f"{BASE}/{ticket.number}/unassign", {"reason": REASON}, content_type="application/json"
    )
    assert colleague.status_code == 409 and colleague.json()["code"] == "invalid_transition"

    done = assignee.post(
        f"{BASE}/{ticket.number}/unassign", {"reason": REASON}, content_type="application/json"
    )

    assert done.status_code == 200, done.content
    assert done.json()["status"]["code"] == Status.BARU
    assert done.json()["assignee"] is None
    assert "take" in done.json()["allowed_actions"]


def test_reassign_and_recall(flow: Flow) -> None:
    ticket = _taken(flow)
    lead = api_client(_lead(flow))
    url = f"{BASE}/{ticket.number}/reassign"
    wrong = lead.post(
        url,
        {"assignee_id": flow.world.helpdesk_lkpp.pk, "reason": REASON},
        content_type="application/json",
    )
    assert wrong.status_code == 422
    assert wrong.json()["code"] == "reassign_target_invalid"
    assert wrong.json()["field"] == "assignee_id"
    assert Ticket.objects.get(pk=ticket.pk).assignee_id == flow.world.staff_lpse.pk
    plain = api_client(flow.staff_lpse_2).post(
        url,
        {"assignee_id": flow.staff_lpse_2.pk, "reason": REASON},
        content_type="application/json",
    )
    assert plain.status_code == 409
    stranger = api_client(flow.world.staff_other_lpse).post(
        url,
        {"assignee_id": flow.staff_lpse_2.pk, "reason": REASON},
        content_type="application/json",
    )
    assert stranger.status_code == 404

    moved = lead.post(
        url,
        {"assignee_id": flow.staff_lpse_2.pk, "reason": REASON},
        content_type="application/json",
    )
    assert moved.status_code == 200, moved.content
    body = moved.json()
    assert body["assignee"]["username"] == flow.staff_lpse_2.username
    assert body["status"]["code"] == Status.DIKERJAKAN
    assert {"reassign", "recall"} <= set(body["allowed_actions"])

    recalled = lead.post(
        f"{BASE}/{ticket.number}/recall", {"reason": REASON}, content_type="application/json"
    )
    assert recalled.status_code == 200, recalled.content
    assert recalled.json()["status"]["code"] == Status.BARU
    assert recalled.json()["assignee"] is None

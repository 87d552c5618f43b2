"""Asking for and giving feedback through the action pages (guide §4.2.3, SPEC §4): the reporter
answers a request from the assignee, and after an escalation the new team asks the escalating
team."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from lpse_support.tickets.workflow import FeedbackFrom, Status
from tests.support.ticket_world import TicketWorld
from tests.support.uploads import sample_upload
from tests.tickets.actions.helpers import LONG, _fresh, _notices, _page, _post, _taken, _url

pytestmark = pytest.mark.django_db


def test_request_feedback_and_answer(client: Client, ticket_world: TicketWorld) -> None:
    world = ticket_world
    ticket = _taken(world)
    response = _post(
        client,
        world.staff_lpse,
        "work",
        ticket,
        tindakan="request_feedback",
        from_party="reporter",
        message="Mohon kirim tangkapan layar pesan galatnya.",
        files=[sample_upload("layar.png")],
        idempotency_key=uuid.uuid4(),
    )
    assert "Tiket berhasil dikerjakan!" in _notices(response)
    ticket = _fresh(ticket)
    assert ticket.status == Status.MENUNGGU_FEEDBACK
    assert ticket.feedback_from == FeedbackFrom.REPORTER
    page = _page(client, world.reporter_a, ticket)
    who = f"{world.staff_lpse.get_full_name()} ({world.team_lpse.name})"
    assert f"{who} meminta feedback dari Anda" in page
    assert "Mohon kirim tangkapan layar pesan galatnya." in page
    assert _url("give_feedback", ticket) in page
    assert _url("give_feedback", ticket) not in _page(client, world.staff_lpse, ticket)
    response = _post(
        client,
        world.reporter_a,
        "give_feedback",
        ticket,
        message=LONG,
        idempotency_key=uuid.uuid4(),
    )
    assert "Feedback berhasil terkirim!" in _notices(response)
    assert _fresh(ticket).status == Status.DIKERJAKAN


def test_escalate_then_ask_the_escalating_team(client: Client, ticket_world: TicketWorld) -> None:
    world = ticket_world
    ticket = _taken(world)
    response = _post(
        client,
        world.staff_lpse,
        "escalate",
        ticket,
        message="Perlu penanganan Helpdesk LKPP untuk kasus ini.",
        idempotency_key=uuid.uuid4(),
    )
    assert "Tiket berhasil dikerjakan!" in _notices(response)
    ticket = _fresh(ticket)
    assert (ticket.status, ticket.team) == (Status.BARU, world.team_lkpp)
    assert "Ambil Tiket" in _page(client, world.helpdesk_lkpp, ticket)
    _post(client, world.helpdesk_lkpp, "take", ticket)
    page = _page(client, world.helpdesk_lkpp, ticket)
    assert f"Tim yang mengeskalasi: {world.team_lpse.name}" in page
    _post(
        client,
        world.helpdesk_lkpp,
        "work",
        ticket,
        tindakan="request_feedback",
        from_party="team",
        message="Mohon info kode tender yang dimaksud pelapor.",
    )
    ticket = _fresh(ticket)
    assert (ticket.status, ticket.feedback_team) == (Status.MENUNGGU_FEEDBACK, world.team_lpse)
    lpse_page = _page(client, world.staff_lpse, ticket)
    assert "meminta feedback dari Anda" in lpse_page
    assert "meminta feedback dari Anda" not in _page(client, world.reporter_a, ticket)
    response = _post(client, world.staff_lpse, "give_feedback", ticket, message=LONG)
    assert "Feedback berhasil terkirim!" in _notices(response)
    assert _fresh(ticket).status == Status.DIKERJAKAN

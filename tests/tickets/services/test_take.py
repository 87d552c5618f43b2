"""Ambil Tiket: state after, the event row, refusals, idempotency."""

from __future__ import annotations

import uuid

import pytest

from lpse_support.core.errors import InvalidInput, NotFound
from lpse_support.tickets.errors import AlreadyTaken, InvalidTransition
from lpse_support.tickets.models import Ticket, TicketEvent, TicketMessage
from lpse_support.tickets.services.ticket_take import ticket_take
from lpse_support.tickets.workflow import Action, Status
from tests.support.drive import drive_to, last_event, snapshot
from tests.support.flow import Flow


def test_take_assigns_the_actor_and_records_the_event(flow: Flow) -> None:
    w = flow.world
    ticket = drive_to(w, Status.BARU)
    assert (ticket.assignee_id, ticket.position, ticket.first_response_at) == (
        None,
        "Helpdesk LPSE",
        None,
    )
    ticket_take(ticket_number=ticket.number, actor=w.staff_lpse)
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert ticket.status == Status.DIKERJAKAN
    assert ticket.assignee == w.staff_lpse
    assert ticket.team == w.team_lpse
    assert ticket.position == "Helpdesk LPSE"
    assert ticket.first_response_at is not None
    assert ticket.previous_team is None
    event = last_event(ticket)
    assert (event.actor, event.action, event.from_status, event.to_status) == (
        w.staff_lpse,
        Action.TAKE,
        Status.BARU,
        Status.DIKERJAKAN,
    )
    assert (event.team, event.assignee) == (w.team_lpse, w.staff_lpse)
    line = TicketMessage.objects.filter(ticket=ticket).order_by("-id").first()
    assert line is not None and line.kind == "system"
    assert (
        line.body == f"Tiket diambil oleh {w.staff_lpse.get_full_name()} (Helpdesk LPSE Makassar)."
    )


def test_second_taker_is_told_who_took_it(flow: Flow) -> None:
    w = flow.world
    ticket = drive_to(w, Status.BARU)
    ticket_take(ticket_number=ticket.number, actor=flow.staff_lpse_2)
    before = snapshot(ticket.number)
    with pytest.raises(AlreadyTaken) as refused:
        ticket_take(ticket_number=ticket.number, actor=w.staff_lpse)
    assert refused.value.message == "Tiket sudah diambil oleh Verifikator Makassar."
    assert refused.value.code == "already_taken"
    assert snapshot(ticket.number) == before


def test_only_members_of_the_tickets_team_may_take(flow: Flow) -> None:
    w = flow.world
    ticket = drive_to(w, Status.BARU)
    with pytest.raises(InvalidTransition):
        ticket_take(ticket_number=ticket.number, actor=w.reporter_a)
    with pytest.raises(NotFound):
        ticket_take(ticket_number=ticket.number, actor=w.staff_other_lpse)
    with pytest.raises(NotFound):
        ticket_take(ticket_number=ticket.number, actor=w.helpdesk_lkpp)
    assert Ticket.objects.get(pk=ticket.pk).status == Status.BARU


def test_same_idempotency_key_twice_takes_once(flow: Flow) -> None:
    w = flow.world
    ticket = drive_to(w, Status.BARU)
    key = uuid.uuid4()
    first = ticket_take(ticket_number=ticket.number, actor=w.staff_lpse, idempotency_key=key)
    again = ticket_take(ticket_number=ticket.number, actor=w.staff_lpse, idempotency_key=key)
    assert first.pk == again.pk and again.status == Status.DIKERJAKAN
    assert TicketEvent.objects.filter(ticket=ticket, action=Action.TAKE).count() == 1
    assert TicketEvent.objects.filter(idempotency_key=key).count() == 1


def test_a_key_used_on_another_ticket_is_refused_not_silently_ignored(flow: Flow) -> None:
    w = flow.world
    first, second = drive_to(w, Status.BARU), drive_to(w, Status.BARU)
    key = uuid.uuid4()
    ticket_take(ticket_number=first.number, actor=w.staff_lpse, idempotency_key=key)
    before = snapshot(second.number)
    with pytest.raises(InvalidInput):
        ticket_take(ticket_number=second.number, actor=w.staff_lpse, idempotency_key=key)
    assert snapshot(second.number) == before

"""Tutup Tiket: the reporter closes an open ticket, once; closing ends a wait for feedback."""

from __future__ import annotations

import pytest

from lpse_support.core.errors import NotFound
from lpse_support.tickets.errors import InvalidTransition
from lpse_support.tickets.models import Ticket
from lpse_support.tickets.services.ticket_close import ticket_force_close
from lpse_support.tickets.workflow import OPEN_STATUSES, Action, Status
from tests.support.drive import drive_to, last_event, snapshot
from tests.support.flow import Flow


@pytest.mark.parametrize("status", sorted(OPEN_STATUSES), ids=str)
def test_reporter_closes_from_any_open_status(flow: Flow, status: Status) -> None:
    w = flow.world
    ticket = drive_to(w, status)
    ticket_force_close(ticket_number=ticket.number, actor=w.reporter_a, reason="Sudah teratasi")
    after = Ticket.objects.get(pk=ticket.pk)
    assert (after.status, after.position) == (Status.DITUTUP, "Ditutup")
    assert after.done_at is not None
    assert after.assignee_id == ticket.assignee_id and after.team_id == ticket.team_id
    event = last_event(after)
    assert (event.actor, event.action, event.from_status, event.to_status) == (
        w.reporter_a,
        Action.CLOSE,
        status,
        Status.DITUTUP,
    )
    assert event.data == {"reason": "Sudah teratasi"}
    line = after.messages.order_by("-id").first()
    assert line is not None and line.kind == "system"
    assert line.body.endswith("Alasan: Sudah teratasi")


def test_only_the_reporter_closes_and_only_once(flow: Flow) -> None:
    w = flow.world
    ticket = drive_to(w, Status.DIKERJAKAN)
    before = snapshot(ticket.number)
    with pytest.raises(InvalidTransition):
        ticket_force_close(ticket_number=ticket.number, actor=w.staff_lpse)
    with pytest.raises(NotFound):
        ticket_force_close(ticket_number=ticket.number, actor=w.reporter_b)
    assert snapshot(ticket.number) == before
    ticket_force_close(ticket_number=ticket.number, actor=w.reporter_a)
    closed = snapshot(ticket.number)
    with pytest.raises(InvalidTransition):
        ticket_force_close(ticket_number=ticket.number, actor=w.reporter_a)
    assert snapshot(ticket.number) == closed


def test_closing_while_the_reporter_is_asked_ends_the_wait(flow: Flow) -> None:
    w = flow.world
    ticket = drive_to(w, Status.MENUNGGU_FEEDBACK)
    assert Ticket.objects.get(pk=ticket.pk).waiting_since is not None
    ticket_force_close(ticket_number=ticket.number, actor=w.reporter_a)
    after = Ticket.objects.get(pk=ticket.pk)
    assert after.status == Status.DITUTUP
    assert (after.feedback_from, after.feedback_team, after.waiting_since) == ("", None, None)
    assert after.position == "Ditutup"

"""The SLA clock (R-SLA): taking sets the first response; waiting for the reporter's feedback
stops the resolution clock for exactly the business minutes waited; waiting for a team does not."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from lpse_support.catalog.business_time import load_calendar
from lpse_support.tickets.models import Ticket
from lpse_support.tickets.services.ticket_escalate import ticket_escalate
from lpse_support.tickets.services.ticket_feedback import (
    ticket_give_feedback,
    ticket_request_feedback,
)
from lpse_support.tickets.services.ticket_take import ticket_take
from lpse_support.tickets.workflow import FeedbackFrom, Status
from tests.support.drive import MSG, drive_escalated, drive_to
from tests.support.flow import Flow


def test_take_sets_first_response_once(flow: Flow) -> None:
    w = flow.world
    ticket = drive_to(w, Status.BARU)
    started = timezone.now()
    ticket_take(ticket_number=ticket.number, actor=w.staff_lpse)
    first = Ticket.objects.get(pk=ticket.pk).first_response_at
    assert first is not None and started <= first <= timezone.now()
    ticket_escalate(ticket_number=ticket.number, actor=w.staff_lpse, message=MSG)
    ticket_take(ticket_number=ticket.number, actor=w.helpdesk_lkpp)
    assert Ticket.objects.get(pk=ticket.pk).first_response_at == first


def _wait_for_reporter(number: str, days_ago: int) -> int:
    """Pretend the reporter was asked ``days_ago`` days ago, answer now; return the business
    minutes the clock must have stood still."""
    ticket = Ticket.objects.get(number=number)
    assert ticket.waiting_since is not None
    asked_at = ticket.waiting_since - timedelta(days=days_ago)
    Ticket.objects.filter(pk=ticket.pk).update(waiting_since=asked_at)
    ticket_give_feedback(ticket_number=number, actor=ticket.reporter, message=MSG)
    answered = Ticket.objects.get(pk=ticket.pk)
    # The service stamps updated_at with the same ``now`` it uses to measure the pause.
    return load_calendar().business_minutes_between(asked_at, answered.updated_at)


def test_waiting_for_the_reporter_moves_the_resolution_deadline(flow: Flow) -> None:
    w = flow.world
    calendar = load_calendar()
    ticket = drive_to(w, Status.DIKERJAKAN)
    due_before = ticket.resolution_due_at
    response_due = ticket.response_due_at
    assert ticket.sla_paused_minutes == 0

    ticket_request_feedback(ticket_number=ticket.number, actor=w.staff_lpse, message=MSG)
    paused = _wait_for_reporter(ticket.number, days_ago=10)
    assert paused >= 6 * 8 * 60 - 60  # ten calendar days hold at least six working days
    after = Ticket.objects.get(pk=ticket.pk)
    assert after.sla_paused_minutes == paused
    assert after.resolution_due_at == calendar.add_business_minutes(due_before, paused)
    assert calendar.business_minutes_between(due_before, after.resolution_due_at) == paused
    assert after.response_due_at == response_due
    assert after.waiting_since is None

    # A second wait adds to the first.
    ticket_request_feedback(ticket_number=ticket.number, actor=w.staff_lpse, message=MSG)
    again = _wait_for_reporter(ticket.number, days_ago=3)
    final = Ticket.objects.get(pk=ticket.pk)
    assert final.sla_paused_minutes == paused + again
    assert final.resolution_due_at == calendar.add_business_minutes(after.resolution_due_at, again)


def test_waiting_for_a_team_does_not_pause(flow: Flow) -> None:
    w = flow.world
    ticket = drive_escalated(w, w.helpdesk_lkpp)
    due_before = ticket.resolution_due_at
    ticket_request_feedback(
        ticket_number=ticket.number,
        actor=w.helpdesk_lkpp,
        message=MSG,
        from_party=FeedbackFrom.TEAM,
    )
    assert Ticket.objects.get(pk=ticket.pk).waiting_since is None
    ticket_give_feedback(ticket_number=ticket.number, actor=w.staff_lpse, message=MSG)
    after = Ticket.objects.get(pk=ticket.pk)
    assert (after.sla_paused_minutes, after.resolution_due_at) == (0, due_before)

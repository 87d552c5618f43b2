"""Butuh Feedback / Beri Feedback: from the reporter or from the team that escalated, messages
and attachment names per side, short messages refused, team feedback only after an escalation."""

from __future__ import annotations

from pathlib import Path

import pytest

from lpse_support.core.errors import InvalidInput
from lpse_support.tickets.errors import InvalidTransition
from lpse_support.tickets.models import Ticket, TicketAttachment, TicketMessage
from lpse_support.tickets.services.ticket_feedback import (
    ticket_give_feedback,
    ticket_request_feedback,
)
from lpse_support.tickets.workflow import Action, FeedbackFrom, Side, Status
from tests.support.drive import (
    MSG,
    SHORT,
    drive_escalated,
    drive_to,
    last_event,
    snapshot,
)
from tests.support.flow import Flow
from tests.support.uploads import sample_upload, stored_files


def _last_message(ticket: Ticket) -> TicketMessage:
    message = TicketMessage.objects.filter(ticket=ticket, kind="message").order_by("-id").first()
    assert message is not None
    return message


def test_asking_the_reporter(flow: Flow) -> None:
    w = flow.world
    ticket = drive_to(w, Status.DIKERJAKAN)
    ticket_request_feedback(
        ticket_number=ticket.number,
        actor=w.staff_lpse,
        message=MSG,
        files=[sample_upload("tangkapan layar.png")],
    )
    after = Ticket.objects.get(pk=ticket.pk)
    assert after.status == Status.MENUNGGU_FEEDBACK
    assert after.position == "Pelapor"
    assert (after.feedback_from, after.feedback_team) == (FeedbackFrom.REPORTER, None)
    assert after.waiting_since is not None
    assert (after.assignee, after.team) == (w.staff_lpse, w.team_lpse)
    event = last_event(after)
    assert (event.actor, event.action, event.from_status, event.to_status) == (
        w.staff_lpse,
        Action.REQUEST_FEEDBACK,
        Status.DIKERJAKAN,
        Status.MENUNGGU_FEEDBACK,
    )
    assert (event.team, event.assignee, event.data) == (
        w.team_lpse,
        w.staff_lpse,
        {"asked": FeedbackFrom.REPORTER},
    )
    message = _last_message(after)
    assert (message.author, message.side, message.body, message.is_internal) == (
        w.staff_lpse,
        Side.LPSE,
        MSG,
        False,
    )
    attachment = TicketAttachment.objects.get(message=message)
    assert attachment.stored_name == f"lpse_{ticket.number}_001.png"
    assert attachment.original_name == "tangkapan layar.png"


def test_reporter_answers_and_the_ticket_goes_back_to_the_assignee(flow: Flow) -> None:
    w = flow.world
    ticket = drive_to(w, Status.MENUNGGU_FEEDBACK)
    with pytest.raises(InvalidTransition):  # only the one asked answers
        ticket_give_feedback(ticket_number=ticket.number, actor=w.staff_lpse, message=MSG)
    ticket_give_feedback(
        ticket_number=ticket.number,
        actor=w.reporter_a,
        message=MSG,
        files=[sample_upload("bukti.pdf")],
    )
    after = Ticket.objects.get(pk=ticket.pk)
    assert after.status == Status.DIKERJAKAN
    assert after.assignee == w.staff_lpse
    assert after.position == "Helpdesk LPSE"
    assert (after.feedback_from, after.feedback_team, after.waiting_since) == ("", None, None)
    event = last_event(after)
    assert (event.actor, event.action, event.from_status, event.to_status) == (
        w.reporter_a,
        Action.GIVE_FEEDBACK,
        Status.MENUNGGU_FEEDBACK,
        Status.DIKERJAKAN,
    )
    assert event.assignee == w.staff_lpse
    message = _last_message(after)
    assert (message.side, message.author) == (Side.PELAPOR, w.reporter_a)
    assert [a.stored_name for a in TicketAttachment.objects.filter(message=message)] == [
        f"pelapor_{ticket.number}_001.pdf"
    ]


def test_short_messages_write_nothing(flow: Flow, media_root: Path) -> None:
    w = flow.world
    ticket = drive_to(w, Status.DIKERJAKAN)
    before = snapshot(ticket.number)
    with pytest.raises(InvalidInput) as refused:
        ticket_request_feedback(
            ticket_number=ticket.number,
            actor=w.staff_lpse,
            message=SHORT,
            files=[sample_upload("a.png")],
        )
    assert refused.value.field == "message"
    with pytest.raises(InvalidInput) as refused:
        ticket_request_feedback(
            ticket_number=ticket.number, actor=w.staff_lpse, message="   " + SHORT + "   "
        )
    assert refused.value.field == "message"
    assert snapshot(ticket.number) == before
    assert stored_files(media_root) == []

    asked = drive_to(w, Status.MENUNGGU_FEEDBACK)
    before = snapshot(asked.number)
    with pytest.raises(InvalidInput) as refused:
        ticket_give_feedback(ticket_number=asked.number, actor=w.reporter_a, message=SHORT)
    assert refused.value.field == "message"
    assert snapshot(asked.number) == before


def test_team_feedback_needs_a_previous_team(flow: Flow) -> None:
    w = flow.world
    ticket = drive_to(w, Status.DIKERJAKAN)
    before = snapshot(ticket.number)
    with pytest.raises(InvalidInput) as refused:
        ticket_request_feedback(
            ticket_number=ticket.number,
            actor=w.staff_lpse,
            message=MSG,
            from_party=FeedbackFrom.TEAM,
        )
    assert refused.value.field == "from_party"
    with pytest.raises(InvalidInput) as refused:
        ticket_request_feedback(
            ticket_number=ticket.number, actor=w.staff_lpse, message=MSG, from_party="someone"
        )
    assert refused.value.field == "from_party"
    assert snapshot(ticket.number) == before


def test_asking_the_team_that_escalated(flow: Flow) -> None:
    w = flow.world
    ticket = drive_escalated(w, w.helpdesk_lkpp)
    assert ticket.previous_team == w.team_lpse
    ticket_request_feedback(
        ticket_number=ticket.number,
        actor=w.helpdesk_lkpp,
        message=MSG,
        from_party=FeedbackFrom.TEAM,
        files=[sample_upload("log.txt")],
    )
    after = Ticket.objects.get(pk=ticket.pk)
    assert after.status == Status.MENUNGGU_FEEDBACK
    assert (after.feedback_from, after.feedback_team) == (FeedbackFrom.TEAM, w.team_lpse)
    assert after.position == w.team_lpse.position_label
    assert after.waiting_since is None  # a team's answer does not stop the SLA clock
    assert last_event(after).data == {"asked": FeedbackFrom.TEAM, "team": w.team_lpse.pk}
    message = _last_message(after)
    assert message.side == Side.LKPP
    assert TicketAttachment.objects.get(message=message).stored_name.startswith(
        f"lkpp_{ticket.number}_"
    )

    # Not the reporter, not the asking team: any member of the escalating team answers.
    with pytest.raises(InvalidTransition):
        ticket_give_feedback(ticket_number=ticket.number, actor=w.reporter_a, message=MSG)
    with pytest.raises(InvalidTransition):
        ticket_give_feedback(ticket_number=ticket.number, actor=flow.helpdesk_lkpp_2, message=MSG)
    ticket_give_feedback(
        ticket_number=ticket.number,
        actor=flow.staff_lpse_2,
        message=MSG,
        files=[sample_upload("jadwal.xlsx")],
    )
    after = Ticket.objects.get(pk=ticket.pk)
    assert (after.status, after.assignee, after.team) == (
        Status.DIKERJAKAN,
        w.helpdesk_lkpp,
        w.team_lkpp,
    )
    assert after.position == "Helpdesk LKPP"
    assert (after.feedback_from, after.feedback_team) == ("", None)
    event = last_event(after)
    assert (event.actor, event.team, event.assignee) == (
        flow.staff_lpse_2,
        w.team_lkpp,
        w.helpdesk_lkpp,
    )
    message = _last_message(after)
    assert message.side == Side.LPSE
    assert TicketAttachment.objects.get(message=message).stored_name.startswith(
        f"lpse_{ticket.number}_"
    )

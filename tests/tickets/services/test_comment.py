"""The Diskusi: comments and internal notes, who may write them and on which side."""

from __future__ import annotations

import pytest

from lpse_support.core.errors import InvalidInput, NotFound
from lpse_support.tickets.errors import InvalidTransition
from lpse_support.tickets.models import Ticket, TicketEvent, TicketMessage
from lpse_support.tickets.services.ticket_comment import ticket_comment
from lpse_support.tickets.workflow import Action, Side, Status
from tests.support.drive import MSG, drive_escalated, drive_to, snapshot
from tests.support.flow import Flow
from tests.support.uploads import sample_upload


def test_comments_and_internal_notes(flow: Flow) -> None:
    w = flow.world
    ticket = drive_to(w, Status.DIKERJAKAN)
    ticket_comment(
        ticket_number=ticket.number,
        actor=w.reporter_a,
        message="Ada kabar?",
        files=[sample_upload("catatan.txt")],
    )
    ticket_comment(ticket_number=ticket.number, actor=flow.staff_lpse_2, message="Sedang dicek.")
    ticket_comment(
        ticket_number=ticket.number,
        actor=w.staff_lpse,
        message="Kemungkinan masalah jadwal.",
        internal=True,
    )
    rows = list(TicketMessage.objects.filter(ticket=ticket, kind="message").order_by("id"))
    assert [(m.author, m.side, m.is_internal) for m in rows] == [
        (w.reporter_a, Side.PELAPOR, False),
        (flow.staff_lpse_2, Side.LPSE, False),
        (w.staff_lpse, Side.LPSE, True),
    ]
    assert rows[0].attachments.get().stored_name == f"pelapor_{ticket.number}_001.txt"
    actions = list(
        TicketEvent.objects.filter(ticket=ticket)
        .order_by("-id")
        .values_list("action", "from_status", "to_status")[:3]
    )
    assert actions == [
        (Action.INTERNAL_NOTE, Status.DIKERJAKAN, Status.DIKERJAKAN),
        (Action.COMMENT, Status.DIKERJAKAN, Status.DIKERJAKAN),
        (Action.COMMENT, Status.DIKERJAKAN, Status.DIKERJAKAN),
    ]
    assert Ticket.objects.get(pk=ticket.pk).status == Status.DIKERJAKAN


def test_comment_refusals_write_nothing(flow: Flow) -> None:
    w = flow.world
    ticket = drive_to(w, Status.DIKERJAKAN)
    before = snapshot(ticket.number)
    with pytest.raises(InvalidTransition):  # reporters never write internal notes
        ticket_comment(ticket_number=ticket.number, actor=w.reporter_a, message=MSG, internal=True)
    with pytest.raises(NotFound):
        ticket_comment(ticket_number=ticket.number, actor=w.staff_other_lpse, message=MSG)
    with pytest.raises(InvalidInput) as refused:
        ticket_comment(ticket_number=ticket.number, actor=w.reporter_a, message="   ")
    assert refused.value.field == "message"
    assert snapshot(ticket.number) == before
    done = drive_to(w, Status.SELESAI)
    before = snapshot(done.number)
    with pytest.raises(InvalidTransition):
        ticket_comment(ticket_number=done.number, actor=w.reporter_a, message=MSG)
    assert snapshot(done.number) == before


def test_previous_team_keeps_a_voice_after_escalation(flow: Flow) -> None:
    w = flow.world
    ticket = drive_escalated(w, w.helpdesk_lkpp)
    ticket_comment(ticket_number=ticket.number, actor=flow.staff_lpse_2, message=MSG, internal=True)
    note = TicketMessage.objects.filter(ticket=ticket).order_by("-id").first()
    assert note is not None and (note.side, note.is_internal) == (Side.LPSE, True)
    ticket_comment(ticket_number=ticket.number, actor=w.helpdesk_lkpp, message=MSG)
    note = TicketMessage.objects.filter(ticket=ticket).order_by("-id").first()
    assert note is not None and note.side == Side.LKPP

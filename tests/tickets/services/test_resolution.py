"""Selesaikan Masalah, Ya Sudah Selesai, Masalah Belum Terselesaikan, and auto-confirm."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from lpse_support.core.errors import InvalidInput
from lpse_support.tickets.errors import InvalidTransition
from lpse_support.tickets.models import Ticket, TicketAttachment, TicketEvent
from lpse_support.tickets.services.ticket_resolution import (
    auto_confirm_due,
    ticket_auto_confirm,
    ticket_confirm,
    ticket_reject,
    ticket_resolve,
)
from lpse_support.tickets.workflow import Action, Side, Status
from tests.support.drive import MSG, SHORT, drive_to, last_event, snapshot
from tests.support.flow import Flow
from tests.support.uploads import sample_upload


def test_resolve_hands_the_ticket_to_the_reporter(flow: Flow) -> None:
    w = flow.world
    ticket = drive_to(w, Status.DIKERJAKAN)
    ticket_resolve(
        ticket_number=ticket.number,
        actor=w.staff_lpse,
        message=MSG,
        files=[sample_upload("solusi.docx")],
    )
    after = Ticket.objects.get(pk=ticket.pk)
    assert after.status == Status.MENUNGGU_KONFIRMASI
    assert after.position == "Pelapor"
    assert (after.resolved_by, after.assignee, after.team) == (
        w.staff_lpse,
        w.staff_lpse,
        w.team_lpse,
    )
    assert after.resolved_at is not None and after.done_at is None
    event = last_event(after)
    assert (event.actor, event.action, event.from_status, event.to_status, event.assignee) == (
        w.staff_lpse,
        Action.RESOLVE,
        Status.DIKERJAKAN,
        Status.MENUNGGU_KONFIRMASI,
        w.staff_lpse,
    )
    attachment = TicketAttachment.objects.get(ticket=after)
    assert attachment.stored_name == f"lpse_{ticket.number}_001.docx"
    assert attachment.message is not None
    assert (attachment.message.side, attachment.message.body) == (Side.LPSE, MSG)


def test_resolve_refusals_write_nothing(flow: Flow) -> None:
    w = flow.world
    ticket = drive_to(w, Status.DIKERJAKAN)
    before = snapshot(ticket.number)
    with pytest.raises(InvalidInput) as refused:
        ticket_resolve(ticket_number=ticket.number, actor=w.staff_lpse, message=SHORT)
    assert refused.value.field == "message"
    with pytest.raises(InvalidTransition):
        ticket_resolve(ticket_number=ticket.number, actor=flow.staff_lpse_2, message=MSG)
    assert snapshot(ticket.number) == before


def test_confirm_finishes_the_ticket(flow: Flow) -> None:
    w = flow.world
    ticket = drive_to(w, Status.MENUNGGU_KONFIRMASI)
    with pytest.raises(InvalidTransition):
        ticket_confirm(ticket_number=ticket.number, actor=w.staff_lpse)
    ticket_confirm(ticket_number=ticket.number, actor=w.reporter_a)
    after = Ticket.objects.get(pk=ticket.pk)
    assert (after.status, after.position) == (Status.SELESAI, "Selesai")
    assert after.done_at is not None
    event = last_event(after)
    assert (event.actor, event.action, event.from_status, event.to_status) == (
        w.reporter_a,
        Action.CONFIRM,
        Status.MENUNGGU_KONFIRMASI,
        Status.SELESAI,
    )
    with pytest.raises(InvalidTransition):
        ticket_confirm(ticket_number=ticket.number, actor=w.reporter_a)


def test_reject_returns_to_the_resolver_and_counts_reopens(flow: Flow) -> None:
    w = flow.world
    ticket = drive_to(w, Status.MENUNGGU_KONFIRMASI, assignee=flow.staff_lpse_2)
    for round_number in (1, 2):
        ticket_reject(
            ticket_number=ticket.number,
            actor=w.reporter_a,
            message=MSG,
            files=[sample_upload("masih galat.jpg")],
        )
        after = Ticket.objects.get(pk=ticket.pk)
        assert after.status == Status.DIKERJAKAN
        assert after.assignee == after.resolved_by == flow.staff_lpse_2
        assert after.reopen_count == round_number
        assert after.resolved_at is None
        assert after.position == "Helpdesk LPSE"
        event = last_event(after)
        assert (event.actor, event.action, event.from_status, event.to_status) == (
            w.reporter_a,
            Action.REJECT,
            Status.MENUNGGU_KONFIRMASI,
            Status.DIKERJAKAN,
        )
        assert (event.assignee, event.data) == (flow.staff_lpse_2, {"reopen_count": round_number})
        newest = TicketAttachment.objects.filter(ticket=after).order_by("-sequence").first()
        assert newest is not None
        assert newest.stored_name == f"pelapor_{ticket.number}_{round_number:03d}.jpg"
        ticket_resolve(ticket_number=ticket.number, actor=flow.staff_lpse_2, message=MSG)


def test_reject_needs_a_reason(flow: Flow) -> None:
    w = flow.world
    ticket = drive_to(w, Status.MENUNGGU_KONFIRMASI)
    before = snapshot(ticket.number)
    with pytest.raises(InvalidInput) as refused:
        ticket_reject(ticket_number=ticket.number, actor=w.reporter_a, message=SHORT)
    assert refused.value.field == "message"
    with pytest.raises(InvalidTransition):
        ticket_reject(ticket_number=ticket.number, actor=w.staff_lpse, message=MSG)
    assert snapshot(ticket.number) == before


def test_auto_confirm_only_after_the_configured_days(flow: Flow, settings: Any) -> None:
    settings.LPSE_SUPPORT = {**settings.LPSE_SUPPORT, "AUTO_CONFIRM_DAYS": 5}
    w = flow.world
    waiting = drive_to(w, Status.MENUNGGU_KONFIRMASI)
    working = drive_to(w, Status.DIKERJAKAN)
    resolved_at = Ticket.objects.get(pk=waiting.pk).resolved_at
    assert resolved_at is not None
    assert auto_confirm_due(now=resolved_at + timedelta(days=5) - timedelta(minutes=1)) == []
    assert Ticket.objects.get(pk=waiting.pk).status == Status.MENUNGGU_KONFIRMASI
    assert auto_confirm_due(now=resolved_at + timedelta(days=5, minutes=1)) == [waiting.number]
    after = Ticket.objects.get(pk=waiting.pk)
    assert (after.status, after.position) == (Status.SELESAI, "Selesai")
    assert after.done_at is not None
    event = last_event(after)
    assert (event.actor, event.action, event.from_status, event.to_status) == (
        None,
        Action.AUTO_CONFIRM,
        Status.MENUNGGU_KONFIRMASI,
        Status.SELESAI,
    )
    assert event.data == {"days": 5}
    line = after.messages.order_by("-id").first()
    assert line is not None and line.side == Side.SISTEM and "5 hari" in line.body
    assert Ticket.objects.get(pk=working.pk).status == Status.DIKERJAKAN
    assert auto_confirm_due(now=resolved_at + timedelta(days=30)) == []  # nothing left


def test_auto_confirm_of_a_ticket_not_waiting_is_refused(flow: Flow) -> None:
    ticket = drive_to(flow.world, Status.DIKERJAKAN)
    before = snapshot(ticket.number)
    with pytest.raises(InvalidTransition):
        ticket_auto_confirm(ticket_number=ticket.number)
    assert snapshot(ticket.number) == before
    assert not TicketEvent.objects.filter(ticket=ticket, action=Action.AUTO_CONFIRM).exists()

"""Drive a ticket to a status through the real services, and take a snapshot of everything an
action could change (for the workflow, service and security tests)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lpse_support.accounts.models import User
from lpse_support.tickets.models import (
    Ticket,
    TicketAttachment,
    TicketEvent,
    TicketMessage,
    TicketRating,
    TicketTeam,
)
from lpse_support.tickets.services.ticket_close import ticket_force_close
from lpse_support.tickets.services.ticket_escalate import ticket_escalate
from lpse_support.tickets.services.ticket_feedback import ticket_request_feedback
from lpse_support.tickets.services.ticket_resolution import ticket_confirm, ticket_resolve
from lpse_support.tickets.services.ticket_take import ticket_take
from lpse_support.tickets.workflow import FeedbackFrom, Status
from tests.support.ticket_world import TicketWorld, make_ticket

MSG = "Mohon dicek kembali pengaturan jadwal tahapan tender ini."
SHORT = "Terlalu pendek"  # 14 characters: one below the minimum


def drive_to(
    world: TicketWorld,
    status: Status,
    *,
    assignee: User | None = None,
    reporter: User | None = None,
) -> Ticket:
    """A ticket of ``reporter`` (default reporter_a) in ``status``, reached only through the
    services: taken by ``assignee`` (default staff_lpse) unless it stays BARU; DITUTUP is reached
    from DIKERJAKAN, so it has an assignee."""
    assignee = assignee or world.staff_lpse
    reporter = reporter or world.reporter_a
    ticket = make_ticket(world, reporter=reporter)
    number = ticket.number
    if status == Status.BARU:
        return Ticket.objects.get(number=number)
    ticket_take(ticket_number=number, actor=assignee)
    if status == Status.MENUNGGU_FEEDBACK:
        ticket_request_feedback(ticket_number=number, actor=assignee, message=MSG)
    elif status in (Status.MENUNGGU_KONFIRMASI, Status.SELESAI):
        ticket_resolve(ticket_number=number, actor=assignee, message=MSG)
        if status == Status.SELESAI:
            ticket_confirm(ticket_number=number, actor=reporter)
    elif status == Status.DITUTUP:
        ticket_force_close(ticket_number=number, actor=reporter)
    ticket = Ticket.objects.get(number=number)
    assert ticket.status == status
    return ticket


def drive_escalated(world: TicketWorld, lkpp_assignee: User, *, ask_team: bool = False) -> Ticket:
    """Tier 1 (staff_lpse) escalates to the LKPP team, whose ``lkpp_assignee`` takes it; with
    ``ask_team`` the LKPP assignee then asks the LPSE team for feedback."""
    ticket = drive_to(world, Status.DIKERJAKAN)
    ticket_escalate(ticket_number=ticket.number, actor=world.staff_lpse, message=MSG)
    ticket_take(ticket_number=ticket.number, actor=lkpp_assignee)
    if ask_team:
        ticket_request_feedback(
            ticket_number=ticket.number,
            actor=lkpp_assignee,
            message=MSG,
            from_party=FeedbackFrom.TEAM,
        )
    return Ticket.objects.get(number=ticket.number)


@dataclass(frozen=True)
class Snapshot:
    status: str
    team_id: int
    assignee_id: int | None
    position: str
    previous_team_id: int | None
    feedback_from: str
    feedback_team_id: int | None
    category_id: int
    subcategory_id: int
    reopen_count: int
    resolved_by_id: int | None
    done_at: Any
    updated_at: Any
    events: int
    messages: int
    attachments: int
    ratings: int
    team_links: int


def snapshot(number: str) -> Snapshot:
    ticket = Ticket.objects.get(number=number)
    return Snapshot(
        status=ticket.status,
        team_id=ticket.team_id,
        assignee_id=ticket.assignee_id,
        position=ticket.position,
        previous_team_id=ticket.previous_team_id,
        feedback_from=ticket.feedback_from,
        feedback_team_id=ticket.feedback_team_id,
        category_id=ticket.category_id,
        subcategory_id=ticket.subcategory_id,
        reopen_count=ticket.reopen_count,
        resolved_by_id=ticket.resolved_by_id,
        done_at=ticket.done_at,
        updated_at=ticket.updated_at,
        events=TicketEvent.objects.filter(ticket=ticket).count(),
        messages=TicketMessage.objects.filter(ticket=ticket).count(),
        attachments=TicketAttachment.objects.filter(ticket=ticket).count(),
        ratings=TicketRating.objects.filter(ticket=ticket).count(),
        team_links=TicketTeam.objects.filter(ticket=ticket).count(),
    )


def last_event(ticket: Ticket) -> TicketEvent:
    event = TicketEvent.objects.filter(ticket=ticket).order_by("-id").first()
    assert event is not None
    return event

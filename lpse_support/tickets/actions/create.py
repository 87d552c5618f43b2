"""Tiket dibuat: the reporter files a ticket (``services/ticket_create.py``; its form is a page
of its own, ``views/create.py``). Here: who is told and with which line."""

from __future__ import annotations

from lpse_support.tickets.actions.notify import actor_name, team_members
from lpse_support.tickets.actions.spec import ActionSpec
from lpse_support.tickets.models import TicketEvent
from lpse_support.tickets.workflow import Action


def title(event: TicketEvent) -> str:
    ticket = event.ticket
    return f"Tiket baru {ticket.number} dari {actor_name(event)}: {ticket.title}"


SPEC = ActionSpec(
    action=Action.CREATE,
    versioned=False,
    recipients=team_members,
    title=title,
)

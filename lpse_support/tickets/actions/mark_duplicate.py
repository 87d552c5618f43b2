"""Duplikat dari <nomor>: staff of the ticket mark it a duplicate of another ticket they see
(``services/incidents.py`` ``mark_duplicate``). The reporter is told which ticket to follow."""

from __future__ import annotations

from typing import Any

from lpse_support.tickets.actions.fields import Applied, Move
from lpse_support.tickets.actions.notify import reporter
from lpse_support.tickets.actions.spec import ActionSpec
from lpse_support.tickets.models import Ticket, TicketEvent
from lpse_support.tickets.workflow import Action


def apply(ticket: Any, move: Move, *, original: Ticket) -> Applied:
    ticket.duplicate_of = original
    return Applied(
        fields=("duplicate_of",), data={"duplicate_of": original.pk, "number": original.number}
    )


def title(event: TicketEvent) -> str:
    return f"Tiket {event.ticket.number} ditandai duplikat dari {event.data.get('number', '-')}"


SPEC = ActionSpec(action=Action.MARK_DUPLICATE, apply=apply, recipients=reporter, title=title)

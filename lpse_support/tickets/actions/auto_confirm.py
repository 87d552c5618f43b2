"""Dikonfirmasi otomatis: the system confirms a resolution the reporter left unanswered for
``AUTO_CONFIRM_DAYS`` (a periodic task runs ``services.ticket_resolution.auto_confirm_due``).
Not offered on any page."""

from __future__ import annotations

from lpse_support.tickets.actions import confirm
from lpse_support.tickets.actions.fields import Applied, Move, TicketFields
from lpse_support.tickets.actions.notify import handler
from lpse_support.tickets.actions.spec import ActionSpec
from lpse_support.tickets.models import TicketEvent
from lpse_support.tickets.services.ticket_resolution import ticket_auto_confirm
from lpse_support.tickets.workflow import Action


def apply(ticket: TicketFields, move: Move, *, days: int) -> Applied:
    """As the reporter's confirmation; the event keeps the waiting time that ran out."""
    return Applied(fields=confirm.apply(ticket, move).fields, data={"days": days})


def title(event: TicketEvent) -> str:
    return f"Tiket {event.ticket.number} dikonfirmasi otomatis: tidak ada jawaban pelapor"


SPEC = ActionSpec(
    action=Action.AUTO_CONFIRM,
    service=ticket_auto_confirm,
    apply=apply,
    recipients=handler,
    title=title,
)

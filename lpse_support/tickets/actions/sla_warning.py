"""Peringatan SLA: the system warns the staff in charge that ``SLA_WARNING_PERCENT`` of a response
or resolution target has passed (``services/ticket_sla.py``, run by the periodic SLA watch). Not
offered on any page; the reporter neither sees nor is told of it."""

from __future__ import annotations

from django.conf import settings

from lpse_support.tickets.actions.fields import Applied, Move, TicketFields
from lpse_support.tickets.actions.notify import staff_in_charge
from lpse_support.tickets.actions.spec import ActionSpec
from lpse_support.tickets.models import TicketEvent
from lpse_support.tickets.services.ticket_sla import RESOLUTION, RESPONSE, ticket_sla_alert
from lpse_support.tickets.workflow import Action

# The target as the lines name it.
TARGET_WORDS = {RESPONSE: "respons", RESOLUTION: "penyelesaian"}


def target_words(event: TicketEvent) -> str:
    return TARGET_WORDS.get(str(event.data.get("target", "")), TARGET_WORDS[RESOLUTION])


def apply(ticket: TicketFields, move: Move, *, target: str) -> Applied:
    """No field changes (no revision is raised); the event names the target."""
    return Applied(data={"target": target})


def title(event: TicketEvent) -> str:
    percent = settings.LPSE_SUPPORT["SLA_WARNING_PERCENT"]
    return (
        f"Peringatan SLA: {percent}% waktu target {target_words(event)} "
        f"tiket {event.ticket.number} telah berlalu"
    )


SPEC = ActionSpec(
    action=Action.SLA_WARNING,
    service=ticket_sla_alert,
    apply=apply,
    versioned=False,
    recipients=staff_in_charge,
    title=title,
)

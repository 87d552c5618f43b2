"""Dilepas dari insiden: staff of the ticket detach it from its (still open) incident
(``services/incidents.py`` ``unlink_ticket``). Recorded in Riwayat Tiket; the reporter is told
(the banner they saw is gone)."""

from __future__ import annotations

from typing import Any

from lpse_support.tickets.actions.fields import Applied, Move
from lpse_support.tickets.actions.link_incident import incident_title
from lpse_support.tickets.actions.notify import reporter
from lpse_support.tickets.actions.spec import ActionSpec
from lpse_support.tickets.models import TicketEvent
from lpse_support.tickets.workflow import Action


def apply(ticket: Any, move: Move) -> Applied:
    previous = ticket.incident_id
    ticket.incident = None
    return Applied(fields=("incident",), data={"incident": previous})


def title(event: TicketEvent) -> str:
    return (
        f"Tiket {event.ticket.number} tidak lagi terkait gangguan {incident_title(event)}: "
        "tiket ditangani tersendiri"
    )


SPEC = ActionSpec(action=Action.UNLINK_INCIDENT, apply=apply, recipients=reporter, title=title)

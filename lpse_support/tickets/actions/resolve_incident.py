"""Diselesaikan melalui insiden: resolving an incident resolves each child as the system, on
behalf of whoever resolved the incident (``services/incidents.py`` ``resolve_child``, run by the
background task). The reporter is told and confirms or rejects as after Selesaikan Masalah: a
rejection gives the ticket back to its handler (or, if none may hold it, to the team's queue)."""

from __future__ import annotations

from typing import Any

from lpse_support.accounts.models import User
from lpse_support.tickets.actions.fields import Applied, Move, end_feedback_wait
from lpse_support.tickets.actions.link_incident import incident_title
from lpse_support.tickets.actions.notify import reporter
from lpse_support.tickets.actions.spec import ActionSpec
from lpse_support.tickets.models import Incident, TicketEvent
from lpse_support.tickets.workflow import Action


def apply(ticket: Any, move: Move, *, incident: Incident, resolver: User) -> Applied:
    """The handler keeps the resolution (a rejection goes back to them); a ticket nobody took
    is resolved — and held while it waits for the reporter, as after Selesaikan Masalah — by
    the incident's resolver (if they may not hold it, a rejection hands it to the team's queue:
    ``ticket_reject``). A pending question is withdrawn."""
    fields = ["assignee", "resolved_by", "resolved_at"]
    if ticket.feedback_from:
        fields += end_feedback_wait(ticket, move)
    ticket.assignee = ticket.assignee or resolver
    ticket.resolved_by = ticket.assignee
    ticket.resolved_at = move.now
    return Applied(fields=tuple(fields), data={"incident": incident.pk, "by": resolver.pk})


def title(event: TicketEvent) -> str:
    return (
        f"Tiket {event.ticket.number} diselesaikan melalui penanganan gangguan "
        f"\u201c{incident_title(event)}\u201d. Mohon konfirmasi penyelesaiannya"
    )


SPEC = ActionSpec(action=Action.RESOLVE_INCIDENT, apply=apply, recipients=reporter, title=title)

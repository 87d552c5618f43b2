"""Dilampirkan ke insiden: staff of the ticket attach it to an open incident of its application
(``services/incidents.py`` ``link_ticket``; the detail page's "Lampirkan ke insiden" button, the
Insiden page and the API). The reporter is told and sees the incident's banner."""

from __future__ import annotations

from typing import Any

from lpse_support.tickets.actions.fields import Applied, Move
from lpse_support.tickets.actions.notify import reporter
from lpse_support.tickets.actions.spec import ActionSpec
from lpse_support.tickets.models import Incident, TicketEvent
from lpse_support.tickets.workflow import Action


def apply(ticket: Any, move: Move, *, incident: Incident) -> Applied:
    ticket.incident = incident
    return Applied(fields=("incident",), data={"incident": incident.pk})


def incident_title(event: TicketEvent) -> str:
    incident = Incident.objects.filter(pk=event.data.get("incident")).first()
    return incident.title if incident is not None else "-"


def title(event: TicketEvent) -> str:
    return (
        f"Tiket {event.ticket.number} terkait gangguan yang sedang ditangani: "
        f"{incident_title(event)}"
    )


SPEC = ActionSpec(action=Action.LINK_INCIDENT, apply=apply, recipients=reporter, title=title)

"""What the Insiden pages and the incident block of Detail Tiket read: the incidents list, the
children of one incident (through the scoping function), and the incident offered on a ticket."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from lpse_support.accounts.viewer import Viewer, ViewerOrUser
from lpse_support.tickets.access import tickets_visible_to
from lpse_support.tickets.models import Incident, Ticket
from lpse_support.tickets.parties import relations_of
from lpse_support.tickets.services.incidents import (
    incidents_visible_to,
    may_manage_incidents,
    open_incidents_for,
)
from lpse_support.tickets.workflow import Action, is_allowed

CHILDREN_SHOWN = 200


def incident_list(who: ViewerOrUser) -> QuerySet[Incident]:
    return incidents_visible_to(who).annotate(children=Count("tickets")).order_by("-started_at")


def incident_children(who: ViewerOrUser, incident: Incident) -> QuerySet[Ticket]:
    """The children the viewer may see (a supervisor of one directorate sees fewer)."""
    return (
        tickets_visible_to(who)
        .filter(incident=incident)
        .select_related("reporter", "team")
        .order_by("number")
    )


@dataclass(frozen=True)
class IncidentBlock:
    """The incident part of a ticket's page for staff: what they may do."""

    offered: Incident | None  # an open incident of the ticket's application to attach it to
    may_unlink: bool
    may_mark_duplicate: bool


def incident_block(ticket: Ticket, who: ViewerOrUser) -> IncidentBlock | None:
    viewer = Viewer.of(who)
    if not may_manage_incidents(viewer):
        return None
    relations = relations_of(ticket, viewer)
    linkable = is_allowed(Action.LINK_INCIDENT, ticket.status, relations)
    offered = None
    if linkable and ticket.incident_id is None:
        offered = open_incidents_for(ticket.application_id).order_by("-started_at").first()
    incident = ticket.incident
    return IncidentBlock(
        offered=offered,
        may_unlink=bool(
            incident is not None
            and incident.is_open
            and is_allowed(Action.UNLINK_INCIDENT, ticket.status, relations)
        ),
        may_mark_duplicate=is_allowed(Action.MARK_DUPLICATE, ticket.status, relations),
    )

"""Ticket cards (R-UI-3): what a card loads in the list's own query, how the user stands to each
ticket and the card's next-action button (allowed by the workflow table, drawn from the action's
spec). Permissions come from
``access.tickets_visible_to``; nothing here widens them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import BooleanField, Case, QuerySet, Value, When

from lpse_support.accounts.viewer import Viewer, ViewerOrUser
from lpse_support.tickets.actions import registry
from lpse_support.tickets.actions.spec import CardButton
from lpse_support.tickets.models import Ticket
from lpse_support.tickets.parties import Standing, relations_from
from lpse_support.tickets.search import TicketQuery, search_tickets
from lpse_support.tickets.selectors.detail import SlaLine, sla_lines
from lpse_support.tickets.workflow import Relation, Status, allowed_for

CARD_RELATIONS = (
    "reporter",
    "reporter_category",
    "reporter_lpse",
    "application",
    "version",
    "category",
    "subcategory",
    "ticket_type",
    "priority",
    "rating",
)


def ticket_cards(
    who: ViewerOrUser, query: TicketQuery | None = None, *, depth: int | None = None
) -> QuerySet[Ticket]:
    """``search_tickets`` with everything a card shows, and ``who``'s standing to each ticket,
    loaded in the list's own query (``depth``: see ``search_tickets``)."""
    viewer = Viewer.of(who)
    return as_cards(search_tickets(viewer, query or TicketQuery(), depth=depth), viewer)


def as_cards(tickets: QuerySet[Ticket], who: ViewerOrUser) -> QuerySet[Ticket]:
    """``tickets`` with everything a card shows and ``who``'s standing to each ticket."""
    return with_card_relations(tickets.select_related(*CARD_RELATIONS), who)


def _when(condition: dict[str, Any]) -> Case:
    return Case(
        When(**condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def with_card_relations(tickets: QuerySet[Ticket], who: ViewerOrUser) -> QuerySet[Ticket]:
    """Annotate, in the list's own query, how ``who`` stands to each ticket — the relations the
    card's next-action button depends on (reporter, assignee, team member, asked team); the
    teams are the viewer's, as literal ids."""
    viewer = Viewer.of(who)
    return tickets.annotate(
        card_is_reporter=_when({"reporter_id": viewer.pk}),
        card_is_assignee=_when({"assignee_id": viewer.pk}),
        card_in_team=_when({"team_id__in": viewer.team_ids}),
        card_in_feedback_team=_when({"feedback_team_id__in": viewer.team_ids}),
    )


def card_standing(ticket: Ticket, *, in_past_team: bool = False) -> Standing:
    """The user's standing read from the annotations of ``with_card_relations`` (no query)."""
    return Standing(
        is_reporter=bool(getattr(ticket, "card_is_reporter", False)),
        is_assignee=bool(getattr(ticket, "card_is_assignee", False)),
        in_team=bool(getattr(ticket, "card_in_team", False)),
        in_feedback_team=bool(getattr(ticket, "card_in_feedback_team", False)),
        in_past_team=lambda: in_past_team,
    )


def card_relations(ticket: Ticket) -> set[Relation]:
    """``parties.relations_from`` on the annotated standing. Past teams only grant the Diskusi
    (PARTY/STAFF_PARTY), which no card button needs, so the list does not annotate them."""
    return relations_from(ticket, card_standing(ticket))


def card_button(ticket: Ticket) -> CardButton | None:
    """The card's button (R-UI-3): that of the first allowed action whose spec has one, in the
    workflow's button order (their statuses never overlap, so at most one is allowed)."""
    for action in allowed_for(ticket.status, card_relations(ticket)):
        spec = registry.find(action)
        if spec is not None and spec.card is not None:
            return spec.card
    return None


def card_action(ticket: Ticket) -> str:
    """ "take" / "work" / "feedback" / "confirm" or "": the name of the card's button."""
    button = card_button(ticket)
    return button.name if button is not None else ""


def card_sla(ticket: Ticket, now: datetime) -> SlaLine:
    """The card's SLA line: the response target until the ticket is taken, then resolution."""
    response, resolution = sla_lines(ticket, now)
    return response if ticket.status == Status.BARU else resolution

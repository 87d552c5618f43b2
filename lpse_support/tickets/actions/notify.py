"""Pieces the actions' notification rules are made of (SPEC R-NOTIF): who stands where on the
ticket at the time of the event, and the actor's name for the line. An action's ``recipients``
read the event's own snapshot (team and assignee at the time of the action) first and the ticket
only for what the event does not carry; ``notifications/recipients.py`` then drops the actor,
inactive accounts and whoever may not see the ticket."""

from __future__ import annotations

from django.db.models import Q

from lpse_support.accounts.models import TeamMembership, User
from lpse_support.tickets.models import TicketEvent

SYSTEM_NAME = "Sistem"


def actor_name(event: TicketEvent) -> str:
    return event.actor.get_full_name() if event.actor is not None else SYSTEM_NAME


def members(team_id: int | None) -> set[int]:
    if team_id is None:
        return set()
    return set(TeamMembership.objects.filter(team_id=team_id).values_list("user_id", flat=True))


def reporter(event: TicketEvent) -> set[int]:
    return {event.ticket.reporter_id}


def handler(event: TicketEvent) -> set[int]:
    """Who handled the ticket: its assignee at the time, else now, else who resolved it."""
    ticket = event.ticket
    handler_id = event.assignee_id or ticket.assignee_id or ticket.resolved_by_id
    return {handler_id} if handler_id else set()


def team_members(event: TicketEvent) -> set[int]:
    """The members of the ticket's team at the time of the event."""
    return members(event.team_id)


def staff_in_charge(event: TicketEvent) -> set[int]:
    """The assignee at the time of the event, or the members of the ticket's team while nobody
    holds it."""
    return {event.assignee_id} if event.assignee_id else members(event.team_id)


def supervisors(event: TicketEvent) -> set[int]:
    """Supervisors covering the ticket: national ones and those of its application's
    directorate (the scope ``access.tickets_visible_to`` gives them)."""
    directorate_id = event.ticket.application.directorate_id
    covering = Q(supervised_directorate__isnull=True) | Q(supervised_directorate_id=directorate_id)
    return set(
        User.objects.filter(covering, is_supervisor=True, is_active=True).values_list(
            "pk", flat=True
        )
    )

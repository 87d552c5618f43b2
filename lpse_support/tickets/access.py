"""The one scoping function for reading tickets (R-AUTH-2, ARCHITECTURE.md rule 5).

- reporters see their own tickets;
- tier staff see tickets that are or were in one of their teams (``TicketTeam``) and those
  assigned to them;
- supervisors see their directorate's applications, or everything when national;
- admins (superusers) see everything.
Anything else is "not found" — the same answer as a number that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from lpse_support.accounts import roles
from lpse_support.accounts.models import TeamMembership
from lpse_support.core.errors import NotFound
from lpse_support.tickets.models import Ticket, TicketTeam

NOT_FOUND_MESSAGE = "Tiket tidak ditemukan."


def tickets_visible_to(user: Any) -> QuerySet[Ticket]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Ticket.objects.none()
    if roles.is_admin(user):
        return Ticket.objects.all()
    if roles.is_supervisor(user):
        if user.supervised_directorate_id is None:
            return Ticket.objects.all()
        scope = Q(application__directorate_id=user.supervised_directorate_id)
    else:
        scope = Q(pk__in=[])
    my_teams = TeamMembership.objects.filter(user=user, team__active=True).values("team_id")
    in_my_teams = Exists(TicketTeam.objects.filter(ticket_id=OuterRef("pk"), team_id__in=my_teams))
    return Ticket.objects.filter(scope | Q(reporter=user) | Q(assignee=user) | Q(in_my_teams))


def access_ticket(user: Any, number: str, *, for_update: bool = False) -> Ticket:
    """The ticket ``number`` if ``user`` may see it, else ``NotFound`` (pages answer 404)."""
    queryset = tickets_visible_to(user).filter(number=number)
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    ticket = queryset.first()
    if ticket is None:
        raise NotFound(NOT_FOUND_MESSAGE)
    return ticket

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


TEAM_IDS_ATTRIBUTE = "_lpse_active_team_ids"


def active_team_ids(user: Any) -> list[int]:
    """The user's active teams as literal ids (one small indexed query): with literals the
    planner sees how few they are and uses the team indexes; an empty list short-cuts to none.
    A page that asks several times (tabs, list, counters) calls ``remember_team_ids`` first."""
    remembered: list[int] | None = getattr(user, TEAM_IDS_ATTRIBUTE, None)
    if remembered is not None:
        return remembered
    return list(
        TeamMembership.objects.filter(user_id=user.pk, team__active=True)
        .order_by("team_id")
        .values_list("team_id", flat=True)
    )


def remember_team_ids(user: Any) -> None:
    """Read the teams once for the rest of this request. Only for ``request.user`` (a fresh
    object per request): a long-lived user object would keep stale memberships."""
    if getattr(user, "is_authenticated", False):
        setattr(user, TEAM_IDS_ATTRIBUTE, None)
        setattr(user, TEAM_IDS_ATTRIBUTE, active_team_ids(user))


def tickets_visible_to(user: Any, *, bulk: bool = False) -> QuerySet[Ticket]:
    """The tickets ``user`` may read. ``bulk=True`` states the same rule in the shape that suits
    aggregates over many rows (reports, exports): "in one of my teams" becomes one semi-join
    (``id IN (SELECT ticket_id …)``, hashed once) instead of a correlated ``EXISTS`` probed for
    every row — the default shape is the fast one for a sorted page of 10–100 rows."""
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
    team_ids = active_team_ids(user)
    if not team_ids:
        in_my_teams = Q(pk__in=[])
    elif bulk:
        in_my_teams = Q(pk__in=TicketTeam.objects.filter(team_id__in=team_ids).values("ticket_id"))
    else:
        links = TicketTeam.objects.filter(ticket_id=OuterRef("pk"), team_id__in=team_ids)
        in_my_teams = Q(Exists(links))
    return Ticket.objects.filter(scope | Q(reporter=user) | Q(assignee=user) | in_my_teams)


def access_ticket(user: Any, number: str, *, for_update: bool = False) -> Ticket:
    """The ticket ``number`` if ``user`` may see it, else ``NotFound`` (pages answer 404)."""
    queryset = tickets_visible_to(user).filter(number=number)
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    ticket = queryset.first()
    if ticket is None:
        raise NotFound(NOT_FOUND_MESSAGE)
    return ticket

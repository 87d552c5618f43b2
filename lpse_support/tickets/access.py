"""The one scoping module for reading tickets (R-AUTH-2, ARCHITECTURE.md rule 5).

Who may see a ticket (``tickets_visible_to``, ``access_ticket``):

- reporters see their own tickets;
- tier staff see tickets that are or were in one of their *active* teams (``TicketTeam``) — an
  assignment alone grants nothing: the assignee keeps the ticket only while a member of its team,
  and leaving the team sends it back to the queue (``services/ticket_release.py``);
- supervisors see their directorate's applications, or everything when national;
- admins (superusers) see everything.
Anything else is "not found" — the same answer as a number that does not exist.

What of a visible ticket they may see: internal notes, their attachments and their events are for
the ticket's staff only (``may_see_internal_notes``). The page, print view, PDF, API, single
download, zip and notifications all ask the functions below; none filters on its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet

from lpse_support.accounts import roles
from lpse_support.accounts.models import TeamMembership
from lpse_support.tickets.errors import TicketNotFound
from lpse_support.tickets.models import (
    Ticket,
    TicketAttachment,
    TicketEvent,
    TicketMessage,
    TicketTeam,
)
from lpse_support.tickets.workflow import Action

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
    every row — the default shape is the fast one for a sorted page of 10–100 rows.

    There is deliberately no "assigned to me" term: an assignee sees the ticket through its
    current team (always one of its ``TicketTeam`` rows), so the right ends with the membership."""
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
    return Ticket.objects.filter(scope | Q(reporter=user) | in_my_teams)


def access_ticket(user: Any, number: str, *, for_update: bool = False) -> Ticket:
    """The ticket ``number`` if ``user`` may see it, else ``NotFound`` (pages answer 404)."""
    queryset = tickets_visible_to(user).filter(number=number)
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    ticket = queryset.first()
    if ticket is None:
        raise TicketNotFound()
    return ticket


# --- what of a visible ticket: internal notes -------------------------------------------------


def _sees_internal_notes_as_staff(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return roles.is_support_staff(user) or roles.is_supervisor(user) or roles.is_admin(user)


def may_see_internal_notes(user: Any, ticket: Ticket) -> bool:
    """For a user who may see ``ticket``: are its internal notes, their files and their events
    theirs to see? Staff (members of an active team), supervisors and admins — never on a ticket
    they reported, and never an inactive account."""
    return user.pk != ticket.reporter_id and _sees_internal_notes_as_staff(user)


def hidden_events(user: Any) -> Q:
    """``may_see_internal_notes`` as a condition on ``TicketEvent`` rows of any ticket: the
    events ``user`` must not learn of (for change stamps that count events without loading the
    ticket, e.g. the live-update ETag)."""
    if not _sees_internal_notes_as_staff(user):
        return Q(action=Action.INTERNAL_NOTE)
    return Q(action=Action.INTERNAL_NOTE, ticket__reporter_id=user.pk)


def messages_visible_to(user: Any, ticket: Ticket) -> QuerySet[TicketMessage]:
    """The ticket's Diskusi entries ``user`` may read (the caller has checked the ticket)."""
    messages = TicketMessage.objects.filter(ticket=ticket)
    if not may_see_internal_notes(user, ticket):
        messages = messages.filter(is_internal=False)
    return messages


def attachments_visible_to(user: Any, ticket: Ticket) -> QuerySet[TicketAttachment]:
    """The ticket's files ``user`` may open: those of the description and of the messages they
    may read — one rule for the page, the API, the single download and the zip."""
    attachments = TicketAttachment.objects.filter(ticket=ticket)
    if not may_see_internal_notes(user, ticket):
        attachments = attachments.filter(Q(message__isnull=True) | Q(message__is_internal=False))
    return attachments.order_by("sequence")


def events_visible_to(user: Any, ticket: Ticket) -> QuerySet[TicketEvent]:
    """Riwayat Tiket as ``user`` may read it: that an internal note was written (and by whom,
    and when) is itself internal."""
    events = TicketEvent.objects.filter(ticket=ticket)
    if not may_see_internal_notes(user, ticket):
        events = events.exclude(action=Action.INTERNAL_NOTE)
    return events


def audience(ticket: Ticket, user_ids: Iterable[int], *, internal: bool) -> set[int]:
    """Those of ``user_ids`` who may see ``ticket`` now — and, for ``internal`` news (an internal
    note), its internal notes: notifications go only where the pages would let them look.
    The same two rules as the pages, asked per person (a recipient list is a team at most)."""
    users = get_user_model().objects.filter(pk__in=set(user_ids), is_active=True)
    allowed: set[int] = set()
    for user in users:
        if not tickets_visible_to(user).filter(pk=ticket.pk).exists():
            continue
        if internal and not may_see_internal_notes(user, ticket):
            continue
        allowed.add(user.pk)
    return allowed

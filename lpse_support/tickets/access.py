"""The one scoping module for reading tickets (R-AUTH-2, ARCHITECTURE.md rule 5).

Who may see a ticket (``tickets_visible_to``, ``access_ticket``):

- reporters see their own tickets;
- tier staff see tickets that are or were in one of their *active* teams (``TicketTeam``) — an
  assignment alone grants nothing: the assignee keeps the ticket only while a member of its team,
  and leaving the team sends it back to the queue (``services/ticket_release.py``);
- members of an active tier-1 team (an LPSE helpdesk) see the tickets a current member of that
  team filed upward — as the reporter's side: no internal notes (``filed_by_colleague``);
- supervisors see their directorate's applications, or everything when national;
- admins (superusers) see everything.
Anything else is "not found" — the same answer as a number that does not exist.

What of a visible ticket they may see: internal notes, their attachments and their events are for
the ticket's staff only (``may_see_internal_notes``) — those who see it as a supervisor, an admin
or through a team it is or was in. The page, print view, PDF, API, single
download, zip and notifications all ask the functions below; none filters on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db.models import Exists, OuterRef, Q, QuerySet

from lpse_support.accounts.models import TeamMembership, User
from lpse_support.accounts.viewer import Viewer, ViewerOrUser
from lpse_support.tickets.errors import TicketNotFound
from lpse_support.tickets.models import (
    Ticket,
    TicketAttachment,
    TicketEvent,
    TicketMessage,
    TicketTeam,
)
from lpse_support.tickets.workflow import STAFF_ONLY_ACTIONS

# What the actions read of a ticket besides its row (its position, the escalation targets), joined
# into the one query that finds it.
ACTION_RELATIONS = ("team", "application", "category")


def tickets_visible_to(who: ViewerOrUser, *, bulk: bool = False) -> QuerySet[Ticket]:
    """The tickets ``who`` may read. ``bulk=True`` states the same rule in the shape that suits
    aggregates over many rows (reports, exports): "in one of my teams" becomes one semi-join
    (``id IN (SELECT ticket_id …)``, hashed once) instead of a correlated ``EXISTS`` probed for
    every row — the default shape is the fast one for a sorted page of 10–100 rows.

    There is deliberately no "assigned to me" term: an assignee sees the ticket through its
    current team (always one of its ``TicketTeam`` rows), so the right ends with the membership.
    ``audience`` states this rule for many people at once; keep the two together."""
    viewer = Viewer.of(who)
    if not viewer.is_authenticated or not viewer.is_active:
        return Ticket.objects.none()
    if viewer.is_admin:
        return Ticket.objects.all()
    if viewer.is_supervisor:
        if viewer.supervised_directorate_id is None:
            return Ticket.objects.all()
        scope = Q(application__directorate_id=viewer.supervised_directorate_id)
    else:
        scope = Q(pk__in=[])
    # The teams as literal ids: the planner sees how few they are and uses the team indexes.
    team_ids = viewer.team_ids
    if not team_ids:
        in_my_teams = Q(pk__in=[])
    elif bulk:
        in_my_teams = Q(pk__in=TicketTeam.objects.filter(team_id__in=team_ids).values("ticket_id"))
    else:
        links = TicketTeam.objects.filter(ticket_id=OuterRef("pk"), team_id__in=team_ids)
        in_my_teams = Q(Exists(links))
    return Ticket.objects.filter(
        scope | Q(reporter_id=viewer.pk) | in_my_teams | filed_by_colleague(viewer)
    )


def _tier1_team_ids(viewer: Viewer) -> list[int]:
    return [team_id for team_id, tier in viewer.memberships if tier == 1]


def filed_by_colleague(viewer: Viewer) -> Q:
    """Tickets filed by a member of one of ``viewer``'s active tier-1 teams (the LPSE helpdesk's
    own tickets to tier 2): the team follows its members' requests upward. Active accounts
    only, and only while both are members — the right ends with either membership."""
    tier1 = _tier1_team_ids(viewer)
    if not tier1:
        return Q(pk__in=[])
    colleagues = TeamMembership.objects.filter(team_id__in=tier1, user__is_active=True)
    return Q(reporter_id__in=colleagues.values("user_id"))


def access_ticket(
    who: ViewerOrUser,
    number: str,
    *,
    for_update: bool = False,
    related: Sequence[str] = ACTION_RELATIONS,
) -> Ticket:
    """The ticket ``number`` if ``who`` may see it, else ``NotFound`` (pages answer 404).
    ``related``: the relations loaded with it, in the same query."""
    queryset = tickets_visible_to(who).filter(number=number).select_related(*related)
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    ticket = queryset.first()
    if ticket is None:
        raise TicketNotFound()
    return ticket


# --- what of a visible ticket: internal notes -------------------------------------------------


def may_see_internal_notes(who: ViewerOrUser, ticket: Ticket) -> bool:
    """For a user who may see ``ticket``: are its internal notes, their files and their events
    theirs to see? Staff (members of an active team), supervisors and admins — never on a ticket
    they reported, and never an inactive account."""
    viewer = Viewer.of(who)
    if viewer.pk == ticket.reporter_id or not viewer.is_staff_reader:
        return False
    if viewer.is_admin or viewer.is_supervisor or ticket.team_id in viewer.team_ids:
        return True
    # Staff who see it through a team it passed through — not only as a colleague of its
    # reporter (``filed_by_colleague``): that is the reporter's side.
    return passed_my_teams(viewer, ticket)


def passed_my_teams(viewer: Viewer, ticket: Ticket) -> bool:
    """Is or was ``ticket`` in one of ``viewer``'s active teams? One query per ticket object
    and viewer (kept on the ticket object: the page, its panel and the workflow relations ask
    it several times)."""
    if not viewer.team_ids:
        return False
    memo: dict[tuple[int | None, tuple[int, ...]], bool] = ticket.__dict__.setdefault(
        "_passed_my_teams", {}
    )
    key = (viewer.pk, tuple(viewer.team_ids))
    if key not in memo:
        memo[key] = TicketTeam.objects.filter(ticket=ticket, team_id__in=viewer.team_ids).exists()
    return memo[key]


def hidden_events(who: ViewerOrUser) -> Q:
    """``may_see_internal_notes`` as a condition on ``TicketEvent`` rows of any ticket: the
    events ``who`` must not learn of (for change stamps that count events without loading the
    ticket, e.g. the live-update ETag)."""
    viewer = Viewer.of(who)
    staff_only = Q(action__in=STAFF_ONLY_ACTIONS)
    if not viewer.is_staff_reader:
        return staff_only
    if viewer.is_admin or viewer.is_supervisor:
        return staff_only & Q(ticket__reporter_id=viewer.pk)
    my_teams = TicketTeam.objects.filter(
        ticket_id=OuterRef("ticket_id"), team_id__in=viewer.team_ids
    )
    return staff_only & (Q(ticket__reporter_id=viewer.pk) | ~Q(Exists(my_teams)))


def messages_visible_to(who: ViewerOrUser, ticket: Ticket) -> QuerySet[TicketMessage]:
    """The ticket's Diskusi entries ``who`` may read (the caller has checked the ticket)."""
    messages = TicketMessage.objects.filter(ticket=ticket)
    if not may_see_internal_notes(who, ticket):
        messages = messages.filter(is_internal=False)
    return messages


def attachments_visible_to(who: ViewerOrUser, ticket: Ticket) -> QuerySet[TicketAttachment]:
    """The ticket's files ``who`` may open: those of the description and of the messages they
    may read — one rule for the page, the API, the single download and the zip."""
    attachments = TicketAttachment.objects.filter(ticket=ticket)
    if not may_see_internal_notes(who, ticket):
        attachments = attachments.filter(Q(message__isnull=True) | Q(message__is_internal=False))
    return attachments.order_by("sequence")


def events_visible_to(who: ViewerOrUser, ticket: Ticket) -> QuerySet[TicketEvent]:
    """Riwayat Tiket as ``who`` may read it: that an internal note was written (and by whom,
    and when) is itself internal, and so are the SLA alerts (``STAFF_ONLY_ACTIONS``)."""
    events = TicketEvent.objects.filter(ticket=ticket)
    if not may_see_internal_notes(who, ticket):
        events = events.exclude(action__in=STAFF_ONLY_ACTIONS)
    return events


# --- who may be told: the same two rules, for many people in one query -----------------------


def _in_an_active_team(
    teams: QuerySet[TicketTeam] | QuerySet[TeamMembership] | None = None,
    *,
    field: str = "team_id",
) -> Exists:
    memberships = TeamMembership.objects.filter(user_id=OuterRef("pk"), team__active=True)
    if teams is not None:
        memberships = memberships.filter(team_id__in=teams.values(field))
    return Exists(memberships)


def audience(ticket: Ticket, user_ids: Iterable[int], *, internal: bool) -> QuerySet[User]:
    """Those of ``user_ids`` who may see ``ticket`` now — and, for ``internal`` news (an internal
    note), its internal notes: notifications go only where the pages would let them look.

    ``tickets_visible_to`` and ``may_see_internal_notes`` stated as conditions on the users, so
    that a whole recipient list is one query inside the action's transaction (a test checks
    both statements agree for every kind of user)."""
    directorate = Ticket.objects.filter(pk=ticket.pk).values("application__directorate_id")
    supervises = Q(is_supervisor=True) & (
        Q(supervised_directorate__isnull=True) | Q(supervised_directorate_id__in=directorate)
    )
    passed = TicketTeam.objects.filter(ticket_id=ticket.pk)
    reporter_teams = TeamMembership.objects.filter(
        user_id=ticket.reporter_id, user__is_active=True, team__tier=1
    )
    sees_ticket = (
        Q(is_superuser=True)
        | supervises
        | Q(pk=ticket.reporter_id)
        | Q(_in_an_active_team(passed))
        | Q(_in_an_active_team(reporter_teams))
    )
    users = User.objects.filter(sees_ticket, pk__in=set(user_ids), is_active=True)
    if internal:
        staff = Q(is_superuser=True) | Q(is_supervisor=True) | Q(_in_an_active_team(passed))
        users = users.filter(staff).exclude(pk=ticket.reporter_id)
    return users

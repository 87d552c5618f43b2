"""Who someone is to a ticket (the relations of the workflow table) and where it can go next."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q

from lpse_support.accounts.models import Team, TeamKind
from lpse_support.accounts.viewer import Viewer, ViewerOrUser
from lpse_support.tickets.access import passed_my_teams
from lpse_support.tickets.models import Ticket, TicketTeam
from lpse_support.tickets.workflow import (
    SIDE_BY_TIER,
    Action,
    FeedbackFrom,
    Relation,
    Side,
    Status,
    allowed_for,
)


@dataclass(frozen=True)
class Standing:
    """The facts about a user and a ticket that the relations depend on. Read with queries by
    ``relations_of``, or from list annotations by the list selectors (no query per row).
    ``in_team`` and ``in_feedback_team`` count active teams only."""

    is_reporter: bool
    is_assignee: bool
    in_team: bool
    in_feedback_team: bool
    # Lazy: only asked when nothing else already makes the user a staff party.
    in_past_team: Callable[[], bool]
    # Leads the ticket's team, or supervises it (national or its application's directorate).
    # The list selectors leave it False: Alihkan Tiket is offered on the detail page only.
    leads: bool = False


def relations_from(ticket: Ticket, standing: Standing) -> set[Relation]:
    """The one rule that turns a standing into workflow relations (pages, list cards, API)."""
    relations: set[Relation] = set()
    if standing.is_reporter:
        relations |= {Relation.REPORTER, Relation.PARTY}
    # Being named assignee counts only while a member of the ticket's current team: whoever
    # leaves the team (or whose team or account is deactivated) loses the ticket at once, even
    # before ``ticket_release`` has handed it back to the queue.
    if standing.is_assignee and standing.in_team:
        relations |= {Relation.ASSIGNEE, Relation.PARTY, Relation.STAFF_PARTY}
    if standing.in_team:
        relations |= {Relation.TEAM_MEMBER, Relation.PARTY, Relation.STAFF_PARTY}
    if ticket.status == Status.MENUNGGU_FEEDBACK:
        if ticket.feedback_from == FeedbackFrom.REPORTER and standing.is_reporter:
            relations.add(Relation.ASKED)
        if ticket.feedback_from == FeedbackFrom.TEAM and standing.in_feedback_team:
            relations |= {Relation.ASKED, Relation.PARTY, Relation.STAFF_PARTY}
    if standing.leads:
        relations.add(Relation.TEAM_LEAD)
    if Relation.STAFF_PARTY not in relations and standing.in_past_team():
        relations |= {Relation.PARTY, Relation.STAFF_PARTY}
    return relations


def relations_of(ticket: Ticket, who: ViewerOrUser | None) -> set[Relation]:
    """How ``who`` stands to ``ticket`` now (None: the system itself)."""
    if who is None:
        return {Relation.SYSTEM}
    viewer = Viewer.of(who)
    if not viewer.is_authenticated or not viewer.is_active:
        return set()
    teams = viewer.team_ids
    standing = Standing(
        is_reporter=ticket.reporter_id == viewer.pk,
        is_assignee=ticket.assignee_id == viewer.pk,
        in_team=ticket.team_id in teams,
        in_feedback_team=ticket.feedback_team_id in teams,
        in_past_team=lambda: passed_my_teams(viewer, ticket),
        leads=leads_ticket(ticket, viewer),
    )
    return relations_from(ticket, standing)


def leads_ticket(ticket: Ticket, viewer: Viewer) -> bool:
    """Is ``viewer`` the lead of the ticket's team (an active membership marked Ketua tim) or a
    supervisor covering the ticket (national, or of its application's directorate — the scope
    ``access.tickets_visible_to`` gives them)?"""
    if ticket.team_id in viewer.lead_team_ids:
        return True
    if not viewer.is_supervisor:
        return False
    covered = viewer.supervised_directorate_id
    return covered is None or ticket.application.directorate_id == covered


def actions_for(ticket: Ticket, relations: set[Relation]) -> list[Action]:
    """The allowed user actions for these relations; a rated ticket offers no second rating."""
    actions = allowed_for(ticket.status, relations)
    if Action.RATE in actions and _is_rated(ticket):
        actions.remove(Action.RATE)
    return actions


def allowed_actions(ticket: Ticket, who: ViewerOrUser) -> list[Action]:
    """What ``who`` may do on ``ticket`` now — the only source for buttons (pages and API)."""
    return actions_for(ticket, relations_of(ticket, who))


def _is_rated(ticket: Ticket) -> bool:
    try:
        return ticket.rating is not None
    except ObjectDoesNotExist:
        return False


def side_of(ticket: Ticket, who: ViewerOrUser | None) -> Side:
    """The side a person acts for on this ticket: pelapor, or the tier of their team on it
    (the ticket's current team first, else a team it passed through, else their own tier)."""
    if who is None:
        return Side.SISTEM
    viewer = Viewer.of(who)
    if ticket.reporter_id == viewer.pk:
        return Side.PELAPOR
    current = viewer.tier_of(ticket.team_id)
    if current is not None:
        return SIDE_BY_TIER[current]
    teams = viewer.team_ids
    passed = (
        TicketTeam.objects.filter(ticket=ticket, team_id__in=teams).values_list(
            "team_id", flat=True
        )
        if teams
        else []
    )
    tier = max(
        (viewer.tier_of(team_id) or 1 for team_id in passed),
        default=max(viewer.tiers, default=1),
    )
    return SIDE_BY_TIER[tier]


def escalation_targets(ticket: Ticket) -> list[Team]:
    """Where the ticket's team may escalate (SPEC §4): tier 1 → tier 2 of the application's
    directorate (teknis/non-teknis by category); tier-2 non-teknis → teknis; tier 2 → tier 3;
    tier 3 → tier 3 of another directorate."""
    team = ticket.team
    # One query (``Team`` orders by tier, then name): the ticket's team, application and
    # category come with the ticket (``access.access_ticket`` joins them).
    active = Team.objects.filter(active=True).select_related("directorate")
    if team.tier == 1:
        candidates = list(active.filter(tier=2, directorate_id=ticket.application.directorate_id))
        wanted = TeamKind.TEKNIS if ticket.category.kind == TeamKind.TEKNIS else TeamKind.NON_TEKNIS
        by_kind = [t for t in candidates if t.kind == wanted] or [
            t for t in candidates if t.kind == TeamKind.UMUM
        ]
        return by_kind or candidates
    directorate_of_team = team.directorate_id
    if directorate_of_team is None:  # tier 2–3 teams always have one (database constraint)
        return []
    if team.tier == 2:
        upward = Q(tier=3)
        if team.kind == TeamKind.NON_TEKNIS:
            upward |= Q(tier=2, kind=TeamKind.TEKNIS)
        return list(active.filter(upward, directorate_id=directorate_of_team))
    return list(active.filter(tier=3).exclude(directorate_id=directorate_of_team))

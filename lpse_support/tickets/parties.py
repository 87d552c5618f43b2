"""Who someone is to a ticket (the relations of the workflow table) and where it can go next."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist

from lpse_support.accounts.models import Team, TeamKind, TeamMembership
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


def _team_ids(user: Any) -> set[int]:
    cached = getattr(user, "_active_team_ids", None)
    if cached is None:
        cached = set(
            TeamMembership.objects.filter(user=user, team__active=True).values_list(
                "team_id", flat=True
            )
        )
        user._active_team_ids = cached
    return cached


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
    if Relation.STAFF_PARTY not in relations and standing.in_past_team():
        relations |= {Relation.PARTY, Relation.STAFF_PARTY}
    return relations


def relations_of(ticket: Ticket, user: Any) -> set[Relation]:
    if user is None:
        return {Relation.SYSTEM}
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    teams = _team_ids(user)
    standing = Standing(
        is_reporter=ticket.reporter_id == user.pk,
        is_assignee=ticket.assignee_id == user.pk,
        in_team=ticket.team_id in teams,
        in_feedback_team=ticket.feedback_team_id in teams,
        in_past_team=lambda: (
            bool(teams) and TicketTeam.objects.filter(ticket=ticket, team_id__in=teams).exists()
        ),
    )
    return relations_from(ticket, standing)


def actions_for(ticket: Ticket, relations: set[Relation]) -> list[Action]:
    """The allowed user actions for these relations; a rated ticket offers no second rating."""
    actions = allowed_for(ticket.status, relations)
    if Action.RATE in actions and _is_rated(ticket):
        actions.remove(Action.RATE)
    return actions


def allowed_actions(ticket: Ticket, user: Any) -> list[Action]:
    """What ``user`` may do on ``ticket`` now — the only source for buttons (pages and API)."""
    return actions_for(ticket, relations_of(ticket, user))


def _is_rated(ticket: Ticket) -> bool:
    try:
        return ticket.rating is not None
    except ObjectDoesNotExist:
        return False


def side_of(ticket: Ticket, user: Any) -> Side:
    """The side a person acts for on this ticket: pelapor, or the tier of their team on it
    (the ticket's current team first, else a team it passed through, else their own tier)."""
    if user is None:
        return Side.SISTEM
    if ticket.reporter_id == user.pk:
        return Side.PELAPOR
    teams = _team_ids(user)
    if ticket.team_id in teams:
        return SIDE_BY_TIER[ticket.team.tier]
    mine = Team.objects.filter(pk__in=teams)
    tier = max(
        mine.filter(ticket_links__ticket=ticket).values_list("tier", flat=True),
        default=max(mine.values_list("tier", flat=True), default=1),
    )
    return SIDE_BY_TIER[tier]


def escalation_targets(ticket: Ticket) -> list[Team]:
    """Where the ticket's team may escalate (SPEC §4): tier 1 → tier 2 of the application's
    directorate (teknis/non-teknis by category); tier-2 non-teknis → teknis; tier 2 → tier 3;
    tier 3 → tier 3 of another directorate."""
    team = ticket.team
    directorate_id = ticket.application.directorate_id
    active = Team.objects.filter(active=True).select_related("directorate")
    if team.tier == 1:
        candidates = list(active.filter(tier=2, directorate_id=directorate_id))
        wanted = TeamKind.TEKNIS if ticket.category.kind == TeamKind.TEKNIS else TeamKind.NON_TEKNIS
        by_kind = [t for t in candidates if t.kind == wanted] or [
            t for t in candidates if t.kind == TeamKind.UMUM
        ]
        return by_kind or candidates
    directorate_of_team = team.directorate_id
    if directorate_of_team is None:  # tier 2–3 teams always have one (database constraint)
        return []
    if team.tier == 2:
        targets: list[Team] = []
        if team.kind == TeamKind.NON_TEKNIS:
            targets += list(
                active.filter(tier=2, directorate_id=directorate_of_team, kind=TeamKind.TEKNIS)
            )
        targets += list(active.filter(tier=3, directorate_id=directorate_of_team))
        return targets
    return list(active.filter(tier=3).exclude(directorate_id=directorate_of_team))

"""The model of a ticket in the state machine test, written from SPEC §4 and R-AUTH-2 without
looking at the services: what the ticket holds after each step, its expected position, the
relations each user holds to it, who a role names, and the check that the database matches the
model (with the event log replaying through the transition table and every user's scope)."""

from __future__ import annotations

from dataclasses import dataclass, field

from lpse_support.accounts.models import Team
from lpse_support.tickets.access import tickets_visible_to
from lpse_support.tickets.models import Ticket, TicketEvent
from lpse_support.tickets.workflow import (
    TRANSITIONS,
    Action,
    FeedbackFrom,
    Relation,
    Status,
    target_status,
)
from tests.tickets.workflow.state_cast import Cast

R, S = Relation, Status


@dataclass
class Model:
    number: str
    reporter: str
    team: Team
    status: Status = S.BARU
    assignee: str | None = None
    previous_team: Team | None = None
    feedback_from: str = ""
    feedback_team: Team | None = None
    resolver: str | None = None
    rated: bool = False
    events: int = 1
    revision: int = 1  # raised by every successful change of state (not comment, note, rating)
    teams_seen: set[int] = field(default_factory=set)
    sla_alerts: set[tuple[str, str]] = field(default_factory=set)  # (action, target) recorded
    linked: bool = False  # attached to an incident (Insiden)


def expected_position(model: Model) -> str:
    if model.status == S.SELESAI:
        return "Selesai"
    if model.status == S.DITUTUP:
        return "Ditutup"
    if model.status == S.MENUNGGU_KONFIRMASI:
        return "Pelapor"
    if model.status == S.MENUNGGU_FEEDBACK:
        if model.feedback_from == FeedbackFrom.TEAM:
            assert model.feedback_team is not None
            return model.feedback_team.position_label
        return "Pelapor"
    return model.team.position_label


def model_sees(cast: Cast, m: Model, who: str) -> bool:
    colleague = cast.member_of[who] & cast.member_of[m.reporter] & cast.tier1
    return (
        m.reporter == who
        or m.assignee == who
        or bool(cast.member_of[who] & m.teams_seen)
        or bool(colleague)
    )


def model_relations(cast: Cast, m: Model, who: str) -> set[Relation]:
    teams = cast.member_of[who]
    held: set[Relation] = set()
    if m.reporter == who:
        held |= {R.REPORTER, R.PARTY}
    if m.assignee == who:
        held |= {R.ASSIGNEE, R.PARTY, R.STAFF_PARTY}
    if m.team.pk in teams:
        held |= {R.TEAM_MEMBER, R.PARTY, R.STAFF_PARTY}
    if m.status == S.MENUNGGU_FEEDBACK:
        if m.feedback_from == FeedbackFrom.REPORTER and m.reporter == who:
            held.add(R.ASKED)
        if (
            m.feedback_from == FeedbackFrom.TEAM
            and m.feedback_team is not None
            and m.feedback_team.pk in teams
        ):
            held |= {R.ASKED, R.PARTY, R.STAFF_PARTY}
    if teams & m.teams_seen:
        held |= {R.PARTY, R.STAFF_PARTY}
    if m.team.pk in cast.leads.get(who, set()):
        held.add(R.TEAM_LEAD)
    return held


def resolve_pick(cast: Cast, m: Model, pick: str) -> str:
    if pick in cast.users:
        return pick
    if pick == "@reporter":
        return m.reporter
    if pick == "@team":
        return cast.member_name[m.team.pk]
    if pick == "@lead":
        leading = [name for name, teams in cast.leads.items() if m.team.pk in teams]
        return leading[0] if leading else cast.member_name[m.team.pk]
    if pick == "@asked" and m.status == S.MENUNGGU_FEEDBACK:
        if m.feedback_from == FeedbackFrom.TEAM and m.feedback_team is not None:
            return cast.member_name[m.feedback_team.pk]
        return m.reporter
    return m.assignee or cast.member_name[m.team.pk]


def check_database(cast: Cast, tickets: list[Model]) -> None:
    """The database matches the model of every ticket, and the invariants hold."""
    if not tickets:
        return
    numbers = [m.number for m in tickets]
    rows = {t.number: t for t in Ticket.objects.filter(number__in=numbers)}
    events: dict[int, list[TicketEvent]] = {}
    for event in TicketEvent.objects.filter(ticket__number__in=numbers).order_by("id"):
        events.setdefault(event.ticket_id, []).append(event)
    for m in tickets:
        t = rows[m.number]
        assigned = cast.users[m.assignee].pk if m.assignee else None
        assert (t.status, t.team_id, t.assignee_id) == (m.status, m.team.pk, assigned)
        assert t.previous_team_id == (m.previous_team.pk if m.previous_team else None)
        assert t.feedback_from == m.feedback_from
        assert t.feedback_team_id == (m.feedback_team.pk if m.feedback_team else None)
        # One position, never empty, consistent with the status.
        assert t.position and t.position == expected_position(m)
        assert t.revision == m.revision
        if t.status == S.BARU:
            assert t.assignee_id is None
        if t.status in (S.DIKERJAKAN, S.MENUNGGU_FEEDBACK, S.MENUNGGU_KONFIRMASI):
            assert t.assignee_id is not None
            assert t.feedback_from == ("" if t.status != S.MENUNGGU_FEEDBACK else m.feedback_from)
        # The log replays to the current status, every step allowed by the table.
        log = events[t.pk]
        assert len(log) == m.events
        assert (log[0].action, log[0].from_status, log[0].to_status) == (
            Action.CREATE,
            "",
            S.BARU,
        )
        state = log[0].to_status
        for event in log[1:]:
            assert event.from_status == state, (event.action, event.from_status, state)
            action = Action(event.action)
            assert event.from_status in TRANSITIONS[action].from_statuses
            assert event.to_status == target_status(action, event.from_status)
            state = event.to_status
        assert state == t.status
        assert log[-1].team_id == t.team_id
    # Nobody sees a ticket outside their scope (R-AUTH-2), and everyone sees theirs.
    for who, user in cast.users.items():
        seen = set(
            tickets_visible_to(user).filter(number__in=numbers).values_list("number", flat=True)
        )
        assert seen == {m.number for m in tickets if model_sees(cast, m, who)}, who

"""Random action sequences by random people on a few tickets (ARCHITECTURE.md rule 9).

A model of each ticket, written from SPEC §4 and R-AUTH-2 without looking at the services, says
what every call must do: succeed (and where the ticket goes), be refused by the table, or answer
"not found". After every step the database must match the model, and the invariants hold: one
non-empty position consistent with the status; BARU has no assignee and the working statuses have
one; the event log replays to the current status with every step allowed by the table; every user
sees exactly the tickets in their scope."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from lpse_support.accounts.models import Team, User
from lpse_support.core.errors import InvalidInput, NotFound
from lpse_support.tickets.access import tickets_visible_to
from lpse_support.tickets.errors import AlreadyRated, InvalidTransition
from lpse_support.tickets.models import Ticket, TicketEvent
from lpse_support.tickets.services.ticket_close import ticket_force_close
from lpse_support.tickets.services.ticket_comment import ticket_comment
from lpse_support.tickets.services.ticket_escalate import ticket_escalate
from lpse_support.tickets.services.ticket_feedback import (
    ticket_give_feedback,
    ticket_request_feedback,
)
from lpse_support.tickets.services.ticket_rate import ticket_rate
from lpse_support.tickets.services.ticket_reclassify import ticket_reclassify
from lpse_support.tickets.services.ticket_resolution import (
    ticket_auto_confirm,
    ticket_confirm,
    ticket_reject,
    ticket_resolve,
)
from lpse_support.tickets.services.ticket_take import ticket_take
from lpse_support.tickets.workflow import (
    TRANSITIONS,
    Action,
    FeedbackFrom,
    Relation,
    Status,
    is_allowed,
    target_status,
)
from tests.factories import DirectorateFactory, TeamFactory, UserFactory
from tests.tickets.conftest import TicketWorld, make_ticket
from tests.tickets.workflow.conftest import build_flow
from tests.tickets.workflow.helpers import MSG

R, S = Relation, Status
USERS = (
    "reporter_a",
    "reporter_b",
    "staff_lpse",
    "staff_other_lpse",
    "helpdesk_lkpp",
    "teknis",
    "teknis_b",
)
CREATORS = ("reporter_a", "reporter_b", "staff_lpse")
# Some picks name a user outright, most name a role resolved against the ticket at that step (its
# reporter, assignee, a member of its team, the party asked): random users keep probing the
# refusals, the roles let the walks get deep into the workflow. Closing (open to the reporter
# from every open status) picks users only, or it would end most walks early.
ROLES = ("@reporter", "@assignee", "@team", "@asked")
WHO = st.sampled_from(ROLES * 3 + USERS)
MAX_TICKETS = 3
PATHS = (
    (),
    ("take",),
    ("take", "ask_reporter"),
    ("take", "escalate", "take", "ask_team"),
    ("take", "resolve"),
    ("take", "escalate", "take", "resolve"),
    ("take", "resolve", "confirm"),
    ("take", "close"),
    ("take", "reclassify", "ask_reporter", "answer"),
    ("take", "resolve", "reject"),
    ("take", "resolve", "confirm", "rate"),
)


@dataclass
class Cast:
    """Users and teams created once for all examples (only tickets live inside an example)."""

    world: TicketWorld
    users: dict[str, User]
    member_of: dict[str, set[int]]
    teams: dict[str, Team]
    first_team: dict[str, Team]  # routing of a new ticket per creator (R-ORG-3)
    escalates_to: dict[int, Team]  # each team has exactly one target in this world
    member_name: dict[int, str]  # the one acting member of each team


def _cast(world: TicketWorld) -> Cast:
    flow = build_flow(world)
    teknis_b = UserFactory.create(
        username="timteknis_katalog", reporter_category=world.category_ppk, home_lpse=None
    )
    team_t3b = TeamFactory.create(
        name="Tim Teknis Katalog",
        tier=3,
        lpse=None,
        directorate=DirectorateFactory.create(name="Direktorat Katalog"),
        position_label="Tim Teknis Katalog",
        members=[teknis_b],
    )
    users = {
        "reporter_a": world.reporter_a,
        "reporter_b": world.reporter_b,
        "staff_lpse": world.staff_lpse,
        "staff_other_lpse": world.staff_other_lpse,
        "helpdesk_lkpp": world.helpdesk_lkpp,
        "teknis": flow.teknis,
        "teknis_b": teknis_b,
    }
    teams = {
        "lpse": world.team_lpse,
        "other_lpse": world.team_other_lpse,
        "lkpp": world.team_lkpp,
        "t3": flow.team_t3,
        "t3b": team_t3b,
    }
    member_of: dict[str, set[int]] = {name: set() for name in users}
    member_of["staff_lpse"] = {world.team_lpse.pk}
    member_of["staff_other_lpse"] = {world.team_other_lpse.pk}
    member_of["helpdesk_lkpp"] = {world.team_lkpp.pk}
    member_of["teknis"] = {flow.team_t3.pk}
    member_of["teknis_b"] = {team_t3b.pk}
    return Cast(
        world=world,
        users=users,
        member_of=member_of,
        teams=teams,
        first_team={
            "reporter_a": world.team_lpse,
            "reporter_b": world.team_lpse,
            "staff_lpse": world.team_lkpp,  # tier-1 staff file to tier 2
        },
        member_name={
            world.team_lpse.pk: "staff_lpse",
            world.team_other_lpse.pk: "staff_other_lpse",
            world.team_lkpp.pk: "helpdesk_lkpp",
            flow.team_t3.pk: "teknis",
            team_t3b.pk: "teknis_b",
        },
        escalates_to={
            world.team_lpse.pk: world.team_lkpp,
            world.team_lkpp.pk: flow.team_t3,
            flow.team_t3.pk: team_t3b,
            team_t3b.pk: flow.team_t3,
        },
    )


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
    teams_seen: set[int] = field(default_factory=set)


def _position(model: Model) -> str:
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


def run_machine(cast: Cast, succeeded: Counter[Action]) -> None:
    class TicketMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            # Each example runs in a savepoint rolled back at teardown: a clean slate of tickets.
            self._atomic = transaction.atomic()
            self._atomic.__enter__()
            self.tickets: list[Model] = []

        def teardown(self) -> None:
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)

        # --- the model's view of who is who --------------------------------------------------

        def _visible(self, m: Model, who: str) -> bool:
            return (
                m.reporter == who or m.assignee == who or bool(cast.member_of[who] & m.teams_seen)
            )

        def _relations(self, m: Model, who: str) -> set[Relation]:
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
            return held

        def _resolve(self, m: Model, pick: str) -> str:
            if pick in cast.users:
                return pick
            if pick == "@reporter":
                return m.reporter
            if pick == "@team":
                return cast.member_name[m.team.pk]
            if pick == "@asked" and m.status == S.MENUNGGU_FEEDBACK:
                if m.feedback_from == FeedbackFrom.TEAM and m.feedback_team is not None:
                    return cast.member_name[m.feedback_team.pk]
                return m.reporter
            return m.assignee or cast.member_name[m.team.pk]

        def _act(
            self,
            index: int,
            who: str | None,
            action: Action,
            call: Callable[[str, User | None], Any],
            apply: Callable[[Model, str | None], None],
            invalid_input: bool = False,
        ) -> None:
            m = self.tickets[index % len(self.tickets)]
            who = self._resolve(m, who) if who is not None else None
            user = cast.users[who] if who is not None else None
            if who is not None and not self._visible(m, who):
                with pytest.raises(NotFound):
                    call(m.number, user)
                return
            relations = self._relations(m, who) if who is not None else {R.SYSTEM}
            if not is_allowed(action, m.status, relations):
                with pytest.raises(InvalidTransition):
                    call(m.number, user)
                return
            if action == Action.RATE and m.rated:
                with pytest.raises(AlreadyRated):
                    call(m.number, user)
                return
            if invalid_input:
                with pytest.raises(InvalidInput):
                    call(m.number, user)
                return
            call(m.number, user)
            before = m.status
            apply(m, who)
            assert m.status == target_status(action, before)
            m.events += 1
            succeeded[action] += 1

        # --- rules -------------------------------------------------------------------------

        @initialize(
            starts=st.lists(
                st.tuples(st.sampled_from(CREATORS), st.sampled_from(PATHS)),
                min_size=1,
                max_size=MAX_TICKETS - 1,
            )
        )
        def start(self, starts: list[tuple[str, tuple[str, ...]]]) -> None:
            """Begin from tickets already deep in the workflow (driven there by the same
            checked steps), so short random walks still reach every status."""
            for creator, path in starts:
                self.create(creator)
                index = len(self.tickets) - 1
                for step in path:
                    if step == "take":
                        self.take(index, "@team")
                    elif step == "ask_reporter":
                        self.request_feedback(index, "@assignee", False)
                    elif step == "ask_team":
                        self.request_feedback(index, "@assignee", True)
                    elif step == "escalate":
                        self.escalate(index, "@assignee")
                    elif step == "resolve":
                        self.resolve(index, "@assignee")
                    elif step == "confirm":
                        self.confirm(index, "@reporter")
                    elif step == "reclassify":
                        self.reclassify(index, "@assignee")
                    elif step == "answer":
                        self.give_feedback(index, "@asked")
                    elif step == "reject":
                        self.reject(index, "@reporter")
                    elif step == "rate":
                        self.rate(index, "@reporter", 4)
                    elif step == "close":
                        self.close(index, self.tickets[index].reporter)

        @precondition(lambda self: len(self.tickets) < MAX_TICKETS)
        @rule(who=st.sampled_from(CREATORS))
        def create(self, who: str) -> None:
            ticket = make_ticket(cast.world, reporter=cast.users[who])
            team = cast.first_team[who]
            assert ticket.team_id == team.pk
            self.tickets.append(
                Model(number=ticket.number, reporter=who, team=team, teams_seen={team.pk})
            )

        @precondition(lambda self: self.tickets)
        @rule(index=st.integers(0, MAX_TICKETS - 1), who=WHO)
        def take(self, index: int, who: str) -> None:
            def apply(m: Model, actor: str | None) -> None:
                m.status, m.assignee = S.DIKERJAKAN, actor

            self._act(
                index,
                who,
                Action.TAKE,
                lambda n, u: ticket_take(ticket_number=n, actor=u),
                apply,
            )

        @precondition(lambda self: self.tickets)
        @rule(
            index=st.integers(0, MAX_TICKETS - 1),
            who=WHO,
            from_team=st.booleans(),
        )
        def request_feedback(self, index: int, who: str, from_team: bool) -> None:
            m = self.tickets[index % len(self.tickets)]
            party = FeedbackFrom.TEAM if from_team else FeedbackFrom.REPORTER

            def apply(m: Model, actor: str | None) -> None:
                m.status = S.MENUNGGU_FEEDBACK
                m.feedback_from = party
                m.feedback_team = m.previous_team if from_team else None

            self._act(
                index,
                who,
                Action.REQUEST_FEEDBACK,
                lambda n, u: ticket_request_feedback(
                    ticket_number=n, actor=u, message=MSG, from_party=party
                ),
                apply,
                invalid_input=from_team and m.previous_team is None,
            )

        @precondition(lambda self: self.tickets)
        @rule(index=st.integers(0, MAX_TICKETS - 1), who=WHO)
        def give_feedback(self, index: int, who: str) -> None:
            def apply(m: Model, actor: str | None) -> None:
                m.status, m.feedback_from, m.feedback_team = S.DIKERJAKAN, "", None

            self._act(
                index,
                who,
                Action.GIVE_FEEDBACK,
                lambda n, u: ticket_give_feedback(ticket_number=n, actor=u, message=MSG),
                apply,
            )

        @precondition(lambda self: self.tickets)
        @rule(index=st.integers(0, MAX_TICKETS - 1), who=WHO)
        def reclassify(self, index: int, who: str) -> None:
            self._act(
                index,
                who,
                Action.RECLASSIFY,
                lambda n, u: ticket_reclassify(
                    ticket_number=n, actor=u, subcategory_id=cast.world.deadline_subcategory.pk
                ),
                lambda m, actor: None,
            )

        @precondition(lambda self: self.tickets)
        @rule(index=st.integers(0, MAX_TICKETS - 1), who=WHO)
        def escalate(self, index: int, who: str) -> None:
            def apply(m: Model, actor: str | None) -> None:
                target = cast.escalates_to[m.team.pk]
                m.previous_team, m.team = m.team, target
                m.status, m.assignee = S.BARU, None
                m.feedback_from, m.feedback_team = "", None
                m.teams_seen.add(target.pk)

            self._act(
                index,
                who,
                Action.ESCALATE,
                lambda n, u: ticket_escalate(ticket_number=n, actor=u, message=MSG),
                apply,
            )

        @precondition(lambda self: self.tickets)
        @rule(index=st.integers(0, MAX_TICKETS - 1), who=WHO)
        def resolve(self, index: int, who: str) -> None:
            def apply(m: Model, actor: str | None) -> None:
                m.status, m.resolver = S.MENUNGGU_KONFIRMASI, actor

            self._act(
                index,
                who,
                Action.RESOLVE,
                lambda n, u: ticket_resolve(ticket_number=n, actor=u, message=MSG),
                apply,
            )

        @precondition(lambda self: self.tickets)
        @rule(index=st.integers(0, MAX_TICKETS - 1), who=WHO)
        def confirm(self, index: int, who: str) -> None:
            def apply(m: Model, actor: str | None) -> None:
                m.status = S.SELESAI

            self._act(
                index,
                who,
                Action.CONFIRM,
                lambda n, u: ticket_confirm(ticket_number=n, actor=u),
                apply,
            )

        @precondition(lambda self: self.tickets)
        @rule(index=st.integers(0, MAX_TICKETS - 1), who=WHO)
        def reject(self, index: int, who: str) -> None:
            def apply(m: Model, actor: str | None) -> None:
                m.status, m.assignee = S.DIKERJAKAN, m.resolver

            self._act(
                index,
                who,
                Action.REJECT,
                lambda n, u: ticket_reject(ticket_number=n, actor=u, message=MSG),
                apply,
            )

        @precondition(lambda self: self.tickets)
        @rule(index=st.integers(0, MAX_TICKETS - 1), who=st.sampled_from(USERS))
        def close(self, index: int, who: str) -> None:
            def apply(m: Model, actor: str | None) -> None:
                m.status = S.DITUTUP
                m.feedback_from = ""  # closing ends any wait for feedback
                m.feedback_team = None

            self._act(
                index,
                who,
                Action.CLOSE,
                lambda n, u: ticket_force_close(ticket_number=n, actor=u),
                apply,
            )

        @precondition(lambda self: self.tickets)
        @rule(
            index=st.integers(0, MAX_TICKETS - 1),
            who=WHO,
            stars=st.integers(1, 5),
        )
        def rate(self, index: int, who: str, stars: int) -> None:
            def apply(m: Model, actor: str | None) -> None:
                m.rated = True

            self._act(
                index,
                who,
                Action.RATE,
                lambda n, u: ticket_rate(ticket_number=n, actor=u, stars=stars),
                apply,
            )

        @precondition(lambda self: self.tickets)
        @rule(
            index=st.integers(0, MAX_TICKETS - 1),
            who=WHO,
            internal=st.booleans(),
        )
        def comment(self, index: int, who: str, internal: bool) -> None:
            self._act(
                index,
                who,
                Action.INTERNAL_NOTE if internal else Action.COMMENT,
                lambda n, u: ticket_comment(
                    ticket_number=n, actor=u, message=MSG, internal=internal
                ),
                lambda m, actor: None,
            )

        @precondition(lambda self: self.tickets)
        @rule(index=st.integers(0, MAX_TICKETS - 1))
        def auto_confirm(self, index: int) -> None:
            def apply(m: Model, actor: str | None) -> None:
                m.status = S.SELESAI

            self._act(
                index,
                None,
                Action.AUTO_CONFIRM,
                lambda n, u: ticket_auto_confirm(ticket_number=n),
                apply,
            )

        # --- invariants ----------------------------------------------------------------------

        @invariant()
        def database_matches_model_and_invariants_hold(self) -> None:
            if not self.tickets:
                return
            rows = {t.number: t for t in Ticket.objects.filter(number__in=self._numbers())}
            events: dict[int, list[TicketEvent]] = {}
            for event in TicketEvent.objects.filter(ticket__number__in=self._numbers()).order_by(
                "id"
            ):
                events.setdefault(event.ticket_id, []).append(event)
            for m in self.tickets:
                t = rows[m.number]
                assigned = cast.users[m.assignee].pk if m.assignee else None
                assert (t.status, t.team_id, t.assignee_id) == (m.status, m.team.pk, assigned)
                assert t.previous_team_id == (m.previous_team.pk if m.previous_team else None)
                assert t.feedback_from == m.feedback_from
                assert t.feedback_team_id == (m.feedback_team.pk if m.feedback_team else None)
                # One position, never empty, consistent with the status.
                assert t.position and t.position == _position(m)
                if t.status == S.BARU:
                    assert t.assignee_id is None
                if t.status in (S.DIKERJAKAN, S.MENUNGGU_FEEDBACK, S.MENUNGGU_KONFIRMASI):
                    assert t.assignee_id is not None
                    assert t.feedback_from == (
                        "" if t.status != S.MENUNGGU_FEEDBACK else m.feedback_from
                    )
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
                    tickets_visible_to(user)
                    .filter(number__in=self._numbers())
                    .values_list("number", flat=True)
                )
                assert seen == {m.number for m in self.tickets if self._visible(m, who)}, who

        def _numbers(self) -> list[str]:
            return [m.number for m in self.tickets]

    run_state_machine_as_test(
        TicketMachine,
        settings=settings(
            max_examples=200,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )


@pytest.mark.django_db
def test_random_workflows_keep_the_invariants(ticket_world: TicketWorld) -> None:
    succeeded: Counter[Action] = Counter()
    run_machine(_cast(ticket_world), succeeded)
    # The random walks reached every action's success path, not only its refusals.
    assert set(succeeded) == set(TRANSITIONS), set(TRANSITIONS) - set(succeeded)

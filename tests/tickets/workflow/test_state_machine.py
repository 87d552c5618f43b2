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

from lpse_support.accounts.models import User
from lpse_support.core.errors import InvalidInput, NotFound
from lpse_support.tickets.errors import AlreadyRated, InvalidTransition
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
from tests.support.drive import MSG
from tests.support.ticket_world import TicketWorld, make_ticket
from tests.tickets.workflow.state_cast import (
    CREATORS,
    MAX_TICKETS,
    PATHS,
    USERS,
    WHO,
    Cast,
    build_cast,
)
from tests.tickets.workflow.state_model import (
    Model,
    check_database,
    model_relations,
    model_sees,
    resolve_pick,
)
from tests.tickets.workflow.state_rules_incident import IncidentRules
from tests.tickets.workflow.state_rules_team import STALE_CALLS, TeamAndSystemRules

R, S = Relation, Status
# Actions that change no ticket row: the revision stays (services/_base.py Acting.save).
UNVERSIONED = {
    Action.COMMENT,
    Action.INTERNAL_NOTE,
    Action.RATE,
    Action.SLA_WARNING,
    Action.SLA_BREACH,
}


def run_machine(
    cast: Cast, succeeded: Counter[Action], stale_refused: Counter[Action] | None = None
) -> None:
    refusals: Counter[Action] = Counter() if stale_refused is None else stale_refused

    class TicketMachine(TeamAndSystemRules, IncidentRules, RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.cast, self.succeeded, self.refusals = cast, succeeded, refusals
            # Each example runs in a savepoint rolled back at teardown: a clean slate of tickets.
            self._atomic = transaction.atomic()
            self._atomic.__enter__()
            self.tickets: list[Model] = []

        def teardown(self) -> None:
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)

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
            who = resolve_pick(cast, m, who) if who is not None else None
            user = cast.users[who] if who is not None else None
            if who is not None and not model_sees(cast, m, who):
                with pytest.raises(NotFound):
                    call(m.number, user)
                return
            relations = model_relations(cast, m, who) if who is not None else {R.SYSTEM}
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
            if action not in UNVERSIONED:
                m.revision += 1
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
                    elif step == "unassign":
                        self.unassign(index, "@assignee")
                    elif step == "reassign":
                        self.reassign(index, "@lead", "lead_lpse")
                    elif step == "recall":
                        self.recall(index, "@lead")

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

        # --- invariants ----------------------------------------------------------------------

        @invariant()
        def database_matches_model_and_invariants_hold(self) -> None:
            check_database(cast, self.tickets)

    run_state_machine_as_test(
        TicketMachine,
        settings=settings(
            max_examples=200,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )


@pytest.mark.slow
@pytest.mark.django_db
def test_random_workflows_keep_the_invariants(ticket_world: TicketWorld) -> None:
    succeeded: Counter[Action] = Counter()
    stale_refused: Counter[Action] = Counter()
    run_machine(build_cast(ticket_world), succeeded, stale_refused)
    # The random walks reached every action's success path, not only its refusals.
    assert set(succeeded) == set(TRANSITIONS), set(TRANSITIONS) - set(succeeded)
    # Forms drawn from another revision were tried, for every kind, and all refused.
    assert set(stale_refused) == set(STALE_CALLS), set(STALE_CALLS) - set(stale_refused)

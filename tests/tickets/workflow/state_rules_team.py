"""The state machine's rules for team work and the system (test_state_machine.py holds the
machine, its model step and the person-driven workflow rules): Lepas / Alihkan / Tarik ke Antrean,
the system's own actions (auto-confirm, SLA alerts, the release when a holder leaves the team)
and forms drawn from a stale revision. Mixed into ``TicketMachine``; hypothesis collects the
rules of its bases."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule

from lpse_support.accounts.models import TeamMembership, User
from lpse_support.core.errors import NotFound
from lpse_support.tickets.errors import InvalidTransition
from lpse_support.tickets.services.ticket_close import ticket_force_close
from lpse_support.tickets.services.ticket_comment import ticket_comment
from lpse_support.tickets.services.ticket_feedback import ticket_request_feedback
from lpse_support.tickets.services.ticket_reassign import ticket_reassign, ticket_recall
from lpse_support.tickets.services.ticket_resolution import (
    ticket_auto_confirm,
    ticket_confirm,
    ticket_reject,
    ticket_resolve,
)
from lpse_support.tickets.services.ticket_sla import ticket_sla_alert
from lpse_support.tickets.services.ticket_take import ticket_take
from lpse_support.tickets.services.ticket_unassign import ticket_unassign
from lpse_support.tickets.workflow import Action, Relation, Status, is_allowed
from tests.support.drive import MSG
from tests.tickets.workflow.state_cast import MAX_TICKETS, USERS, WHO, Cast
from tests.tickets.workflow.state_model import Model, model_sees, resolve_pick

R, S = Relation, Status
# Calls with an explicit expected revision, for the stale-form rule.
STALE_CALLS: dict[Action, Callable[[str, User, int], Any]] = {
    Action.TAKE: lambda n, u, r: ticket_take(ticket_number=n, actor=u, expected_revision=r),
    Action.REQUEST_FEEDBACK: lambda n, u, r: ticket_request_feedback(
        ticket_number=n, actor=u, message=MSG, expected_revision=r
    ),
    Action.RESOLVE: lambda n, u, r: ticket_resolve(
        ticket_number=n, actor=u, message=MSG, expected_revision=r
    ),
    Action.CONFIRM: lambda n, u, r: ticket_confirm(ticket_number=n, actor=u, expected_revision=r),
    Action.REJECT: lambda n, u, r: ticket_reject(
        ticket_number=n, actor=u, message=MSG, expected_revision=r
    ),
    Action.CLOSE: lambda n, u, r: ticket_force_close(ticket_number=n, actor=u, expected_revision=r),
    Action.COMMENT: lambda n, u, r: ticket_comment(
        ticket_number=n, actor=u, message=MSG, expected_revision=r
    ),
}


class TeamAndSystemRules:
    """Rules that need the machine's ``_act`` step and its ledger (set by ``TicketMachine``)."""

    cast: Cast
    tickets: list[Model]
    succeeded: Counter[Action]
    refusals: Counter[Action]
    _act: Callable[..., None]

    @precondition(lambda self: self.tickets)
    @rule(index=st.integers(0, MAX_TICKETS - 1), who=WHO)
    def unassign(self, index: int, who: str) -> None:
        def apply(m: Model, actor: str | None) -> None:
            m.status, m.assignee = S.BARU, None

        self._act(
            index,
            who,
            Action.UNASSIGN,
            lambda n, u: ticket_unassign(ticket_number=n, actor=u, reason=MSG),
            apply,
        )

    @precondition(lambda self: self.tickets)
    @rule(index=st.integers(0, MAX_TICKETS - 1), who=WHO, to=st.sampled_from(USERS))
    def reassign(self, index: int, who: str, to: str) -> None:
        m = self.tickets[index % len(self.tickets)]

        def apply(m: Model, actor: str | None) -> None:
            m.assignee = to

        # The colleague must be a member of the ticket's team and not its holder.
        valid = m.team.pk in self.cast.member_of[to] and m.assignee != to
        self._act(
            index,
            who,
            Action.REASSIGN,
            lambda n, u: ticket_reassign(
                ticket_number=n, actor=u, assignee_id=self.cast.users[to].pk, reason=MSG
            ),
            apply,
            invalid_input=not valid,
        )

    @precondition(lambda self: self.tickets)
    @rule(index=st.integers(0, MAX_TICKETS - 1), who=WHO)
    def recall(self, index: int, who: str) -> None:
        def apply(m: Model, actor: str | None) -> None:
            m.status, m.assignee = S.BARU, None
            m.feedback_from, m.feedback_team = "", None

        self._act(
            index,
            who,
            Action.RECALL,
            lambda n, u: ticket_recall(ticket_number=n, actor=u, reason=MSG),
            apply,
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

    @precondition(lambda self: self.tickets)
    @rule(
        index=st.integers(0, MAX_TICKETS - 1),
        action=st.sampled_from([Action.SLA_WARNING, Action.SLA_BREACH]),
        aim=st.sampled_from(["response", "resolution"]),  # ``target`` is taken by @rule
    )
    def sla_alert(self, index: int, action: Action, aim: str) -> None:
        """The SLA watch's alert: allowed where the clock runs, once per (alert, target);
        it records an event and raises no revision."""
        m = self.tickets[index % len(self.tickets)]

        def call(n: str, u: User | None) -> Any:
            return ticket_sla_alert(ticket_number=n, action=action, target=aim)

        if (action, aim) in m.sla_alerts and is_allowed(action, m.status, {R.SYSTEM}):
            with pytest.raises(InvalidTransition) as refused:
                call(m.number, None)
            assert refused.value.code == "ticket_changed"
            return
        before = m.events
        self._act(index, None, action, call, lambda m, actor: None)
        if m.events > before:
            m.sla_alerts.add((action, aim))

    @precondition(lambda self: self.tickets)
    @rule(
        index=st.integers(0, MAX_TICKETS - 1),
        who=WHO,
        action=st.sampled_from(sorted(STALE_CALLS)),
        behind=st.sampled_from([-1, 1, 3]),
    )
    def act_from_a_stale_revision(self, index: int, who: str, action: Action, behind: int) -> None:
        """A form drawn from another revision: never acts, whatever the state and the table
        say — out of scope stays 404, the rest is 409 ``ticket_changed``."""
        m = self.tickets[index % len(self.tickets)]
        name = resolve_pick(self.cast, m, who)
        stale = m.revision - behind if m.revision > behind else m.revision + 1
        call = STALE_CALLS[action]
        if not model_sees(self.cast, m, name):
            with pytest.raises(NotFound):
                call(m.number, self.cast.users[name], stale)
            return
        with pytest.raises(InvalidTransition) as refused:
            call(m.number, self.cast.users[name], stale)
        assert refused.value.code == "ticket_changed"
        self.refusals[action] += 1

    @precondition(lambda self: self.tickets)
    @rule(index=st.integers(0, MAX_TICKETS - 1))
    def leave_team(self, index: int) -> None:
        """The holder of a ticket leaves its team and is added back at once: every ticket
        they were working on in that team is back in its queue (the system's release)."""
        m = self.tickets[index % len(self.tickets)]
        if m.assignee is None:
            return
        who, team = m.assignee, m.team
        user = self.cast.users[who]
        leads = TeamMembership.objects.filter(user=user, team=team, is_lead=True).exists()
        TeamMembership.objects.filter(user=user, team=team).delete()
        TeamMembership.objects.create(user=user, team=team, is_lead=leads)
        for held in self.tickets:
            if (
                held.assignee == who
                and held.team.pk == team.pk
                and held.status in (S.DIKERJAKAN, S.MENUNGGU_FEEDBACK)
            ):
                held.status, held.assignee = S.BARU, None
                held.feedback_from, held.feedback_team = "", None
                held.events += 1
                held.revision += 1
                self.succeeded[Action.RELEASE] += 1

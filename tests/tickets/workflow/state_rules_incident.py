"""The state machine's rules for Insiden (docs/incidents.md): link a ticket to an open incident,
unlink it, mark it a duplicate, and the incident's resolution of one child (the system, on
behalf of a member of the ticket's team). Mixed into ``TicketMachine`` like the team rules."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule

from lpse_support.accounts.models import User
from lpse_support.core.errors import NotFound
from lpse_support.tickets.errors import (
    DuplicateOfItself,
    NotLinked,
)
from lpse_support.tickets.models import Incident, IncidentOutcome
from lpse_support.tickets.services.incidents import (
    link_ticket,
    mark_duplicate,
    resolve_child,
    unlink_ticket,
)
from lpse_support.tickets.workflow import Action, Relation, Status, is_allowed
from tests.support.drive import MSG
from tests.tickets.workflow.state_cast import MAX_TICKETS, WHO, Cast
from tests.tickets.workflow.state_model import Model, model_relations, model_sees, resolve_pick

R, S = Relation, Status


class IncidentRules:
    """Rules that need the machine's ``_act`` step and its ledger (set by ``TicketMachine``)."""

    cast: Cast
    tickets: list[Model]
    succeeded: Counter[Action]
    _act: Callable[..., None]

    def _incident(self, resolver: User | None = None) -> Incident:
        w = self.cast.world
        return Incident.objects.create(
            title="SPSE tidak dapat diakses",
            application=w.spse,
            started_at=timezone.now(),
            status_text="Sedang diperbaiki.",
            created_by=w.staff_lpse,
            state=Incident.State.RESOLVING if resolver else Incident.State.OPEN,
            resolved_by=resolver,
            resolution=MSG if resolver else "",
        )

    def _allowed(self, m: Model, who: str, action: Action) -> bool:
        return model_sees(self.cast, m, who) and is_allowed(
            action, m.status, model_relations(self.cast, m, who)
        )

    @precondition(lambda self: self.tickets)
    @rule(index=st.integers(0, MAX_TICKETS - 1), who=WHO)
    def link_incident(self, index: int, who: str) -> None:
        m = self.tickets[index % len(self.tickets)]
        name = resolve_pick(self.cast, m, who)
        incident = self._incident()  # a new one each time: linking again moves the ticket
        assert name in self.cast.users

        def apply(m: Model, actor: str | None) -> None:
            m.linked = True

        self._act(index, who, Action.LINK_INCIDENT, lambda n, u: link_ticket(u, n, incident), apply)

    @precondition(lambda self: self.tickets)
    @rule(index=st.integers(0, MAX_TICKETS - 1), who=WHO, link_first=st.booleans())
    def unlink_incident(self, index: int, who: str, link_first: bool) -> None:
        """``link_first``: attach the ticket first (its own step), so that the unlink's success
        path is reached in every run, not only when a random walk happened to link it before;
        then a member of the ticket's team links and unlinks it."""
        m = self.tickets[index % len(self.tickets)]
        if link_first:
            who = "@team"
        name = resolve_pick(self.cast, m, who)
        call: Callable[[str, Any], Any] = lambda n, u: unlink_ticket(u, n)  # noqa: E731
        if link_first and not m.linked and self._allowed(m, name, Action.LINK_INCIDENT):
            self.link_incident(index, who)
        if not m.linked and self._allowed(m, name, Action.UNLINK_INCIDENT):
            with pytest.raises(NotLinked):
                call(m.number, self.cast.users[name])
            return

        def apply(m: Model, actor: str | None) -> None:
            m.linked = False

        self._act(index, who, Action.UNLINK_INCIDENT, call, apply)

    @precondition(lambda self: self.tickets)
    @rule(index=st.integers(0, MAX_TICKETS - 1), who=WHO, other=st.integers(0, MAX_TICKETS - 1))
    def mark_duplicate(self, index: int, who: str, other: int) -> None:
        m = self.tickets[index % len(self.tickets)]
        original = self.tickets[other % len(self.tickets)]
        name = resolve_pick(self.cast, m, who)
        user = self.cast.users[name]

        def call(n: str, u: Any) -> Any:
            return mark_duplicate(u, n, original.number)

        if not model_sees(self.cast, original, name):
            with pytest.raises(NotFound):
                call(m.number, user)
            return
        if original is m:
            with pytest.raises(DuplicateOfItself):
                call(m.number, user)
            return
        self._act(index, who, Action.MARK_DUPLICATE, call, lambda m, actor: None)

    @precondition(lambda self: self.tickets)
    @rule(index=st.integers(0, MAX_TICKETS - 1))
    def resolve_incident(self, index: int) -> None:
        """One child of an incident being resolved: resolved where the table allows it, else
        skipped (an outcome row, no event); a second run for the same incident does nothing."""
        m = self.tickets[index % len(self.tickets)]
        resolver_name = self.cast.member_name[m.team.pk]
        incident = self._incident(self.cast.users[resolver_name])

        def apply(m: Model, actor: str | None) -> None:
            m.status = S.MENUNGGU_KONFIRMASI
            m.assignee = m.assignee or resolver_name
            m.resolver = m.assignee
            m.feedback_from, m.feedback_team = "", None

        allowed = is_allowed(Action.RESOLVE_INCIDENT, m.status, {R.SYSTEM})
        if not allowed:
            assert resolve_child(incident, m.number) == IncidentOutcome.Kind.SKIPPED
        else:
            self._act(
                index,
                None,
                Action.RESOLVE_INCIDENT,
                lambda n, u: resolve_child(incident, n),
                apply,
            )
        assert resolve_child(incident, m.number) == ""  # idempotent

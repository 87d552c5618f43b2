"""The transition table (SPEC §4, R-WF-1): first the pure table against the spec written out
here once more, for every (action, status, relation set); then the services against the table,
for every action from every status by every kind of user — allowed calls succeed and land where
the table says, every other call is refused and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations
from typing import Any

import pytest
from django.db import transaction

from lpse_support.accounts.models import User
from lpse_support.core.errors import NotFound
from lpse_support.tickets.errors import InvalidTransition
from lpse_support.tickets.models import Incident, Ticket, TicketEvent
from lpse_support.tickets.services.incidents import create_incident, link_ticket
from lpse_support.tickets.services.ticket_close import ticket_force_close
from lpse_support.tickets.services.ticket_comment import ticket_comment
from lpse_support.tickets.services.ticket_escalate import ticket_escalate
from lpse_support.tickets.services.ticket_feedback import (
    ticket_give_feedback,
    ticket_request_feedback,
)
from lpse_support.tickets.services.ticket_rate import ticket_rate
from lpse_support.tickets.services.ticket_reassign import (
    reassign_candidates,
    ticket_reassign,
    ticket_recall,
)
from lpse_support.tickets.services.ticket_reclassify import ticket_reclassify
from lpse_support.tickets.services.ticket_release import ticket_release
from lpse_support.tickets.services.ticket_resolution import (
    ticket_auto_confirm,
    ticket_confirm,
    ticket_reject,
    ticket_resolve,
)
from lpse_support.tickets.services.ticket_sla import ticket_sla_alert
from lpse_support.tickets.services.ticket_take import ticket_take
from lpse_support.tickets.services.ticket_unassign import ticket_unassign
from lpse_support.tickets.workflow import (
    OPEN_STATUSES,
    TRANSITIONS,
    USER_ACTIONS,
    Action,
    Relation,
    Status,
    allowed_for,
    is_allowed,
    target_status,
)
from tests.support.drive import MSG, drive_escalated, drive_to, snapshot
from tests.support.factories import UserFactory
from tests.support.flow import Flow

A, R, S = Action, Relation, Status
OPEN = {S.BARU, S.DIKERJAKAN, S.MENUNGGU_FEEDBACK, S.MENUNGGU_KONFIRMASI}
DONE = {S.SELESAI, S.DITUTUP}

# SPEC §4 written out independently of workflow.py: action → (who, from, to; None = unchanged).
SPEC_TABLE: dict[Action, tuple[set[Relation], set[Status], Status | None]] = {
    A.TAKE: ({R.TEAM_MEMBER}, {S.BARU}, S.DIKERJAKAN),
    A.RECLASSIFY: ({R.ASSIGNEE}, {S.DIKERJAKAN}, None),
    A.REQUEST_FEEDBACK: ({R.ASSIGNEE}, {S.DIKERJAKAN}, S.MENUNGGU_FEEDBACK),
    A.GIVE_FEEDBACK: ({R.ASKED}, {S.MENUNGGU_FEEDBACK}, S.DIKERJAKAN),
    A.ESCALATE: ({R.ASSIGNEE}, {S.DIKERJAKAN}, S.BARU),
    A.RESOLVE: ({R.ASSIGNEE}, {S.DIKERJAKAN}, S.MENUNGGU_KONFIRMASI),
    A.CONFIRM: ({R.REPORTER}, {S.MENUNGGU_KONFIRMASI}, S.SELESAI),
    A.REJECT: ({R.REPORTER}, {S.MENUNGGU_KONFIRMASI}, S.DIKERJAKAN),
    A.CLOSE: ({R.REPORTER}, OPEN, S.DITUTUP),
    A.RATE: ({R.REPORTER}, DONE, None),
    A.AUTO_CONFIRM: ({R.SYSTEM}, {S.MENUNGGU_KONFIRMASI}, S.SELESAI),
    A.RELEASE: ({R.SYSTEM}, {S.DIKERJAKAN, S.MENUNGGU_FEEDBACK}, S.BARU),
    A.UNASSIGN: ({R.ASSIGNEE}, {S.DIKERJAKAN}, S.BARU),
    A.REASSIGN: ({R.TEAM_LEAD}, {S.DIKERJAKAN, S.MENUNGGU_FEEDBACK}, None),
    A.RECALL: ({R.TEAM_LEAD}, {S.DIKERJAKAN, S.MENUNGGU_FEEDBACK}, S.BARU),
    A.COMMENT: ({R.PARTY}, OPEN, None),
    A.INTERNAL_NOTE: ({R.STAFF_PARTY}, OPEN, None),
    A.SLA_WARNING: ({R.SYSTEM}, {S.BARU, S.DIKERJAKAN, S.MENUNGGU_FEEDBACK}, None),
    A.SLA_BREACH: ({R.SYSTEM}, {S.BARU, S.DIKERJAKAN, S.MENUNGGU_FEEDBACK}, None),
    A.LINK_INCIDENT: ({R.TEAM_MEMBER, R.STAFF_PARTY, R.TEAM_LEAD}, OPEN, None),
    A.UNLINK_INCIDENT: ({R.TEAM_MEMBER, R.STAFF_PARTY, R.TEAM_LEAD}, OPEN, None),
    A.MARK_DUPLICATE: ({R.TEAM_MEMBER, R.STAFF_PARTY, R.TEAM_LEAD}, OPEN, None),
    A.RESOLVE_INCIDENT: (
        {R.SYSTEM},
        {S.BARU, S.DIKERJAKAN, S.MENUNGGU_FEEDBACK},
        S.MENUNGGU_KONFIRMASI,
    ),
}
SYSTEM_ACTIONS = {A.AUTO_CONFIRM, A.RELEASE, A.SLA_WARNING, A.SLA_BREACH, A.RESOLVE_INCIDENT}
# Offered on their own (the Insiden page, the incident block), not as panel buttons.
INCIDENT_ACTIONS = {A.LINK_INCIDENT, A.UNLINK_INCIDENT, A.MARK_DUPLICATE}
ALL_RELATION_SETS = [
    frozenset(combo) for size in range(len(R) + 1) for combo in combinations(list(R), size)
]


# --- the pure table ---------------------------------------------------------------------------


def test_table_is_the_spec_table() -> None:
    assert set(TRANSITIONS) == set(SPEC_TABLE)
    assert A.CREATE not in TRANSITIONS  # creation has no "from": it is ticket_create's own path
    for action, (who, sources, to) in SPEC_TABLE.items():
        rule = TRANSITIONS[action]
        assert (set(rule.relations), set(rule.from_statuses), rule.to_status) == (
            who,
            sources,
            to,
        ), action
    assert set(OPEN_STATUSES) == OPEN


@pytest.mark.parametrize("action", list(SPEC_TABLE), ids=str)
def test_is_allowed_for_every_status_and_relation_set(action: Action) -> None:
    who, sources, _to = SPEC_TABLE[action]
    checked = 0
    for status in S:
        for relations in ALL_RELATION_SETS:
            expected = status in sources and bool(who & relations)
            assert is_allowed(action, status, relations) is expected, (status, relations)
            assert is_allowed(action, status.value, list(relations)) is expected
            checked += 1
    assert checked == len(S) * 2 ** len(R)


@pytest.mark.parametrize("action", list(SPEC_TABLE), ids=str)
def test_target_status_for_every_source(action: Action) -> None:
    _who, sources, to = SPEC_TABLE[action]
    for status in sources:
        assert target_status(action, status) == (to if to is not None else status)
        assert isinstance(target_status(action, status.value), Status)


def test_allowed_for_follows_button_order_and_excludes_system_actions() -> None:
    order = {action: index for index, action in enumerate(USER_ACTIONS)}
    assert A.CREATE not in order and not SYSTEM_ACTIONS & set(order)
    assert set(USER_ACTIONS) == set(TRANSITIONS) - SYSTEM_ACTIONS - INCIDENT_ACTIONS
    for status in S:
        for relations in ALL_RELATION_SETS:
            actions = allowed_for(status, relations)
            assert [order[action] for action in actions] == sorted(order[a] for a in actions)
            assert actions == [a for a in USER_ACTIONS if is_allowed(a, status, relations)], (
                status,
                relations,
            )
        assert allowed_for(status, {R.SYSTEM}) == []


def test_allowed_for_typical_people() -> None:
    staff = {R.TEAM_MEMBER, R.PARTY, R.STAFF_PARTY}
    assert allowed_for(S.BARU, staff) == [A.TAKE, A.COMMENT, A.INTERNAL_NOTE]
    assert allowed_for(S.DIKERJAKAN, staff | {R.ASSIGNEE}) == [
        A.RECLASSIFY,
        A.REQUEST_FEEDBACK,
        A.ESCALATE,
        A.RESOLVE,
        A.UNASSIGN,
        A.COMMENT,
        A.INTERNAL_NOTE,
    ]
    lead = staff | {R.TEAM_LEAD}
    assert allowed_for(S.DIKERJAKAN, lead) == [A.REASSIGN, A.RECALL, A.COMMENT, A.INTERNAL_NOTE]
    assert allowed_for(S.MENUNGGU_FEEDBACK, {R.TEAM_LEAD}) == [A.REASSIGN, A.RECALL]
    assert allowed_for(S.BARU, lead) == [A.TAKE, A.COMMENT, A.INTERNAL_NOTE]
    reporter = {R.REPORTER, R.PARTY}
    assert allowed_for(S.MENUNGGU_FEEDBACK, reporter | {R.ASKED}) == [
        A.GIVE_FEEDBACK,
        A.CLOSE,
        A.COMMENT,
    ]
    assert allowed_for(S.MENUNGGU_KONFIRMASI, reporter) == [
        A.CONFIRM,
        A.REJECT,
        A.CLOSE,
        A.COMMENT,
    ]
    assert allowed_for(S.SELESAI, reporter) == [A.RATE]
    assert allowed_for(S.DITUTUP, staff | {R.ASSIGNEE}) == []


# --- the services against the table, in the database --------------------------------------------

Call = Callable[[Flow, str, Any], Any]

CALLS: dict[Action, Call] = {
    A.TAKE: lambda f, n, u: ticket_take(ticket_number=n, actor=u),
    A.RECLASSIFY: lambda f, n, u: ticket_reclassify(
        ticket_number=n, actor=u, subcategory_id=f.world.deadline_subcategory.pk
    ),
    A.REQUEST_FEEDBACK: lambda f, n, u: ticket_request_feedback(
        ticket_number=n, actor=u, message=MSG
    ),
    A.GIVE_FEEDBACK: lambda f, n, u: ticket_give_feedback(ticket_number=n, actor=u, message=MSG),
    A.ESCALATE: lambda f, n, u: ticket_escalate(ticket_number=n, actor=u, message=MSG),
    A.RESOLVE: lambda f, n, u: ticket_resolve(ticket_number=n, actor=u, message=MSG),
    A.CONFIRM: lambda f, n, u: ticket_confirm(ticket_number=n, actor=u),
    A.REJECT: lambda f, n, u: ticket_reject(ticket_number=n, actor=u, message=MSG),
    A.CLOSE: lambda f, n, u: ticket_force_close(ticket_number=n, actor=u),
    A.RATE: lambda f, n, u: ticket_rate(ticket_number=n, actor=u, stars=5),
    A.COMMENT: lambda f, n, u: ticket_comment(ticket_number=n, actor=u, message=MSG),
    A.INTERNAL_NOTE: lambda f, n, u: ticket_comment(
        ticket_number=n, actor=u, message=MSG, internal=True
    ),
    A.UNASSIGN: lambda f, n, u: ticket_unassign(ticket_number=n, actor=u, reason=MSG),
    A.REASSIGN: lambda f, n, u: ticket_reassign(
        ticket_number=n, actor=u, assignee_id=_a_colleague(n), reason=MSG
    ),
    A.RECALL: lambda f, n, u: ticket_recall(ticket_number=n, actor=u, reason=MSG),
    A.LINK_INCIDENT: lambda f, n, u: link_ticket(u, n, _an_incident(f)),
    A.AUTO_CONFIRM: lambda f, n, u: ticket_auto_confirm(ticket_number=n),
    A.RELEASE: lambda f, n, u: _release_with_assignee_away(n),
    A.SLA_WARNING: lambda f, n, u: ticket_sla_alert(
        ticket_number=n, action=A.SLA_WARNING, target="resolution"
    ),
    A.SLA_BREACH: lambda f, n, u: ticket_sla_alert(
        ticket_number=n, action=A.SLA_BREACH, target="response"
    ),
}


def _an_incident(flow: Flow) -> Incident:
    """An open incident of SPSE (the application of every ticket here)."""
    w = flow.world
    found = Incident.objects.filter(application=w.spse).first()
    return found or create_incident(
        w.staff_lpse, title="SPSE lambat", application=w.spse, status_text="Sedang diperbaiki."
    )


def _a_colleague(number: str) -> int:
    """An active member of the ticket's team who does not hold it: Alihkan Tiket's target."""
    return reassign_candidates(Ticket.objects.get(number=number))[0].pk


def _release_with_assignee_away(number: str) -> Any:
    """The system's release, called while the ticket's assignee (if any) may not hold it: their
    account is switched off behind the signals' back (``update``) and back on afterwards, so only
    the release itself can have changed the ticket."""
    assignee_id = Ticket.objects.get(number=number).assignee_id
    users = User.objects.filter(pk__in=[assignee_id] if assignee_id else [])
    users.update(is_active=False)
    try:
        return ticket_release(ticket_number=number)
    finally:
        users.update(is_active=True)


STAFF = {R.TEAM_MEMBER, R.PARTY, R.STAFF_PARTY}
OUT_OF_SCOPE = None  # the user may not see the ticket: NotFound


def _leads(flow: Flow) -> dict[str, User]:
    """A lead (Ketua tim) of the LPSE and of the LKPP team, and a national supervisor."""
    w = flow.world
    found = {}
    for name, team in (("lead_lpse", w.team_lpse), ("lead_lkpp", w.team_lkpp)):
        found[name] = UserFactory.create(username=name, reporter_category=w.category_ppk)
        team.memberships.create(user=found[name], is_lead=True)
    found["supervisor"] = UserFactory.create(username="sup_nasional", is_supervisor=True)
    return found


def _people(
    flow: Flow, status: Status, scenario: str, leads: dict[str, User]
) -> dict[str, tuple[Any, Any]]:
    """Each kind of user with the relations the spec gives them (or OUT_OF_SCOPE)."""
    w = flow.world
    reporter = {R.REPORTER, R.PARTY}
    lead = {R.TEAM_LEAD}
    if scenario == "escalated":
        asked = status == S.MENUNGGU_FEEDBACK
        return {
            "reporter": (w.reporter_a, reporter),
            "team_lead": (leads["lead_lkpp"], STAFF | lead),
            "supervisor": (leads["supervisor"], lead),
            "assignee": (w.helpdesk_lkpp, STAFF | {R.ASSIGNEE}),
            "team_member": (flow.helpdesk_lkpp_2, STAFF),
            "previous_team": (
                w.staff_lpse,
                {R.PARTY, R.STAFF_PARTY} | ({R.ASKED} if asked else set()),
            ),
            "other_staff": (w.staff_other_lpse, OUT_OF_SCOPE),
            "tier3_staff": (flow.teknis, OUT_OF_SCOPE),
            "stranger": (w.reporter_b, OUT_OF_SCOPE),
            "system": (None, {R.SYSTEM}),
        }
    asked_reporter: set[Relation] = {R.ASKED} if status == S.MENUNGGU_FEEDBACK else set()
    return {
        "reporter": (w.reporter_a, reporter | asked_reporter),
        "assignee": (w.staff_lpse, STAFF | ({R.ASSIGNEE} if status != S.BARU else set())),
        "team_member": (flow.staff_lpse_2, STAFF),
        "team_lead": (leads["lead_lpse"], STAFF | lead),
        "supervisor": (leads["supervisor"], lead),
        "other_staff": (w.staff_other_lpse, OUT_OF_SCOPE),
        "lkpp_staff": (w.helpdesk_lkpp, OUT_OF_SCOPE),
        "stranger": (w.reporter_b, OUT_OF_SCOPE),
        "system": (None, {R.SYSTEM}),
    }


class _Rollback(Exception):
    """Undo an allowed call so the next call starts from the same ticket."""


SCENARIOS = [(status, "plain") for status in S] + [
    (S.DIKERJAKAN, "escalated"),
    (S.MENUNGGU_FEEDBACK, "escalated"),
]


@pytest.mark.parametrize(
    ("status", "scenario"), SCENARIOS, ids=[f"{s.value}-{c}" for s, c in SCENARIOS]
)
def test_every_action_by_every_kind_of_user(flow: Flow, status: Status, scenario: str) -> None:
    if scenario == "escalated":
        ticket = drive_escalated(
            flow.world, flow.world.helpdesk_lkpp, ask_team=status == S.MENUNGGU_FEEDBACK
        )
    else:
        ticket = drive_to(flow.world, status)
    assert ticket.status == status
    number = ticket.number
    leads = _leads(flow)
    outcomes: dict[tuple[str, str], str] = {}
    for action, call in CALLS.items():
        for who, (user, relations) in _people(flow, status, scenario, leads).items():
            if action in SYSTEM_ACTIONS and user is not None:
                continue  # the system's actions have no actor: ticket_auto_confirm(number)
            before = snapshot(number)
            if relations is OUT_OF_SCOPE:
                with pytest.raises(NotFound):
                    call(flow, number, user)
                outcomes[(action, who)] = "not_found"
            elif is_allowed(action, status, relations):
                with pytest.raises(_Rollback), transaction.atomic():
                    call(flow, number, user)
                    after = Ticket.objects.get(number=number)
                    assert after.status == target_status(action, status), (action, who)
                    assert TicketEvent.objects.filter(ticket=after).count() == before.events + 1
                    event = TicketEvent.objects.filter(ticket=after).order_by("-id").first()
                    assert event is not None
                    assert (event.action, event.from_status, event.to_status) == (
                        action,
                        status,
                        after.status,
                    )
                    assert event.actor_id == (user.pk if user is not None else None)
                    raise _Rollback
                outcomes[(action, who)] = "allowed"
            else:
                with pytest.raises(InvalidTransition):
                    call(flow, number, user)
                outcomes[(action, who)] = "refused"
            assert snapshot(number) == before, (action, who)
    # The sweep really exercised both sides of the table in this status.
    assert "refused" in outcomes.values()
    if status in OPEN:
        assert "allowed" in outcomes.values()

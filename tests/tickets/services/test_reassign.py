"""``ticket_reassign`` and ``ticket_recall`` (Alihkan Tiket, issue 14 item 2): a team lead or a
covering supervisor gives a taken ticket to another active member of its team, or pulls it back
to the queue; the new and the old assignee are told; a wrong colleague changes nothing."""

from __future__ import annotations

import pytest

from lpse_support.accounts.models import TeamMembership, User
from lpse_support.accounts.viewer import Viewer
from lpse_support.core.errors import NotFound
from lpse_support.notifications.models import Notification
from lpse_support.tickets.errors import (
    InvalidTransition,
    MessageTooShort,
    ReassignTargetInvalid,
    ReassignTargetRequired,
)
from lpse_support.tickets.models import Ticket, TicketEvent, TicketMessage
from lpse_support.tickets.parties import allowed_actions
from lpse_support.tickets.services.ticket_reassign import (
    reassign_candidates,
    ticket_reassign,
    ticket_recall,
)
from lpse_support.tickets.workflow import Action, FeedbackFrom, Status
from tests.support.drive import drive_to, snapshot
from tests.support.factories import DirectorateFactory, UserFactory
from tests.support.flow import Flow

pytestmark = pytest.mark.django_db

REASON = "Beban kerja dibagi ulang oleh ketua tim hari ini."


def _lead(flow: Flow) -> User:
    lead = UserFactory.create(username="ketua_mks", full_name="Ketua Makassar")
    TeamMembership.objects.create(team=flow.world.team_lpse, user=lead, is_lead=True)
    return lead


def _told(event: TicketEvent) -> set[int]:
    return set(Notification.objects.filter(event=event).values_list("recipient_id", flat=True))


def test_the_lead_reassigns_to_a_colleague_and_both_are_told(flow: Flow) -> None:
    world = flow.world
    lead = _lead(flow)
    ticket = drive_to(world, Status.DIKERJAKAN)
    assert Action.REASSIGN in allowed_actions(ticket, lead)
    assert Action.REASSIGN not in allowed_actions(ticket, flow.staff_lpse_2)

    ticket_reassign(
        ticket_number=ticket.number, actor=lead, assignee_id=flow.staff_lpse_2.pk, reason=REASON
    )

    fresh = Ticket.objects.get(pk=ticket.pk)
    assert (fresh.status, fresh.assignee_id) == (Status.DIKERJAKAN, flow.staff_lpse_2.pk)
    event = TicketEvent.objects.filter(ticket=fresh).latest("id")
    assert event.action == Action.REASSIGN and event.assignee_id == flow.staff_lpse_2.pk
    assert event.data == {
        "from_assignee": world.staff_lpse.pk,
        "to_assignee": flow.staff_lpse_2.pk,
        "reason": REASON,
    }
    assert _told(event) == {world.staff_lpse.pk, flow.staff_lpse_2.pk}
    line = TicketMessage.objects.filter(ticket=fresh, kind="system").latest("id").body
    assert "dialihkan" in line and REASON in line
    # The new assignee works it; the old one no longer may.
    assert Action.RESOLVE in allowed_actions(fresh, flow.staff_lpse_2)
    assert Action.RESOLVE not in allowed_actions(fresh, world.staff_lpse)


def test_the_colleague_must_be_an_active_member_of_the_ticket_team(flow: Flow) -> None:
    world = flow.world
    lead = _lead(flow)
    ticket = drive_to(world, Status.DIKERJAKAN)
    inactive = UserFactory.create(username="nonaktif", is_active=False)
    TeamMembership.objects.create(team=world.team_lpse, user=inactive)
    before = snapshot(ticket.number)
    for wrong in (world.staff_other_lpse, world.helpdesk_lkpp, inactive, world.staff_lpse):
        with pytest.raises(ReassignTargetInvalid) as refused:
            ticket_reassign(
                ticket_number=ticket.number, actor=lead, assignee_id=wrong.pk, reason=REASON
            )
        assert world.team_lpse.name in refused.value.message
        assert refused.value.field == "assignee"
    with pytest.raises(ReassignTargetRequired):
        ticket_reassign(ticket_number=ticket.number, actor=lead, assignee_id=None, reason=REASON)
    with pytest.raises(MessageTooShort):
        ticket_reassign(
            ticket_number=ticket.number, actor=lead, assignee_id=flow.staff_lpse_2.pk, reason="x"
        )
    assert snapshot(ticket.number) == before
    assert {u.pk for u in reassign_candidates(ticket)} == {flow.staff_lpse_2.pk, lead.pk}


def test_only_a_lead_or_a_covering_supervisor_may_reassign(flow: Flow) -> None:
    world = flow.world
    ticket = drive_to(world, Status.DIKERJAKAN)
    before = snapshot(ticket.number)
    # The assignee, a plain colleague and the reporter: refused by the table.
    for who in (world.staff_lpse, flow.staff_lpse_2, world.reporter_a):
        with pytest.raises(InvalidTransition):
            ticket_recall(ticket_number=ticket.number, actor=who, reason=REASON)
    # The lead of another team does not lead this one (nor see it).
    other_lead = UserFactory.create(username="ketua_lain")
    TeamMembership.objects.create(team=world.team_lkpp, user=other_lead, is_lead=True)
    with pytest.raises(NotFound):
        ticket_recall(ticket_number=ticket.number, actor=other_lead, reason=REASON)
    assert snapshot(ticket.number) == before
    # A supervisor of the ticket's directorate may; one of another directorate does not see it.
    covering = UserFactory.create(
        username="sup_spse", is_supervisor=True, supervised_directorate=world.directorate
    )
    elsewhere = UserFactory.create(
        username="sup_lain", is_supervisor=True, supervised_directorate=DirectorateFactory.create()
    )
    assert Action.RECALL in allowed_actions(ticket, covering)
    assert Action.RECALL not in allowed_actions(ticket, elsewhere)
    ticket_reassign(
        ticket_number=ticket.number,
        actor=Viewer.of(covering),
        assignee_id=flow.staff_lpse_2.pk,
        reason=REASON,
    )
    assert Ticket.objects.get(pk=ticket.pk).assignee_id == flow.staff_lpse_2.pk


def test_the_lead_pulls_a_waiting_ticket_back_to_the_queue(flow: Flow) -> None:
    world = flow.world
    lead = _lead(flow)
    ticket = drive_to(world, Status.MENUNGGU_FEEDBACK)
    assert ticket.feedback_from == FeedbackFrom.REPORTER

    ticket_recall(ticket_number=ticket.number, actor=lead, reason=REASON)

    fresh = Ticket.objects.get(pk=ticket.pk)
    assert (fresh.status, fresh.assignee_id, fresh.feedback_from, fresh.waiting_since) == (
        Status.BARU,
        None,
        "",
        None,
    )
    event = TicketEvent.objects.filter(ticket=fresh).latest("id")
    assert event.action == Action.RECALL
    assert event.data == {"from_assignee": world.staff_lpse.pk, "reason": REASON}
    # The old assignee and the team's members are told (not the lead who acted).
    assert _told(event) == {world.staff_lpse.pk, flow.staff_lpse_2.pk}
    line = TicketMessage.objects.filter(ticket=fresh, kind="system").latest("id").body
    assert "Permintaan feedback dibatalkan" in line


def test_an_untaken_ticket_cannot_be_reassigned(flow: Flow) -> None:
    lead = _lead(flow)
    ticket = drive_to(flow.world, Status.BARU)
    with pytest.raises(InvalidTransition):
        ticket_reassign(
            ticket_number=ticket.number, actor=lead, assignee_id=flow.staff_lpse_2.pk, reason=REASON
        )
    assert Ticket.objects.get(pk=ticket.pk).assignee_id is None

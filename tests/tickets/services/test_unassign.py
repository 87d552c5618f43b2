"""``ticket_unassign`` (Lepas Tiket, issue 14 item 2): the assignee hands a taken ticket back to
the team's queue with a reason; the team is told; anyone else, or a short reason, changes
nothing."""

from __future__ import annotations

import pytest

from lpse_support.core.errors import InvalidInput
from lpse_support.notifications.models import Notification
from lpse_support.tickets.errors import InvalidTransition, MessageTooShort
from lpse_support.tickets.models import Ticket, TicketEvent, TicketMessage
from lpse_support.tickets.services.ticket_take import ticket_take
from lpse_support.tickets.services.ticket_unassign import ticket_unassign
from lpse_support.tickets.workflow import Action, Status
from tests.support.drive import drive_to, snapshot
from tests.support.flow import Flow

pytestmark = pytest.mark.django_db

REASON = "Saya cuti mulai besok, mohon diambil rekan lain."


def test_the_assignee_releases_the_ticket_to_the_team_queue(flow: Flow) -> None:
    world = flow.world
    ticket = drive_to(world, Status.DIKERJAKAN)

    ticket_unassign(ticket_number=ticket.number, actor=world.staff_lpse, reason=REASON)

    fresh = Ticket.objects.get(pk=ticket.pk)
    assert (fresh.status, fresh.assignee_id, fresh.team_id) == (
        Status.BARU,
        None,
        world.team_lpse.pk,
    )
    assert fresh.position == world.team_lpse.position_label
    event = TicketEvent.objects.filter(ticket=fresh).latest("id")
    assert (event.action, event.from_status, event.to_status) == (
        Action.UNASSIGN,
        Status.DIKERJAKAN,
        Status.BARU,
    )
    assert event.data == {"from_assignee": world.staff_lpse.pk, "reason": REASON}
    line = TicketMessage.objects.filter(ticket=fresh, kind="system").latest("id")
    assert REASON in line.body and world.team_lpse.name in line.body
    # The team is told (not the actor, not the reporter).
    told = set(Notification.objects.filter(event=event).values_list("recipient_id", flat=True))
    assert told == {flow.staff_lpse_2.pk}
    # A colleague can take it again.
    ticket_take(ticket_number=ticket.number, actor=flow.staff_lpse_2)
    assert Ticket.objects.get(pk=ticket.pk).assignee_id == flow.staff_lpse_2.pk


def test_a_reason_shorter_than_15_characters_changes_nothing(flow: Flow) -> None:
    ticket = drive_to(flow.world, Status.DIKERJAKAN)
    before = snapshot(ticket.number)
    with pytest.raises(MessageTooShort) as refused:
        ticket_unassign(ticket_number=ticket.number, actor=flow.world.staff_lpse, reason="cuti")
    assert isinstance(refused.value, InvalidInput) and refused.value.field == "reason"
    assert snapshot(ticket.number) == before


def test_only_the_assignee_may_release_and_only_while_working(flow: Flow) -> None:
    world = flow.world
    ticket = drive_to(world, Status.DIKERJAKAN)
    before = snapshot(ticket.number)
    for other in (flow.staff_lpse_2, world.reporter_a):
        with pytest.raises(InvalidTransition):
            ticket_unassign(ticket_number=ticket.number, actor=other, reason=REASON)
    assert snapshot(ticket.number) == before
    # While a question waits for the reporter the assignee keeps the ticket (workflow.py).
    waiting = drive_to(world, Status.MENUNGGU_FEEDBACK)
    with pytest.raises(InvalidTransition):
        ticket_unassign(ticket_number=waiting.number, actor=world.staff_lpse, reason=REASON)
    assert Ticket.objects.get(pk=waiting.pk).status == Status.MENUNGGU_FEEDBACK


def test_a_double_submit_releases_once(flow: Flow) -> None:
    import uuid

    ticket = drive_to(flow.world, Status.DIKERJAKAN)
    key = uuid.uuid4()
    for _ in range(2):
        ticket_unassign(
            ticket_number=ticket.number,
            actor=flow.world.staff_lpse,
            reason=REASON,
            idempotency_key=key,
        )
    assert TicketEvent.objects.filter(ticket=ticket, action=Action.UNASSIGN).count() == 1

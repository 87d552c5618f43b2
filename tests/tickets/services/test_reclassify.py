"""Ubah Kategori: the assignee moves the ticket to another sub-category of its application; the
priority is recomputed, the status kept."""

from __future__ import annotations

import pytest

from lpse_support.core.errors import InvalidInput
from lpse_support.tickets.errors import InvalidTransition
from lpse_support.tickets.models import Ticket
from lpse_support.tickets.services.ticket_reclassify import ticket_reclassify
from lpse_support.tickets.workflow import Action, Status
from tests.support.drive import drive_to, last_event, snapshot
from tests.support.flow import Flow


def test_reclassify_recomputes_priority_and_keeps_status(flow: Flow) -> None:
    w = flow.world
    ticket = drive_to(w, Status.DIKERJAKAN)
    ticket_reclassify(
        ticket_number=ticket.number, actor=w.staff_lpse, subcategory_id=w.deadline_subcategory.pk
    )
    after = Ticket.objects.get(pk=ticket.pk)
    assert (after.status, after.assignee, after.team) == (
        Status.DIKERJAKAN,
        w.staff_lpse,
        w.team_lpse,
    )
    assert after.subcategory == w.deadline_subcategory
    assert after.priority == w.priorities["medium"]
    assert after.priority_reasons
    event = last_event(after)
    assert (event.action, event.from_status, event.to_status) == (
        Action.RECLASSIFY,
        Status.DIKERJAKAN,
        Status.DIKERJAKAN,
    )
    # Codes and ids, never names (the system line in the Diskusi says it in words).
    assert event.data == {
        "from_subcategory": ticket.subcategory_id,
        "from_priority": ticket.priority.code,
        "to_subcategory": w.deadline_subcategory.pk,
        "to_priority": w.priorities["medium"].code,
    }


def test_reclassify_to_another_applications_subcategory_writes_nothing(flow: Flow) -> None:
    w = flow.world
    ticket = drive_to(w, Status.DIKERJAKAN)
    before = snapshot(ticket.number)
    with pytest.raises(InvalidInput) as refused:
        ticket_reclassify(
            ticket_number=ticket.number, actor=w.staff_lpse, subcategory_id=w.other_subcategory.pk
        )
    assert refused.value.field == "subcategory"
    assert snapshot(ticket.number) == before
    with pytest.raises(InvalidTransition):
        ticket_reclassify(
            ticket_number=ticket.number,
            actor=flow.staff_lpse_2,
            subcategory_id=w.deadline_subcategory.pk,
        )
    assert snapshot(ticket.number) == before


def test_a_new_priority_brings_its_own_targets_counted_from_the_filing(flow: Flow) -> None:
    # Issue 14 item 6 (fix): the due times kept the old priority's targets.
    from lpse_support.catalog.business_time import load_calendar

    w = flow.world
    ticket = drive_to(w, Status.DIKERJAKAN)
    # Filed as Minor (long targets); the new sub-category makes it Medium.
    minor = w.priorities["minor"]
    Ticket.objects.filter(pk=ticket.pk).update(priority=minor, sla_paused_minutes=30)
    ticket.refresh_from_db()
    ticket_reclassify(
        ticket_number=ticket.number, actor=w.staff_lpse, subcategory_id=w.deadline_subcategory.pk
    )
    after = Ticket.objects.get(pk=ticket.pk)
    level = w.priorities["medium"]
    assert after.priority == level and ticket.priority != level
    calendar = load_calendar()
    assert after.response_due_at == calendar.add_business_minutes(
        after.created_at, level.response_minutes
    )
    assert after.resolution_due_at == calendar.add_business_minutes(
        after.created_at, level.resolution_minutes + 30
    )
    assert after.resolution_due_at != ticket.resolution_due_at

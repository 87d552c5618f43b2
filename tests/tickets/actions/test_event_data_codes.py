"""Event data holds codes and ids, never display words (issue 12): what the services write, and
migration 0009 turning rows written before into that shape (and back)."""

from __future__ import annotations

from importlib import import_module
from typing import Any

import pytest
from django.apps import apps

from lpse_support.tickets.models import Ticket, TicketEvent
from lpse_support.tickets.services.ticket_take import ticket_take
from lpse_support.tickets.workflow import Action, Status
from tests.support.ticket_world import TicketWorld, make_ticket

pytestmark = pytest.mark.django_db
MIGRATION = import_module("lpse_support.tickets.migrations.0009_event_data_codes")


def _old_event(ticket: Ticket, action: str, data: dict[str, Any]) -> TicketEvent:
    return TicketEvent.objects.create(
        ticket=ticket,
        action=action,
        from_status=Status.DIKERJAKAN,
        to_status=Status.DIKERJAKAN,
        team=ticket.team,
        data=data,
    )


def _data(event: TicketEvent) -> dict[str, Any]:
    data: dict[str, Any] = TicketEvent.objects.get(pk=event.pk).data
    return data


def test_the_filing_event_names_the_priority_by_its_code(ticket_world: TicketWorld) -> None:
    ticket = make_ticket(ticket_world)
    event = TicketEvent.objects.get(ticket=ticket, action=Action.CREATE)
    assert event.data["priority"] == ticket.priority.code


def test_rows_written_before_get_codes_and_ids_and_back(
    ticket_world: TicketWorld, chips: dict[str, Any]
) -> None:
    w = ticket_world
    ticket = make_ticket(w)
    ticket_take(ticket_number=ticket.number, actor=w.staff_lpse)
    ticket = Ticket.objects.get(pk=ticket.pk)
    medium = w.priorities["medium"]
    here = f"{ticket.category.name} / {ticket.subcategory.name} ({ticket.priority.name})"
    target = w.deadline_subcategory
    there = f"{target.category.name} / {target.name} ({medium.name})"
    old: dict[str, dict[str, Any]] = {
        "create": {"priority": medium.name, "reasons": ["Sub kategori: Medium"]},
        "asked_reporter": {"asked": "Pelapor"},
        "asked_team": {"asked": w.team_lpse.name},
        "escalate": {"from_team": w.team_lpse.name, "to_team": w.team_lkpp.name},
        "reclassify": {"before": here, "after": there},
        "rate": {"stars": 5, "chips": ["Kecepatan penanganan"]},
        "release": {"from_assignee": w.staff_lpse.get_full_name().rstrip("."), "reason": "x"},
    }
    action_of = {"asked_reporter": "request_feedback", "asked_team": "request_feedback"}
    events = {key: _old_event(ticket, action_of.get(key, key), data) for key, data in old.items()}
    untouched = _old_event(ticket, Action.CLOSE, {"reason": "Sudah beres"})

    MIGRATION.forward(apps, None)
    new = {key: _data(event) for key, event in events.items()}
    assert new == {
        "create": {"priority": medium.code, "reasons": ["Sub kategori: Medium"]},
        "asked_reporter": {"asked": "reporter"},
        "asked_team": {"asked": "team", "team": w.team_lpse.pk},
        "escalate": {"from_team": w.team_lpse.pk, "to_team": w.team_lkpp.pk},
        "reclassify": {
            "from_subcategory": ticket.subcategory_id,
            "from_priority": ticket.priority.code,
            "to_subcategory": w.deadline_subcategory.pk,
            "to_priority": medium.code,
        },
        "rate": {"stars": 5, "chips": [chips["fast"].pk]},
        "release": {"from_assignee": w.staff_lpse.pk, "reason": "x"},
    }
    assert _data(untouched) == {"reason": "Sudah beres"}

    MIGRATION.forward(apps, None)  # a second run changes nothing
    assert {key: _data(event) for key, event in events.items()} == new

    MIGRATION.backward(apps, None)
    assert {key: _data(event) for key, event in events.items()} == old


def test_words_that_match_nothing_any_more_are_kept(ticket_world: TicketWorld) -> None:
    ticket = make_ticket(ticket_world)
    gone = _old_event(ticket, Action.ESCALATE, {"from_team": "Tim Lama", "to_team": "Tim Baru"})
    MIGRATION.forward(apps, None)
    assert _data(gone) == {"from_team": "Tim Lama", "to_team": "Tim Baru"}

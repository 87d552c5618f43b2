"""SLA alerts (issue 14 item 6): the watch warns at 75 % of a target in business time and
reports the breach at the due time, once per ticket per (alert, target), only while the target's
clock runs — with a controlled clock (``now``) over the ticket world's calendar (Mon–Fri
08:00–16:00 WIB)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from lpse_support.catalog.business_time import load_calendar
from lpse_support.tickets.errors import InvalidTransition
from lpse_support.tickets.models import Ticket, TicketEvent
from lpse_support.tickets.services import ticket_sla
from lpse_support.tickets.services.ticket_close import ticket_force_close
from lpse_support.tickets.services.ticket_feedback import ticket_request_feedback
from lpse_support.tickets.services.ticket_resolution import ticket_resolve
from lpse_support.tickets.services.ticket_sla import (
    Candidate,
    sla_watch,
    ticket_sla_alert,
)
from lpse_support.tickets.services.ticket_take import ticket_take
from lpse_support.tickets.workflow import Action, Status
from tests.support.drive import MSG
from tests.support.ticket_world import TicketWorld, make_ticket

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
WARNING, BREACH = Action.SLA_WARNING, Action.SLA_BREACH


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of March 2026 in WIB (2 March is a Monday; no holiday that week or the next)."""
    return datetime(2026, 3, day, hour, minute, tzinfo=WIB)


def filed(world: TicketWorld, moment: datetime, *, paused: int = 0) -> Ticket:
    """A Medium ticket (response 480, resolution 1440 business minutes) as if filed at
    ``moment``: its due times computed as ``ticket_create`` does, pauses added as the end of a
    feedback wait does."""
    ticket = make_ticket(world)
    level = ticket.priority
    assert (level.response_minutes, level.resolution_minutes) == (480, 1440)
    calendar = load_calendar()
    Ticket.objects.filter(pk=ticket.pk).update(
        created_at=moment,
        sla_paused_minutes=paused,
        response_due_at=calendar.add_business_minutes(moment, level.response_minutes),
        resolution_due_at=calendar.add_business_minutes(moment, level.resolution_minutes + paused),
    )
    return Ticket.objects.get(pk=ticket.pk)


def alerts(ticket: Ticket) -> list[tuple[str, str]]:
    events = TicketEvent.objects.filter(ticket=ticket, action__in=[WARNING, BREACH])
    return [(event.action, event.data["target"]) for event in events.order_by("id")]


def test_response_warning_comes_at_75_percent_of_the_target_not_before(
    ticket_world: TicketWorld,
) -> None:
    ticket = filed(ticket_world, at(2, 8))  # response due Mon 16:00; 75 % = 360 min: 14:00
    assert ticket.response_due_at == at(2, 16)
    assert not sla_watch(now=at(2, 13, 59)).raised
    assert alerts(ticket) == []
    summary = sla_watch(now=at(2, 14))
    assert summary.raised == [(ticket.number, WARNING, "response")]
    assert alerts(ticket) == [(WARNING, "response")]
    event = TicketEvent.objects.get(ticket=ticket, action=WARNING)
    assert event.actor is None
    assert (event.from_status, event.to_status) == (Status.BARU, Status.BARU)
    assert event.data == {"target": "response"}


def test_the_warning_counts_business_minutes_not_wall_minutes(ticket_world: TicketWorld) -> None:
    """Filed Friday 15:00: 60 minutes on Friday, 300 on Monday make 75 % (Mon 13:00) — by the
    wall clock 75 % of eight hours passed on Friday night already."""
    ticket = filed(ticket_world, at(6, 15))
    assert not sla_watch(now=at(7, 12)).raised  # Saturday
    assert not sla_watch(now=at(9, 12, 59)).raised
    assert sla_watch(now=at(9, 13)).raised == [(ticket.number, WARNING, "response")]


def test_breach_comes_at_the_due_time_and_each_alert_only_once(
    ticket_world: TicketWorld,
) -> None:
    ticket = filed(ticket_world, at(2, 8))
    sla_watch(now=at(2, 15, 59))
    assert alerts(ticket) == [(WARNING, "response")]
    assert sla_watch(now=at(2, 16)).raised == [(ticket.number, BREACH, "response")]
    again = sla_watch(now=at(2, 16, 5))
    assert again.raised == [] and again.skipped == 0
    assert alerts(ticket) == [(WARNING, "response"), (BREACH, "response")]


def test_a_target_first_seen_already_missed_gets_the_breach_without_a_warning(
    ticket_world: TicketWorld,
) -> None:
    ticket = filed(ticket_world, at(2, 8))
    sla_watch(now=at(2, 16, 30))
    assert alerts(ticket) == [(BREACH, "response")]


def test_resolution_target_warns_at_75_percent_and_breaches_at_its_due_time(
    ticket_world: TicketWorld,
) -> None:
    ticket = filed(ticket_world, at(2, 8))  # 1440 min: due Wed 16:00; 75 % = 1080: Wed 10:00
    ticket_take(ticket_number=ticket.number, actor=ticket_world.staff_lpse)
    assert not sla_watch(now=at(4, 9, 59)).raised  # taken: no response alerts either
    assert sla_watch(now=at(4, 10)).raised == [(ticket.number, WARNING, "resolution")]
    assert sla_watch(now=at(4, 16)).raised == [(ticket.number, BREACH, "resolution")]
    assert alerts(ticket) == [(WARNING, "resolution"), (BREACH, "resolution")]


def test_paused_minutes_move_the_warning_point(ticket_world: TicketWorld) -> None:
    """60 minutes paused: the target is 1500, 75 % = 1125 minutes: Wed 10:45."""
    ticket = filed(ticket_world, at(2, 8), paused=60)
    ticket_take(ticket_number=ticket.number, actor=ticket_world.staff_lpse)
    assert not sla_watch(now=at(4, 10, 44)).raised
    assert sla_watch(now=at(4, 10, 45)).raised == [(ticket.number, WARNING, "resolution")]


def test_a_first_response_ends_the_response_alerts(ticket_world: TicketWorld) -> None:
    ticket = filed(ticket_world, at(2, 8))
    ticket_take(ticket_number=ticket.number, actor=ticket_world.staff_lpse)
    sla_watch(now=at(2, 17))
    assert alerts(ticket) == []


def test_no_resolution_alert_while_the_clock_is_paused(ticket_world: TicketWorld) -> None:
    ticket = filed(ticket_world, at(2, 8))
    ticket_take(ticket_number=ticket.number, actor=ticket_world.staff_lpse)
    ticket_request_feedback(ticket_number=ticket.number, actor=ticket_world.staff_lpse, message=MSG)
    assert Ticket.objects.get(pk=ticket.pk).waiting_since is not None
    sla_watch(now=at(4, 17))
    assert alerts(ticket) == []


@pytest.mark.parametrize("finish", ["resolve", "close"])
def test_no_alert_once_the_work_is_handed_over_or_done(
    ticket_world: TicketWorld, finish: str
) -> None:
    ticket = filed(ticket_world, at(2, 8))
    ticket_take(ticket_number=ticket.number, actor=ticket_world.staff_lpse)
    if finish == "resolve":
        ticket_resolve(ticket_number=ticket.number, actor=ticket_world.staff_lpse, message=MSG)
    else:
        ticket_force_close(ticket_number=ticket.number, actor=ticket_world.reporter_a)
    sla_watch(now=at(9, 17))
    assert alerts(ticket) == []


def test_an_alert_raises_no_revision_and_changes_no_field(ticket_world: TicketWorld) -> None:
    ticket = filed(ticket_world, at(2, 8))
    before = Ticket.objects.filter(pk=ticket.pk).values().get()
    sla_watch(now=at(2, 16))
    assert alerts(ticket) == [(BREACH, "response")]
    assert Ticket.objects.filter(pk=ticket.pk).values().get() == before


def test_an_alert_is_recorded_once_even_when_asked_twice(ticket_world: TicketWorld) -> None:
    ticket = filed(ticket_world, at(2, 8))
    ticket_sla_alert(ticket_number=ticket.number, action=WARNING, target="response")
    with pytest.raises(InvalidTransition) as refused:
        ticket_sla_alert(ticket_number=ticket.number, action=WARNING, target="response")
    assert refused.value.code == "ticket_changed"
    # Another target or the other alert is a different alert.
    ticket_sla_alert(ticket_number=ticket.number, action=WARNING, target="resolution")
    ticket_sla_alert(ticket_number=ticket.number, action=BREACH, target="response")
    assert len(alerts(ticket)) == 3


def test_an_unknown_alert_or_target_is_refused(ticket_world: TicketWorld) -> None:
    ticket = filed(ticket_world, at(2, 8))
    with pytest.raises(ValueError):
        ticket_sla_alert(ticket_number=ticket.number, action=Action.TAKE, target="response")
    with pytest.raises(ValueError):
        ticket_sla_alert(ticket_number=ticket.number, action=WARNING, target="kapan-saja")
    assert alerts(ticket) == []


def test_the_watch_skips_a_ticket_that_changed_since_it_was_listed(
    ticket_world: TicketWorld, monkeypatch: Any
) -> None:
    ticket = filed(ticket_world, at(2, 8))
    listed = Candidate(ticket.number, ticket.revision, WARNING, "response")
    ticket_take(ticket_number=ticket.number, actor=ticket_world.staff_lpse)  # revision moves
    monkeypatch.setattr(ticket_sla, "due_alerts", lambda **kwargs: [listed])
    summary = sla_watch(now=at(2, 14))
    assert (summary.raised, summary.skipped) == ([], 1)
    assert alerts(ticket) == []
    assert str(summary) == "0 peringatan SLA, 0 batas SLA terlewati, 1 dilewati"


def test_the_warning_percent_is_a_setting(ticket_world: TicketWorld, settings: Any) -> None:
    settings.LPSE_SUPPORT = {**settings.LPSE_SUPPORT, "SLA_WARNING_PERCENT": 50}
    ticket = filed(ticket_world, at(2, 8))  # 50 % of 480 = 240 minutes: 12:00
    assert not sla_watch(now=at(2, 11, 59)).raised
    assert sla_watch(now=at(2, 12)).raised == [(ticket.number, WARNING, "response")]

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from lpse_support.tickets.models import Ticket
from lpse_support.tickets.services.ticket_resolution import ticket_resolve
from lpse_support.tickets.services.ticket_take import ticket_take
from lpse_support.tickets.workflow import Action, Status
from tests.notifications.helpers import MSG, last_event
from tests.support.ticket_world import TicketWorld, make_ticket

pytestmark = pytest.mark.django_db


def _resolved(world: TicketWorld, days_ago: float) -> str:
    number = make_ticket(world).number
    ticket_take(ticket_number=number, actor=world.staff_lpse)
    ticket_resolve(ticket_number=number, actor=world.staff_lpse, message=MSG)
    Ticket.objects.filter(number=number).update(
        resolved_at=timezone.now() - timedelta(days=days_ago)
    )
    return number


def _run() -> str:
    out = StringIO()
    call_command("auto_confirm", stdout=out)
    return out.getvalue()


def test_confirms_only_tickets_resolved_more_than_the_setting_ago(
    settings: Any, ticket_world: TicketWorld
) -> None:
    settings.LPSE_SUPPORT = {**settings.LPSE_SUPPORT, "AUTO_CONFIRM_DAYS": 3}
    overdue = _resolved(ticket_world, days_ago=3.1)
    recent = _resolved(ticket_world, days_ago=2.9)

    output = _run()

    assert f"{overdue} dikonfirmasi otomatis" in output
    assert recent not in output
    assert "1 tiket dikonfirmasi otomatis" in output
    assert Ticket.objects.get(number=overdue).status == Status.SELESAI
    assert Ticket.objects.get(number=recent).status == Status.MENUNGGU_KONFIRMASI
    event = last_event(overdue)
    assert event.action == Action.AUTO_CONFIRM and event.actor is None


def test_second_run_confirms_nothing(ticket_world: TicketWorld) -> None:
    number = _resolved(ticket_world, days_ago=10)
    _run()
    events = Ticket.objects.get(number=number).events.count()
    assert "0 tiket dikonfirmasi otomatis" in _run()
    assert Ticket.objects.get(number=number).events.count() == events

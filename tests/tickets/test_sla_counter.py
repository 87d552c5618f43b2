"""Akan Terlambat (issue 14 item 6): the staff dashboard counts the tickets of their scope the SLA
watch warned about whose target is still ahead, and links to Daftar Tiket filtered the same way
(``akan_terlambat=on``) — the counter and the list always agree."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lpse_support.dashboard.selectors import staff_counts
from lpse_support.tickets.models import Ticket
from lpse_support.tickets.services.ticket_resolution import ticket_resolve
from lpse_support.tickets.services.ticket_sla import ticket_sla_alert
from lpse_support.tickets.services.ticket_take import ticket_take
from lpse_support.tickets.workflow import Action
from tests.support.drive import MSG
from tests.support.ticket_world import TicketWorld, make_ticket

pytestmark = pytest.mark.django_db

LIST = "/tiket/?tab=semua&akan_terlambat=on"


def _warned(world: TicketWorld, target: str = "response") -> Ticket:
    ticket = make_ticket(world)
    ticket_sla_alert(ticket_number=ticket.number, action=Action.SLA_WARNING, target=target)
    return ticket


@pytest.fixture
def tickets(ticket_world: TicketWorld) -> dict[str, Ticket]:
    w = ticket_world
    warned = _warned(w)
    taken = _warned(w, "resolution")
    ticket_take(ticket_number=taken.number, actor=w.staff_lpse)
    late = _warned(w)
    Ticket.objects.filter(pk=late.pk).update(response_due_at=timezone.now() - timedelta(minutes=1))
    answered = _warned(w)  # warned of the response target, then taken: that target is met
    ticket_take(ticket_number=answered.number, actor=w.staff_lpse)
    resolved = _warned(w, "resolution")
    ticket_take(ticket_number=resolved.number, actor=w.staff_lpse)
    ticket_resolve(ticket_number=resolved.number, actor=w.staff_lpse, message=MSG)
    make_ticket(w)  # never warned
    return {
        "warned": warned,
        "taken": taken,
        "late": late,
        "answered": answered,
        "resolved": resolved,
    }


def test_the_counter_counts_warned_tickets_still_ahead_of_their_target(
    ticket_world: TicketWorld, tickets: dict[str, Ticket]
) -> None:
    assert staff_counts(ticket_world.staff_lpse)["akan_terlambat"] == 2
    # Out of scope: another LPSE's helpdesk sees none of these tickets.
    assert staff_counts(ticket_world.staff_other_lpse)["akan_terlambat"] == 0


def test_the_counter_links_to_the_same_list(
    client: Client, ticket_world: TicketWorld, tickets: dict[str, Ticket]
) -> None:
    client.force_login(ticket_world.staff_lpse)
    html = client.get("/").content.decode()
    link = LIST.replace("&", "&amp;")
    assert re.search(rf'href="{re.escape(link)}" data-counter-value="2"', html), html
    listed = client.get(LIST).content.decode()
    shown = {number for number in re.findall(r"T[A-Z]{2}[0-9]{10,}", listed)}
    assert shown == {tickets["warned"].number, tickets["taken"].number}
    assert "Hanya yang akan terlambat" in listed


def test_reporters_have_no_such_counter(
    client: Client, ticket_world: TicketWorld, tickets: dict[str, Ticket]
) -> None:
    client.force_login(ticket_world.reporter_a)
    html = client.get("/").content.decode()
    assert "Akan Terlambat" not in html

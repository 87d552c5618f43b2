"""Dashboard counters (R-UI-2) count real tickets: a reporter's own, a staff team's queue."""

from __future__ import annotations

import pytest
from django.test import Client

from lpse_support.dashboard.selectors import reporter_counts, staff_counts
from tests.support.ticket_world import TicketWorld, make_ticket

pytestmark = pytest.mark.django_db


def test_reporter_sees_their_own_new_tickets(ticket_world: TicketWorld) -> None:
    make_ticket(ticket_world)
    make_ticket(ticket_world)
    make_ticket(ticket_world, reporter=ticket_world.reporter_b)
    assert reporter_counts(ticket_world.reporter_a) == {
        "baru": 2,
        "dikerjakan": 0,
        "feedback": 0,
        "konfirmasi": 0,
        "terlambat": 0,
    }


def test_staff_count_new_tickets_of_their_team_only(ticket_world: TicketWorld) -> None:
    make_ticket(ticket_world)
    make_ticket(ticket_world, reporter=ticket_world.reporter_b)
    assert staff_counts(ticket_world.staff_lpse)["baru"] == 2
    assert staff_counts(ticket_world.staff_other_lpse)["baru"] == 0
    assert staff_counts(ticket_world.staff_lpse)["diambil_hari_ini"] == 0


def test_dashboard_page_shows_the_counts(client: Client, ticket_world: TicketWorld) -> None:
    for _ in range(3):
        make_ticket(ticket_world)
    client.force_login(ticket_world.staff_lpse)
    html = client.get("/").content.decode()
    assert '<div class="counter-value">3</div>' in html
    client.force_login(ticket_world.reporter_a)
    html = client.get("/").content.decode()
    assert "Tiket Saya" in html
    assert '<div class="counter-value">3</div>' in html

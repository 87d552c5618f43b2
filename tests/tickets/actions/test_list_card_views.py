"""The next action on the ticket list cards agrees with the workflow table, and the list and
detail pages keep a fixed number of queries however many tickets and messages there are."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lpse_support.tickets.parties import allowed_actions
from lpse_support.tickets.selectors.cards import card_action, ticket_cards
from lpse_support.tickets.services.ticket_escalate import ticket_escalate
from lpse_support.tickets.services.ticket_feedback import (
    ticket_give_feedback,
    ticket_request_feedback,
)
from lpse_support.tickets.workflow import Action
from tests.support.ticket_world import TicketWorld, make_ticket
from tests.tickets.actions.helpers import LONG, _resolved, _taken, _url

pytestmark = pytest.mark.django_db


def test_list_cards_show_the_next_action(client: Client, ticket_world: TicketWorld) -> None:
    world = ticket_world
    fresh = make_ticket(world, title="Tiket baru masuk")
    resolved = _resolved(world)
    client.force_login(world.staff_lpse)
    staff_list = client.get(reverse("tickets:list")).content.decode()
    cards = staff_list.split('data-live-region="list"', 1)[1]  # not the bulk bar's button
    assert cards.count("Ambil Tiket") == 1
    assert _url("take", fresh) in staff_list
    client.force_login(world.reporter_a)
    reporter_list = client.get(reverse("tickets:list")).content.decode()
    assert "Konfirmasi" in reporter_list
    assert f"{_url('detail', resolved)}#konfirmasi" in reporter_list
    assert "Ambil Tiket" not in reporter_list


def test_card_action_agrees_with_allowed_actions(client: Client, ticket_world: TicketWorld) -> None:
    world = ticket_world
    make_ticket(world)
    _taken(world)
    _resolved(world)
    asked = _taken(world)
    ticket_request_feedback(ticket_number=asked.number, actor=world.staff_lpse, message=LONG)
    escalated = _taken(world)
    ticket_escalate(ticket_number=escalated.number, actor=world.staff_lpse, message=LONG)
    mapping = {
        Action.TAKE: "take",
        Action.RESOLVE: "work",
        Action.GIVE_FEEDBACK: "feedback",
        Action.CONFIRM: "confirm",
    }
    for user in (world.reporter_a, world.staff_lpse, world.helpdesk_lkpp):
        for ticket in ticket_cards(user):
            allowed = allowed_actions(ticket, user)
            expected = next((name for action, name in mapping.items() if action in allowed), "")
            assert card_action(ticket) == expected, (user, ticket.status)


@pytest.mark.parametrize("who", ["reporter_a", "staff_lpse"])
def test_list_query_count_fixed_with_actions(
    client: Client, ticket_world: TicketWorld, who: str
) -> None:
    world = ticket_world
    user = getattr(world, who)

    def count() -> int:
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("tickets:list"), {"per_page": 25}).status_code == 200
        return len(queries)

    # Every kind of row exists before the first measurement (an empty tab skips its queries).
    make_ticket(world)
    _taken(world)
    _resolved(world)
    one = count()
    for _ in range(3):
        make_ticket(world)
        _taken(world)
        _resolved(world)
    assert count() == one


@pytest.mark.parametrize("who", ["reporter_a", "staff_lpse"])
def test_detail_query_count_fixed_with_actions(
    client: Client, ticket_world: TicketWorld, who: str
) -> None:
    world = ticket_world
    user = getattr(world, who)
    counts = []
    for messages in (1, 12):
        ticket = _taken(world)
        for n in range(messages):
            ticket_request_feedback(
                ticket_number=ticket.number, actor=world.staff_lpse, message=f"{LONG} {n}"
            )
            ticket_give_feedback(
                ticket_number=ticket.number, actor=world.reporter_a, message=f"{LONG} {n}"
            )
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url("detail", ticket)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 30, counts

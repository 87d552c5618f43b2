"""The rating page (R-RATE): 404 out of scope, chips must fit the stars, a rating is saved once
and shown on the ticket, and only the reporter rates."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client

from lpse_support.tickets.models import TicketEvent, TicketRating
from lpse_support.tickets.services.ticket_resolution import ticket_confirm
from lpse_support.tickets.workflow import Action
from tests.support.ticket_world import TicketWorld, make_ticket
from tests.tickets.actions.helpers import _events, _notices, _page, _post, _resolved, _url

pytestmark = pytest.mark.django_db


def test_rating_page_is_404_out_of_scope(client: Client, ticket_world: TicketWorld) -> None:
    ticket = make_ticket(ticket_world)
    client.force_login(ticket_world.reporter_b)
    assert client.get(_url("rate", ticket)).status_code == 404
    assert client.post(_url("rate", ticket), {"stars": 5}).status_code == 404


def test_rating_refuses_a_chip_outside_its_range(
    client: Client, ticket_world: TicketWorld, chips: dict[str, Any]
) -> None:
    world = ticket_world
    ticket = _resolved(world)
    ticket_confirm(ticket_number=ticket.number, actor=world.reporter_a)
    before = _events(ticket)
    response = _post(client, world.reporter_a, "rate", ticket, stars=5, chips=[chips["slow"].pk])
    assert response.status_code == 422
    assert "Pilihan penilaian tidak sesuai dengan jumlah bintang." in response.content.decode()
    assert not TicketRating.objects.filter(ticket=ticket).exists()
    assert _events(ticket) == before


def test_rating_is_saved_once_and_shown(
    client: Client, ticket_world: TicketWorld, chips: dict[str, Any]
) -> None:
    world = ticket_world
    ticket = _resolved(world)
    ticket_confirm(ticket_number=ticket.number, actor=world.reporter_a)
    key = uuid.uuid4()
    data = {
        "stars": 5,
        "chips": [chips["fast"].pk, chips["kind"].pk],
        "message": "Terima kasih, cepat sekali.",
        "idempotency_key": key,
    }
    response = _post(client, world.reporter_a, "rate", ticket, **data)
    assert "Terima kasih telah memberikan penilaian atas pelayanan kami" in _notices(response)
    rating = TicketRating.objects.get(ticket=ticket)
    assert rating.stars == 5
    assert {c.label for c in rating.chips.all()} == {"Kecepatan penanganan", "Keramahan helpdesk"}
    again = _post(client, world.reporter_a, "rate", ticket, **data)
    assert again.status_code == 302
    assert TicketEvent.objects.filter(ticket=ticket, action=Action.RATE).count() == 1
    page = _page(client, world.reporter_a, ticket)
    for text in ("Penilaian Pelayanan", "5/5", "Kecepatan penanganan", "cepat sekali"):
        assert text in page, text
    assert _url("rate", ticket) not in page
    assert "sudah dinilai" in " ".join(_notices(client.get(_url("rate", ticket))))


def test_rating_only_by_the_reporter(
    client: Client, ticket_world: TicketWorld, chips: dict[str, Any]
) -> None:
    world = ticket_world
    ticket = _resolved(world)
    ticket_confirm(ticket_number=ticket.number, actor=world.reporter_a)
    response = _post(client, world.staff_lpse, "rate", ticket, stars=1)
    assert response.status_code == 302
    assert not TicketRating.objects.filter(ticket=ticket).exists()
    open_ticket = make_ticket(world)
    client.force_login(world.reporter_a)
    assert client.get(_url("rate", open_ticket)).status_code == 302

"""The discussion on a ticket: comments, internal notes hidden from the reporter, and a double
submit that posts once."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from lpse_support.tickets.models import TicketMessage
from tests.support.ticket_world import TicketWorld
from tests.tickets.actions.helpers import _notices, _page, _post, _taken

pytestmark = pytest.mark.django_db


def test_comments_and_internal_notes(client: Client, ticket_world: TicketWorld) -> None:
    world = ticket_world
    ticket = _taken(world)
    reporter_page = _page(client, world.reporter_a, ticket)
    assert "Kirim Pesan" in reporter_page
    assert "Catatan internal (tidak terlihat oleh pelapor)" not in reporter_page
    assert "Catatan internal (tidak terlihat oleh pelapor)" in _page(
        client, world.staff_lpse, ticket
    )
    response = _post(client, world.reporter_a, "comment", ticket, message="Halo", internal="on")
    assert "Pesan berhasil terkirim!" in _notices(response)
    assert TicketMessage.objects.get(ticket=ticket, body="Halo").is_internal is False
    _post(client, world.staff_lpse, "comment", ticket, message="Cek log server.", internal="on")
    note = TicketMessage.objects.get(ticket=ticket, body="Cek log server.")
    assert note.is_internal
    assert "Cek log server." not in _page(client, world.reporter_a, ticket)
    assert "Cek log server." in _page(client, world.staff_lpse, ticket)
    key = uuid.uuid4()
    for _ in range(2):
        _post(client, world.reporter_a, "comment", ticket, message="Dua kali", idempotency_key=key)
    assert TicketMessage.objects.filter(ticket=ticket, body="Dua kali").count() == 1

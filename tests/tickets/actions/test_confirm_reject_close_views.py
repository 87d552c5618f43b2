"""The reporter's answers to a resolved or open ticket (guide §4.2.3, SPEC §4, R-WF-1..3): confirm
leads to the rating page, reject sends the ticket back to the resolver, and only the reporter
closes."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client

from lpse_support.tickets.workflow import Status
from tests.support.ticket_world import TicketWorld, make_ticket
from tests.tickets.actions.helpers import (
    LONG,
    _events,
    _fresh,
    _notices,
    _page,
    _post,
    _resolved,
    _url,
)

pytestmark = pytest.mark.django_db


def test_confirm_leads_to_the_rating_page(
    client: Client, ticket_world: TicketWorld, chips: dict[str, Any]
) -> None:
    world = ticket_world
    ticket = _resolved(world)
    page = _page(client, world.reporter_a, ticket)
    for text in ("Apakah masalah Anda telah terselesaikan?", "Ya, Sudah Selesai", LONG):
        assert text in page, text
    assert "Masalah Belum Terselesaikan" in page
    assert _url("confirm", ticket) not in _page(client, world.staff_lpse, ticket)
    response = _post(client, world.reporter_a, "confirm", ticket, idempotency_key=uuid.uuid4())
    assert response["Location"] == _url("rate", ticket)
    assert _fresh(ticket).status == Status.SELESAI
    rate_page = client.get(_url("rate", ticket)).content.decode()
    for text in (
        "Apa yang menurutmu oke?",
        "Apa yang perlu ditingkatkan?",
        "Kecepatan penanganan",
        "Respon lebih cepat",
        "Ada pesan untuk kami?",
        'type="radio"',
        'name="stars"',
        'data-min="4" data-max="5"',
    ):
        assert text in rate_page, text


def test_reject_sends_it_back_to_the_resolver(client: Client, ticket_world: TicketWorld) -> None:
    world = ticket_world
    ticket = _resolved(world)
    before = _events(ticket)
    short = _post(client, world.reporter_a, "reject", ticket, message="belum")
    assert short.status_code == 422
    assert _events(ticket) == before
    response = _post(
        client, world.reporter_a, "reject", ticket, message=LONG, idempotency_key=uuid.uuid4()
    )
    assert response.status_code == 302
    ticket = _fresh(ticket)
    assert (ticket.status, ticket.assignee) == (Status.DIKERJAKAN, world.staff_lpse)
    assert ticket.reopen_count == 1


def test_close_by_the_reporter_only(client: Client, ticket_world: TicketWorld) -> None:
    world = ticket_world
    ticket = make_ticket(world)
    page = _page(client, world.reporter_a, ticket)
    assert 'data-confirm="Apakah Anda yakin akan menutup tiket ini?"' in page
    assert _url("close", ticket) not in _page(client, world.staff_lpse, ticket)
    before = _events(ticket)
    refused = _post(client, world.staff_lpse, "close", ticket)
    assert refused.status_code == 302
    assert _events(ticket) == before
    response = _post(client, world.reporter_a, "close", ticket, reason="Sudah teratasi sendiri.")
    assert "Tiket berhasil ditutup." in _notices(response)
    assert _fresh(ticket).status == Status.DITUTUP
    again = _post(client, world.reporter_a, "close", ticket)
    assert any("Tindakan tidak dapat dilakukan" in n for n in _notices(again))
    assert _events(ticket) == before + 1

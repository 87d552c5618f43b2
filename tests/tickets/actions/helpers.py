"""Shared helpers of the ticket action page tests: URLs, logged-in GET/POST, the notices shown,
the event count, and tickets driven to DIKERJAKAN or MENUNGGU_KONFIRMASI by the real services."""

from __future__ import annotations

from typing import Any

from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from lpse_support.accounts.models import User
from lpse_support.tickets.models import Ticket, TicketEvent
from lpse_support.tickets.services.ticket_resolution import ticket_resolve
from lpse_support.tickets.services.ticket_take import ticket_take
from tests.support.ticket_world import TicketWorld, make_ticket

LONG = "Mohon dicek kembali, dokumen sudah saya unggah ulang."
ACTION_URLS = (
    "take",
    "reclassify",
    "work",
    "request_feedback",
    "give_feedback",
    "escalate",
    "resolve",
    "confirm",
    "reject",
    "close",
    "comment",
)


def _url(name: str, ticket: Ticket) -> str:
    return reverse(f"tickets:{name}", args=[ticket.number])


def _page(client: Client, user: User, ticket: Ticket) -> str:
    client.force_login(user)
    response = client.get(_url("detail", ticket))
    assert response.status_code == 200
    return response.content.decode()


def _post(client: Client, user: User, name: str, ticket: Ticket, **data: Any) -> Any:
    client.force_login(user)
    return client.post(_url(name, ticket), data)


def _notices(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _events(ticket: Ticket) -> int:
    return TicketEvent.objects.filter(ticket=ticket).count()


def _fresh(ticket: Ticket) -> Ticket:
    return Ticket.objects.get(pk=ticket.pk)


def _taken(world: TicketWorld) -> Ticket:
    ticket = make_ticket(world)
    ticket_take(ticket_number=ticket.number, actor=world.staff_lpse)
    return ticket


def _resolved(world: TicketWorld) -> Ticket:
    ticket = _taken(world)
    ticket_resolve(ticket_number=ticket.number, actor=world.staff_lpse, message=LONG)
    return ticket

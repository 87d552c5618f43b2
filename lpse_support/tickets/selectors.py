"""Query shape of the ticket screens (ARCHITECTURE.md rule 7): what a list loads, in how many
queries. Permissions come from ``access.tickets_visible_to``; nothing here widens them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from lpse_support.accounts import roles
from lpse_support.tickets.access import tickets_visible_to
from lpse_support.tickets.models import Ticket

PAGE_SIZES = (10, 25, 50, 100)
CARD_RELATIONS = (
    "reporter",
    "reporter_category",
    "reporter_lpse",
    "application",
    "version",
    "category",
    "subcategory",
    "ticket_type",
    "priority",
)


def ticket_list_for(user: Any) -> QuerySet[Ticket]:
    """Newest first: a plain reporter's own tickets ("Tiket Saya"), else the user's scope
    ("Semua Tiket"), with everything a card shows loaded in the same query."""
    if roles.is_plain_reporter(user):
        tickets = Ticket.objects.filter(reporter=user)
    else:
        tickets = tickets_visible_to(user)
    return tickets.select_related(*CARD_RELATIONS).order_by("-created_at", "-pk")


@dataclass(frozen=True)
class TicketPage:
    """One page of a list, without counting the whole set: one row beyond the page tells
    whether a next page exists (a COUNT over a large scope costs more than the page itself)."""

    tickets: list[Ticket]
    number: int
    size: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.size + 1 if self.tickets else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.size + len(self.tickets)


def page_of(tickets: QuerySet[Ticket], *, number: int, size: int) -> TicketPage:
    offset = (number - 1) * size
    rows = list(tickets[offset : offset + size + 1])
    return TicketPage(tickets=rows[:size], number=number, size=size, has_next=len(rows) > size)

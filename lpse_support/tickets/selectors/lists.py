"""Query shape of the ticket lists (ARCHITECTURE.md rule 7): one page without counting the whole
set, and a capped count. Permissions come from ``access.tickets_visible_to``; nothing here widens
them; the cards' own data is in ``selectors.cards``."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from lpse_support.core.replica import replica_alias
from lpse_support.tickets.models import Ticket
from lpse_support.tickets.search import TAB_SEMUA, TicketQuery
from lpse_support.tickets.selectors.cards import card_button, card_sla

PAGE_SIZES = (10, 25, 50, 100)
# Lists never count a large set (osTicket/GLPI's bottleneck): at most this many rows are counted,
# beyond it the page says "lebih dari 10.000"; pages deeper than the cap are not offered either.
COUNT_CAP = 10_000


@dataclass(frozen=True)
class TicketPage:
    """One page of a list, without counting the whole set: one row beyond the page tells
    whether a next page exists, and ``total`` counts at most ``COUNT_CAP`` + 1 rows."""

    tickets: list[Ticket]
    number: int
    size: int
    has_next: bool
    total: int | None = None

    @property
    def total_capped(self) -> bool:
        return self.total is not None and self.total > COUNT_CAP

    @property
    def last_number(self) -> int:
        """The last page that may be opened: the capped count's last page."""
        rows = min(self.total if self.total is not None else COUNT_CAP, COUNT_CAP)
        return max(1, -(-rows // self.size))

    @property
    def numbers(self) -> list[int]:
        """Page links: the first, two on each side of the current one, and the last when the
        (capped) count is known — uncounted lists link one page ahead only."""
        if self.total is None:
            last = self.number + 1 if self.has_next else self.number
            return sorted(set(range(max(1, self.number - 2), last + 1)) | {1})
        last = self.last_number
        around = set(range(max(1, self.number - 2), min(last, self.number + 2) + 1))
        return sorted(around | {1, last})

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.size + 1 if self.tickets else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.size + len(self.tickets)


def is_counted(query: TicketQuery, *, is_reporter: bool) -> bool:
    """Whether a list shows its capped count: never the whole unfiltered scope of staff, and
    never a free-text search (a common word matches a quarter of all tickets)."""
    narrowed = query.has_filters or query.tab != TAB_SEMUA or is_reporter
    return narrowed and not query.text.strip()


def capped_count(tickets: QuerySet[Ticket]) -> int:
    """``COUNT(*)`` of at most ``COUNT_CAP`` + 1 rows (a sub-select with LIMIT), on the read
    replica when there is one and this user has not just written (core/replica.py)."""
    return int(tickets.using(replica_alias()).order_by()[: COUNT_CAP + 1].count())


def page_number(number: int, size: int) -> int:
    """The page actually shown: paging stops at the ``COUNT_CAP``-th row."""
    return max(1, min(number, -(-COUNT_CAP // size)))


def page_depth(number: int, size: int) -> int:
    """How many rows of the list page ``number`` reads (its own and one more)."""
    return page_number(number, size) * size + 1


def page_of(
    tickets: QuerySet[Ticket],
    *,
    number: int,
    size: int,
    count_of: QuerySet[Ticket] | None = None,
) -> TicketPage:
    """Page ``number`` (offset paging; at most ``COUNT_CAP`` rows deep) with the card data, and
    the capped count of ``count_of`` — the same list without the card's joins and annotations."""
    number = page_number(number, size)
    offset = (number - 1) * size
    rows = list(tickets[offset : offset + size + 1])
    now = timezone.now()
    for row in rows:
        row.card_sla = card_sla(row, now)  # type: ignore[attr-defined]
        if hasattr(row, "card_in_team"):
            row.card_button = card_button(row)  # type: ignore[attr-defined]
            row.card_key = uuid.uuid4()  # type: ignore[attr-defined]  # idempotency of "Ambil"
    has_next = len(rows) > size and offset + size < COUNT_CAP
    total = capped_count(count_of) if count_of is not None else None
    return TicketPage(tickets=rows[:size], number=number, size=size, has_next=has_next, total=total)

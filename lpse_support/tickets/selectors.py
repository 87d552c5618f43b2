"""Query shape of the ticket screens (ARCHITECTURE.md rule 7): what a list loads, in how many
queries. Permissions come from ``access.tickets_visible_to``; nothing here widens them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import BooleanField, Case, Exists, OuterRef, QuerySet, Value, When
from django.utils import timezone

from lpse_support.accounts.models import TeamMembership
from lpse_support.tickets.models import Ticket
from lpse_support.tickets.parties import Standing, relations_from
from lpse_support.tickets.search import TicketQuery, search_tickets
from lpse_support.tickets.selectors_detail import SlaLine, sla_lines
from lpse_support.tickets.workflow import Action, Relation, Status, allowed_for

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
    "rating",
)
# Lists never count a large set (osTicket/GLPI's bottleneck): at most this many rows are counted,
# beyond it the page says "lebih dari 10.000"; pages deeper than the cap are not offered either.
COUNT_CAP = 10_000


def ticket_cards(
    user: Any, query: TicketQuery | None = None, *, depth: int | None = None
) -> QuerySet[Ticket]:
    """``search_tickets`` with everything a card shows, and ``user``'s standing to each ticket,
    loaded in the list's own query (``depth``: see ``search_tickets``)."""
    return as_cards(search_tickets(user, query or TicketQuery(), depth=depth), user)


def as_cards(tickets: QuerySet[Ticket], user: Any) -> QuerySet[Ticket]:
    """``tickets`` with everything a card shows and ``user``'s standing to each ticket."""
    return with_card_relations(tickets.select_related(*CARD_RELATIONS), user)


def _is_user(field_name: str, user: Any) -> Case:
    return Case(
        When(**{field_name: user.pk}, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def with_card_relations(tickets: QuerySet[Ticket], user: Any) -> QuerySet[Ticket]:
    """Annotate, in the list's own query, how ``user`` stands to each ticket — the relations the
    card's next-action button depends on (reporter, assignee, team member, asked team)."""
    mine = TeamMembership.objects.filter(user_id=user.pk, team__active=True)
    return tickets.annotate(
        card_is_reporter=_is_user("reporter_id", user),
        card_is_assignee=_is_user("assignee_id", user),
        card_in_team=Exists(mine.filter(team_id=OuterRef("team_id"))),
        card_in_feedback_team=Exists(mine.filter(team_id=OuterRef("feedback_team_id"))),
    )


# The card's button (R-UI-3) for the first of these actions the workflow table allows.
CARD_BUTTONS = (
    (Action.TAKE, "take"),
    (Action.RESOLVE, "work"),
    (Action.GIVE_FEEDBACK, "feedback"),
    (Action.CONFIRM, "confirm"),
)


def card_standing(ticket: Ticket, *, in_past_team: bool = False) -> Standing:
    """The user's standing read from the annotations of ``with_card_relations`` (no query)."""
    return Standing(
        is_reporter=bool(getattr(ticket, "card_is_reporter", False)),
        is_assignee=bool(getattr(ticket, "card_is_assignee", False)),
        in_team=bool(getattr(ticket, "card_in_team", False)),
        in_feedback_team=bool(getattr(ticket, "card_in_feedback_team", False)),
        in_past_team=lambda: in_past_team,
    )


def card_relations(ticket: Ticket) -> set[Relation]:
    """``parties.relations_from`` on the annotated standing. Past teams only grant the Diskusi
    (PARTY/STAFF_PARTY), which no card button needs, so the list does not annotate them."""
    return relations_from(ticket, card_standing(ticket))


def card_action(ticket: Ticket) -> str:
    """ "take" / "work" / "feedback" / "confirm" or "" — from the workflow table."""
    allowed = set(allowed_for(ticket.status, card_relations(ticket)))
    return next((name for action, name in CARD_BUTTONS if action in allowed), "")


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


def capped_count(tickets: QuerySet[Ticket]) -> int:
    """``COUNT(*)`` of at most ``COUNT_CAP`` + 1 rows (a sub-select with LIMIT)."""
    return int(tickets.order_by()[: COUNT_CAP + 1].count())


def card_sla(ticket: Ticket, now: datetime) -> SlaLine:
    """The card's SLA line: the response target until the ticket is taken, then resolution."""
    response, resolution = sla_lines(ticket, now)
    return response if ticket.status == Status.BARU else resolution


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
            row.card_action = card_action(row)  # type: ignore[attr-defined]
            row.card_key = uuid.uuid4()  # type: ignore[attr-defined]  # idempotency of "Ambil"
    has_next = len(rows) > size and offset + size < COUNT_CAP
    total = capped_count(count_of) if count_of is not None else None
    return TicketPage(tickets=rows[:size], number=number, size=size, has_next=has_next, total=total)

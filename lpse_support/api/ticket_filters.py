"""The list filters of ``GET /api/v1/tickets`` (R-UI-4 through the API): tab, search, master-data
filters, WIB date range, page and ordering — applied to ``tickets_visible_to`` (never wider) with
everything a summary shows loaded in a fixed number of queries."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from django.db.models import Exists, OuterRef, Q, QuerySet
from ninja import Schema
from pydantic import ConfigDict, Field, field_validator

from lpse_support.accounts.models import TeamMembership
from lpse_support.tickets.access import tickets_visible_to
from lpse_support.tickets.models import Ticket, TicketEvent, TicketTeam
from lpse_support.tickets.parties import actions_for, relations_from
from lpse_support.tickets.selectors import (
    CARD_RELATIONS,
    PAGE_SIZES,
    card_standing,
    with_card_relations,
)
from lpse_support.tickets.workflow import (
    FeedbackFrom,
    Status,
)

WIB = ZoneInfo("Asia/Jakarta")

Tab = Literal["masuk", "ditangani", "riwayat", "semua"]
Ordering = Literal["created_at", "-created_at", "priority", "-priority", "sla", "-sla"]
StatusCode = Literal[
    "BARU", "DIKERJAKAN", "MENUNGGU_FEEDBACK", "MENUNGGU_KONFIRMASI", "SELESAI", "DITUTUP"
]

ORDER_BY: dict[str, tuple[str, ...]] = {
    "created_at": ("created_at", "pk"),
    "-created_at": ("-created_at", "-pk"),
    # rank 1 is Emergency: "priority" lists the most urgent first.
    "priority": ("priority__rank", "-created_at", "-pk"),
    "-priority": ("-priority__rank", "-created_at", "-pk"),
    # the resolution target: "sla" lists the soonest due first.
    "sla": ("resolution_due_at", "-pk"),
    "-sla": ("-resolution_due_at", "-pk"),
}


class TicketFilters(Schema):
    """Query parameters of the ticket list."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"tab": "masuk", "q": "dokumen", "page": 1, "page_size": 25}]
        }
    )

    tab: Tab = Field(
        "semua",
        description="masuk: BARU in my teams; ditangani: assigned to me, asked of me or "
        "waiting for my confirmation; riwayat: tickets I acted on; semua: everything in scope.",
    )
    number: str | None = Field(None, max_length=20, description="Ticket number, exact or prefix.")
    q: str | None = Field(None, max_length=200, description="Words in the title or description.")
    status: StatusCode | None = None
    application: int | None = Field(None, description="Application id.")
    version: int | None = Field(None, description="Application version id.")
    priority: str | None = Field(None, max_length=20, description="Priority code, e.g. major.")
    lpse: int | None = Field(None, description="Reporter's LPSE id.")
    date_from: date | None = Field(None, description="Created on or after (WIB date).")
    date_to: date | None = Field(None, description="Created on or before (WIB date).")
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(10, description="10, 25, 50 or 100.")
    ordering: Ordering = "-created_at"

    @field_validator("page_size")
    @classmethod
    def _known_page_size(cls, value: int) -> int:
        if value not in PAGE_SIZES:
            raise ValueError("page_size must be 10, 25, 50 or 100")
        return value


def _my_teams(user: Any) -> QuerySet[TeamMembership]:
    return TeamMembership.objects.filter(user_id=user.pk, team__active=True)


def _tab(tickets: QuerySet[Ticket], tab: str, user: Any) -> QuerySet[Ticket]:
    team_ids = _my_teams(user).values("team_id")
    if tab == "masuk":
        return tickets.filter(status=Status.BARU, team_id__in=team_ids)
    if tab == "ditangani":
        asked_of_me = Q(status=Status.MENUNGGU_FEEDBACK) & (
            Q(feedback_from=FeedbackFrom.REPORTER, reporter_id=user.pk)
            | Q(feedback_from=FeedbackFrom.TEAM, feedback_team_id__in=team_ids)
        )
        to_confirm = Q(status=Status.MENUNGGU_KONFIRMASI, reporter_id=user.pk)
        return tickets.filter(Q(assignee_id=user.pk) | asked_of_me | to_confirm)
    if tab == "riwayat":
        acted = TicketEvent.objects.filter(ticket_id=OuterRef("pk"), actor_id=user.pk)
        return tickets.filter(Exists(acted))
    return tickets


def filter_tickets(user: Any, filters: TicketFilters) -> QuerySet[Ticket]:
    tickets = _tab(tickets_visible_to(user), filters.tab, user)
    if filters.number:
        tickets = tickets.filter(number__startswith=filters.number.strip().upper())
    if filters.q and filters.q.strip():
        words = filters.q.strip()
        tickets = tickets.filter(Q(title__icontains=words) | Q(description__icontains=words))
    if filters.status:
        tickets = tickets.filter(status=filters.status)
    if filters.application is not None:
        tickets = tickets.filter(application_id=filters.application)
    if filters.version is not None:
        tickets = tickets.filter(version_id=filters.version)
    if filters.priority:
        tickets = tickets.filter(priority__code=filters.priority)
    if filters.lpse is not None:
        tickets = tickets.filter(reporter_lpse_id=filters.lpse)
    if filters.date_from is not None:
        tickets = tickets.filter(created_at__gte=datetime.combine(filters.date_from, time.min, WIB))
    if filters.date_to is not None:
        end = datetime.combine(filters.date_to + timedelta(days=1), time.min, WIB)
        tickets = tickets.filter(created_at__lt=end)
    return with_summary_relations(tickets, user).order_by(*ORDER_BY[filters.ordering])


def with_summary_relations(tickets: QuerySet[Ticket], user: Any) -> QuerySet[Ticket]:
    """Everything a summary shows, and how ``user`` stands to each ticket, in the list's own
    query (plus one prefetch for rating chips) — the same annotations the list pages use."""
    team_ids = _my_teams(user).values("team_id")
    loaded = tickets.select_related(*CARD_RELATIONS, "team", "assignee", "rating")
    return with_card_relations(loaded.prefetch_related("rating__chips"), user).annotate(
        api_in_past_team=Exists(
            TicketTeam.objects.filter(ticket_id=OuterRef("pk"), team_id__in=team_ids)
        )
    )


def summary_allowed_actions(ticket: Ticket) -> list[str]:
    """``parties.allowed_actions`` read from the annotations of ``with_summary_relations``
    (no query): the card standing plus the past teams that make the caller a Diskusi party."""
    standing = card_standing(ticket, in_past_team=bool(getattr(ticket, "api_in_past_team", False)))
    return [str(action) for action in actions_for(ticket, relations_from(ticket, standing))]

"""The list filters of ``GET /api/v1/tickets`` (R-UI-4 through the API): tab, search, master-data
filters, WIB date range, page and ordering — applied to ``tickets_visible_to`` (never wider) with
everything a summary shows loaded in a fixed number of queries."""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.db.models import Exists, OuterRef, QuerySet
from ninja import Schema
from pydantic import ConfigDict, Field, field_validator

from lpse_support.accounts.viewer import Viewer
from lpse_support.api.schemas_common import MAX_ID
from lpse_support.tickets.models import Ticket, TicketTeam
from lpse_support.tickets.parties import actions_for, relations_from
from lpse_support.tickets.search import TicketQuery, search_tickets
from lpse_support.tickets.selectors.cards import (
    CARD_RELATIONS,
    card_standing,
    with_card_relations,
)
from lpse_support.tickets.selectors.lists import PAGE_SIZES

Tab = Literal["masuk", "ditangani", "riwayat", "semua", "aktif"]
Ordering = Literal["created_at", "-created_at", "priority", "-priority", "sla", "-sla"]
StatusCode = Literal[
    "BARU", "DIKERJAKAN", "MENUNGGU_FEEDBACK", "MENUNGGU_KONFIRMASI", "SELESAI", "DITUTUP"
]


class TicketFilters(Schema):
    """Query parameters of the ticket list."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"tab": "masuk", "q": "dokumen", "page": 1, "page_size": 25}]
        }
    )

    tab: Tab = Field(
        "semua",
        description="Staff — masuk: BARU in my teams; ditangani: open and assigned to me, asked "
        "of me or waiting for my confirmation; riwayat: tickets I acted on. Reporters — aktif: my "
        "open tickets; riwayat: my finished tickets. semua: everything in scope.",
    )
    number: str | None = Field(None, max_length=20, description="Ticket number, exact or prefix.")
    q: str | None = Field(
        None,
        max_length=200,
        description="Words in the title or description, or all in one Diskusi message the "
        "caller may read.",
    )
    status: StatusCode | None = None
    application: int | None = Field(None, ge=1, le=MAX_ID, description="Application id.")
    version: int | None = Field(None, ge=1, le=MAX_ID, description="Application version id.")
    priority: str | None = Field(None, max_length=20, description="Priority code, e.g. major.")
    lpse: int | None = Field(None, ge=1, le=MAX_ID, description="Reporter's LPSE id.")
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


def filter_tickets(viewer: Viewer, filters: TicketFilters) -> QuerySet[Ticket]:
    """``tickets.search.search_tickets`` — the same tabs, filters and orders as the pages."""
    query = TicketQuery(
        tab=filters.tab,
        number=filters.number or "",
        text=filters.q or "",
        status=filters.status or "",
        application_id=filters.application,
        version_id=filters.version,
        priority_code=filters.priority or "",
        lpse_id=filters.lpse,
        date_from=filters.date_from,
        date_to=filters.date_to,
        ordering=filters.ordering,
    )
    return with_summary_relations(search_tickets(viewer, query), viewer)


def with_summary_relations(tickets: QuerySet[Ticket], viewer: Viewer) -> QuerySet[Ticket]:
    """Everything a summary shows, and how ``viewer`` stands to each ticket, in the list's own
    query (plus one prefetch for rating chips) — the same annotations the list pages use."""
    loaded = tickets.select_related(*CARD_RELATIONS, "team", "assignee", "rating")
    return with_card_relations(loaded.prefetch_related("rating__chips"), viewer).annotate(
        api_in_past_team=Exists(
            TicketTeam.objects.filter(ticket_id=OuterRef("pk"), team_id__in=viewer.team_ids)
        )
    )


def summary_allowed_actions(ticket: Ticket) -> list[str]:
    """``parties.allowed_actions`` read from the annotations of ``with_summary_relations``
    (no query): the card standing plus the past teams that make the caller a Diskusi party."""
    standing = card_standing(ticket, in_past_team=bool(getattr(ticket, "api_in_past_team", False)))
    return [str(action) for action in actions_for(ticket, relations_from(ticket, standing))]

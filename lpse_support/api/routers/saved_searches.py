"""Pencarian tersimpan through the API (issue 14 item 5): list, create and delete the caller's
views and run one. Thin: the same form check of the search parameters, services and selectors
as Daftar Tiket; a view always runs in the caller's own scope."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema, Status
from pydantic import ConfigDict, Field

from lpse_support.api.auth import API_AUTH
from lpse_support.api.routers.ticket_output import summary_fields
from lpse_support.api.routers.ticket_params import ERRORS, caller
from lpse_support.api.schemas_common import MAX_ID, ErrorOut
from lpse_support.api.schemas_tickets import TicketPageOut, TicketSummaryOut
from lpse_support.api.ticket_filters import summary_allowed_actions, with_summary_relations
from lpse_support.core.errors import InvalidInput, NotFound
from lpse_support.tickets.forms.saved_search import saved_search_query, search_params
from lpse_support.tickets.models import SavedSearch
from lpse_support.tickets.models.saved_search import NAME_MAX
from lpse_support.tickets.search import search_tickets
from lpse_support.tickets.selectors.lists import PAGE_SIZES
from lpse_support.tickets.selectors.saved_searches import (
    may_edit_saved_search,
    saved_search_count,
    saved_searches_visible_to,
)
from lpse_support.tickets.services.saved_search import saved_search_create, saved_search_delete

router = Router(auth=API_AUTH)
SavedId = Annotated[int, Path(ge=1, le=MAX_ID)]

EXAMPLE: dict[str, Any] = {
    "id": 3,
    "name": "Darurat SPSE",
    "params": {"tab": "semua", "prioritas": "1", "status": "BARU"},
    "team_id": 2,
    "team_name": "Helpdesk LPSE Kota Makassar",
    "owner": "helpdesk_lpse1",
    "editable": True,
    "count": 4,
}


class SavedSearchOut(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE]})

    id: int
    name: str
    params: dict[str, str] = Field(description="The Daftar Tiket query parameters (GET).")
    team_id: int | None = Field(description="Shared with this team; null: personal.")
    team_name: str | None
    owner: str = Field(description="Username of the creator.")
    editable: bool = Field(description="The caller may rename or delete it.")
    count: int | None = Field(
        description="Tickets in the caller's scope, counted up to 10,001; null where the list "
        "is never counted (the unfiltered scope, keyword searches)."
    )


class SavedSearchIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"name": "Darurat SPSE", "params": {"prioritas": "1"}, "team_id": None}]
        }
    )

    name: str = Field(max_length=NAME_MAX)
    params: dict[str, str] = Field(
        description="Daftar Tiket parameters: tab, nomor, dari, sampai (dd/mm/yyyy), aplikasi, "
        "versi, status, judul, lpse, prioritas, kategori, q, urut, terlambat, akan_terlambat, "
        "diambil — checked like the page's Cari Tiket."
    )
    team_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="One of the caller's teams; null: personal."
    )


class DeletedOut(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"deleted": True}]})

    deleted: bool


class RunParams(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"page": 1, "page_size": 25}]})

    page: int = Field(1, ge=1, le=1000)
    page_size: int = Field(10, description="10, 25, 50 or 100.")


def _out(saved: SavedSearch, request: HttpRequest) -> SavedSearchOut:
    viewer = caller(request)
    query = saved_search_query(saved, viewer)
    return SavedSearchOut(
        id=saved.pk,
        name=saved.name,
        params=saved.params,
        team_id=saved.team_id,
        team_name=saved.team.name if saved.team is not None else None,
        owner=saved.owner.username,
        editable=may_edit_saved_search(viewer, saved),
        count=saved_search_count(viewer, query) if query is not None else None,
    )


@router.get(
    "",
    response={200: list[SavedSearchOut], **ERRORS},
    summary="Daftar pencarian tersimpan",
    description="The caller's own views and those shared with their teams, with counts.",
)
def list_saved_searches(request: HttpRequest) -> list[SavedSearchOut]:
    return [_out(saved, request) for saved in saved_searches_visible_to(caller(request))]


@router.post(
    "",
    response={201: SavedSearchOut, 409: ErrorOut, 422: ErrorOut, **ERRORS},
    summary="Simpan pencarian",
)
def create_saved_search(request: HttpRequest, body: SavedSearchIn) -> Status[SavedSearchOut]:
    viewer = caller(request)
    saved = saved_search_create(
        actor=viewer,
        name=body.name,
        params=search_params(body.params, viewer),
        team_id=body.team_id,
    )
    return Status(201, _out(saved, request))


@router.delete(
    "/{saved_id}",
    response={200: DeletedOut, 422: ErrorOut, **ERRORS},
    summary="Hapus pencarian tersimpan",
    description="Its creator, or a lead of the team it is shared with (others: 403).",
)
def delete_saved_search(request: HttpRequest, saved_id: SavedId) -> DeletedOut:
    saved_search_delete(actor=caller(request), saved_search_id=saved_id)
    return DeletedOut(deleted=True)


@router.get(
    "/{saved_id}/tickets",
    response={200: TicketPageOut, 422: ErrorOut, **ERRORS},
    summary="Jalankan pencarian tersimpan",
    description="The view's tickets in the caller's own scope (never the creator's).",
)
def run_saved_search(
    request: HttpRequest, saved_id: SavedId, paging: Query[RunParams]
) -> TicketPageOut:
    viewer = caller(request)
    if paging.page_size not in PAGE_SIZES:
        raise InvalidInput(_("page_size harus 10, 25, 50 atau 100."), field="page_size")
    saved = saved_searches_visible_to(viewer).filter(pk=saved_id).first()
    if saved is None:
        raise NotFound()
    query = saved_search_query(saved, viewer)
    if query is None:
        raise InvalidInput(
            _("Pencarian ini tidak dapat dijalankan lagi: data master yang dipakainya berubah."),
            field="params",
        )
    offset = (paging.page - 1) * paging.page_size
    tickets = with_summary_relations(search_tickets(viewer, query), viewer)
    rows = list(tickets[offset : offset + paging.page_size + 1])
    return TicketPageOut(
        items=[
            TicketSummaryOut(**summary_fields(ticket, summary_allowed_actions(ticket)))
            for ticket in rows[: paging.page_size]
        ],
        page=paging.page,
        page_size=paging.page_size,
        has_next=len(rows) > paging.page_size,
    )

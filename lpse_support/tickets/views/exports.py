"""Export CSV / Excel of Daftar Tiket (issue 5 §3): the whole filtered result of the list the user
is looking at (same tab, search and sort, same scope), streamed row by row from a server-side
cursor — memory stays flat for a million rows. Columns are those of the ticket card."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lpse_support.core.exports import csv_response, xlsx_response
from lpse_support.tickets.models import Ticket
from lpse_support.tickets.search import WIB, search_tickets
from lpse_support.tickets.selectors import card_sla
from lpse_support.tickets.views.lists import search_from_request

EXPORT_RELATIONS = (
    "reporter",
    "reporter_category",
    "reporter_lpse",
    "application",
    "version",
    "category",
    "subcategory",
    "ticket_type",
    "priority",
    "assignee",
    "rating",
)
CHUNK_ROWS = 2000


def export_headers() -> list[str]:
    return [
        _("No. Tiket"),
        _("Judul"),
        _("Status"),
        _("Prioritas"),
        _("Dibuat Oleh"),
        _("Aplikasi"),
        _("Versi"),
        _("Dibuat Pada (WIB)"),
        _("Kategori Pelapor"),
        _("Asal LPSE"),
        _("Kategori"),
        _("Sub Kategori"),
        _("Jenis Tiket"),
        _("Lama Pengerjaan (Hari)"),
        _("Posisi Tiket"),
        _("Petugas"),
        _("Batas Penyelesaian (WIB)"),
        _("SLA"),
        _("Penilaian (Bintang)"),
    ]


def export_row(ticket: Ticket, now: datetime) -> list[Any]:
    rating = getattr(ticket, "rating", None)
    assignee = ticket.assignee
    return [
        ticket.number,
        ticket.title,
        ticket.get_status_display(),
        ticket.priority.name,
        ticket.reporter.get_full_name(),
        ticket.application.name,
        ticket.version.name,
        ticket.created_at,
        ticket.reporter_category.name,
        ticket.reporter_lpse.name if ticket.reporter_lpse else "",
        ticket.category.name,
        ticket.subcategory.name,
        ticket.ticket_type.name,
        ticket.handling_days,
        ticket.position,
        assignee.get_full_name() if assignee else "",
        ticket.resolution_due_at,
        card_sla(ticket, now).text,
        rating.stars if rating is not None else "",
    ]


def export_rows(tickets: Any) -> Iterator[list[Any]]:
    now = timezone.now()
    for ticket in tickets.iterator(chunk_size=CHUNK_ROWS):
        yield export_row(ticket, now)


def export_filename(extension: str) -> str:
    stamp = timezone.now().astimezone(WIB).strftime("%Y%m%d-%H%M")
    return f"tiket-{stamp}.{extension}"


def _export(request: HttpRequest, extension: str) -> HttpResponseBase:
    form, query = search_from_request(request)
    if query is None:
        # Bad search input: the list explains what to fix; nothing is exported.
        response: HttpResponse = render(
            request, "tickets/export_error.html", {"form": form}, status=400
        )
        return response
    tickets = search_tickets(request.user, query).select_related(*EXPORT_RELATIONS)
    if extension == "csv":
        return csv_response(export_filename("csv"), export_headers(), export_rows(tickets))
    return xlsx_response(
        export_filename("xlsx"), export_headers(), export_rows(tickets), sheet_title=_("Tiket")
    )


@login_required
@require_GET
def export_csv(request: HttpRequest) -> HttpResponseBase:
    return _export(request, "csv")


@login_required
@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponseBase:
    return _export(request, "xlsx")

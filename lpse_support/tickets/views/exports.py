"""Export CSV / Excel of Daftar Tiket (issue 5 §3): the whole filtered result of the list the user
is looking at (same tab, search and sort, same scope), streamed row by row from a server-side
cursor — memory stays flat for a million rows. Columns are those of the ticket card."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lpse_support.accounts.viewer import viewer_of
from lpse_support.core.exports import csv_response, xlsx_response
from lpse_support.core.replica import replica_alias
from lpse_support.tickets.search import search_tickets
from lpse_support.tickets.selectors.exports import export_filename, export_headers, export_rows
from lpse_support.tickets.views.lists import search_from_request


def _export(request: HttpRequest, extension: str) -> HttpResponseBase:
    form, query = search_from_request(request)
    if query is None:
        # Bad search input: the list explains what to fix; nothing is exported.
        response: HttpResponse = render(
            request, "tickets/export_error.html", {"form": form}, status=400
        )
        return response
    # Streamed after the view returns: the alias is fixed now (read replica unless this user
    # has just written, core/replica.py).
    tickets = search_tickets(viewer_of(request), query).using(replica_alias())
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

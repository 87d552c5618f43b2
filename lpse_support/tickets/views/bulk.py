"""Aksi massal of Daftar Tiket (issue 14 item 4): ``POST /tiket/aksi-massal/`` runs the bulk
bar's operation on the selected tickets — each through its action's service in its own
transaction (``services/bulk.py``) — and sends the browser to "Hasil aksi massal"
(``GET /tiket/aksi-massal/<id>/``), which lists what succeeded and what was refused and why.
The exports answer the file of the selection at once (read in the viewer's scope). Bad input
(no ticket, too many, a missing reason) draws the form again (422) and changes nothing."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lpse_support.accounts import roles
from lpse_support.accounts.viewer import Viewer, viewer_of
from lpse_support.core.exports import csv_response, xlsx_response
from lpse_support.tickets.access import tickets_visible_to
from lpse_support.tickets.bulk import BulkOperation, find
from lpse_support.tickets.forms.bulk import BulkForm
from lpse_support.tickets.models import Ticket
from lpse_support.tickets.search import TicketQuery, search_tickets
from lpse_support.tickets.selectors.exports import export_filename, export_headers, export_rows
from lpse_support.tickets.services.bulk import BulkResult, Chosen, ticket_bulk

SESSION_KEY = "bulk_results"
KEPT_RESULTS = 5  # the latest results a session keeps (the page is shown right after)


def _page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> Any:
    context.update(active_menu="semua-tiket", role_label=roles.role_label(viewer_of(request)))
    return TemplateResponse(request, template, context, status=status)


def _list_url(back: str) -> str:
    url = reverse("tickets:list")
    return f"{url}?{back}" if back else url


def _export(viewer: Viewer, operation: BulkOperation, tickets: list[Chosen]) -> HttpResponseBase:
    """The selection as the list's export: only tickets the viewer may see (the same scope as
    Daftar Tiket), newest first."""
    numbers = [chosen.number for chosen in tickets]
    rows = export_rows(search_tickets(viewer, TicketQuery()).filter(number__in=numbers))
    if operation.export == "csv":
        return csv_response(export_filename("csv"), export_headers(), rows)
    return xlsx_response(export_filename("xlsx"), export_headers(), rows, sheet_title=_("Tiket"))


def _keep(request: HttpRequest, data: dict[str, Any]) -> str:
    results: dict[str, Any] = dict(request.session.get(SESSION_KEY) or {})
    key = uuid.uuid4().hex
    results[key] = data
    for old in list(results)[:-KEPT_RESULTS]:
        results.pop(old)
    request.session[SESSION_KEY] = results
    return key


@login_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponseBase:
    viewer = viewer_of(request)
    form = BulkForm(request.POST, viewer=viewer)
    if not form.is_valid():
        chosen = find(str(request.POST.get("operation") or ""))
        context = {
            "form": form,
            "operation": chosen if chosen in form.offered else None,
            "selection": request.POST.getlist("pilih")[:200],
            "page_title": _("Aksi massal"),
            "list_url": _list_url(str(form.cleaned_data.get("kembali") or "")),
        }
        return _page(request, "tickets/bulk_form.html", context, status=422)
    operation = form.chosen_operation
    if operation.export:
        return _export(viewer, operation, form.tickets)
    result = ticket_bulk(
        operation=operation.code,
        perform=operation.service(),
        tickets=form.tickets,
        actor=viewer,
        batch_key=form.cleaned_data.get("idempotency_key"),
        inputs=form.inputs(),
    )
    data = {"operation": operation.code, "back": form.cleaned_data["kembali"], **result.as_dict()}
    return redirect("tickets:bulk_result", key=_keep(request, data))


def _rows(viewer: Viewer, numbers: list[str]) -> dict[str, Ticket]:
    """The selected tickets the viewer may see, as they are now (one query)."""
    visible = tickets_visible_to(viewer).filter(number__in=numbers)
    return {ticket.number: ticket for ticket in visible.only("number", "title", "status")}


@login_required
@require_GET
def bulk_result(request: HttpRequest, key: str) -> HttpResponse:
    """Hasil aksi massal: kept in the session of whoever ran it (another user's or an expired
    key is a 404)."""
    data = (request.session.get(SESSION_KEY) or {}).get(key)
    if data is None:
        raise Http404(key)
    result = BulkResult.from_dict(data)
    operation = find(str(data.get("operation")))
    rows = _rows(viewer_of(request), [*result.succeeded, *(r.number for r in result.refused)])
    context = {
        "operation": operation,
        "operation_label": operation.label if operation is not None else data.get("operation"),
        "succeeded": [(number, rows.get(number)) for number in result.succeeded],
        "refused": [(refusal, rows.get(refusal.number)) for refusal in result.refused],
        "page_title": _("Hasil aksi massal"),
        "list_url": _list_url(str(data.get("back") or "")),
    }
    return _page(request, "tickets/bulk_result.html", context)

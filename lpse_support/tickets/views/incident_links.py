"""The incident block of Detail Tiket (staff): Lampirkan ke insiden (one click), Lepas dari
insiden, Duplikat dari <nomor>; and the deflection notice of Buat Tiket Baru ("Sedang terjadi
gangguan: …"). Thin: ``services/incidents.py`` locks, checks the table and records the event."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from lpse_support.accounts.viewer import viewer_of
from lpse_support.core.errors import ApplicationError
from lpse_support.tickets.forms.create import to_int
from lpse_support.tickets.forms.incidents import DuplicateForm
from lpse_support.tickets.services.incidents import (
    get_incident,
    link_ticket,
    mark_duplicate,
    open_incidents_for,
    unlink_ticket,
)


def _done(request: HttpRequest, number: str, notice: str) -> HttpResponse:
    messages.success(request, notice)
    return redirect("tickets:detail", number=number)


def _refused(request: HttpRequest, number: str, error: ApplicationError) -> HttpResponse:
    """The refusal as a message on the ticket's page (a ticket the viewer may not see answers
    404 there, as everywhere)."""
    messages.error(request, error.message)
    return redirect("tickets:detail", number=number)


@login_required
@require_POST
def link(request: HttpRequest, number: str) -> HttpResponse:
    viewer = viewer_of(request)
    try:
        incident = get_incident(viewer, to_int(request.POST.get("incident")) or 0)
        link_ticket(
            viewer, number, incident, expected_revision=to_int(request.POST.get("revision"))
        )
    except ApplicationError as error:
        return _refused(request, number, error)
    return _done(request, number, gettext("Tiket dilampirkan ke insiden."))


@login_required
@require_POST
def unlink(request: HttpRequest, number: str) -> HttpResponse:
    try:
        unlink_ticket(
            viewer_of(request), number, expected_revision=to_int(request.POST.get("revision"))
        )
    except ApplicationError as error:
        return _refused(request, number, error)
    return _done(request, number, gettext("Tiket dilepas dari insiden."))


@login_required
@require_POST
def duplicate(request: HttpRequest, number: str) -> HttpResponse:
    form = DuplicateForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Isi nomor tiket asli."))
        return redirect("tickets:detail", number=number)
    original = form.cleaned_data["duplicate_of"].strip().upper()
    try:
        mark_duplicate(viewer_of(request), number, original)
    except ApplicationError as error:
        return _refused(request, number, error)
    return _done(request, number, gettext("Tiket ditandai sebagai duplikat."))


@require_GET
@login_required
def deflection(request: HttpRequest) -> HttpResponse:
    """Buat Tiket Baru: the open incidents of the chosen application (htmx, on change)."""
    incidents = list(open_incidents_for(to_int(request.GET.get("application"))).order_by("-id"))
    return render(request, "tickets/_deflection.html", {"open_incidents": incidents})

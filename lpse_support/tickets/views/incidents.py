"""Insiden pages (staff): the list with the create form, one incident with its children, its
resolution and the progress of the background task (polled by htmx). Thin: the rules live in
``services/incidents.py``; a reporter or anyone else gets the same 404 as a missing incident."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView

from lpse_support.accounts.viewer import viewer_of
from lpse_support.accounts.views import ShellMixin
from lpse_support.core.errors import ApplicationError
from lpse_support.tickets.errors import IncidentNotFound
from lpse_support.tickets.forms.incidents import IncidentForm, ResolveIncidentForm
from lpse_support.tickets.models import Incident
from lpse_support.tickets.selectors.incidents import (
    CHILDREN_SHOWN,
    incident_children,
    incident_list,
)
from lpse_support.tickets.services.incidents import (
    create_incident,
    get_incident,
    may_manage_incidents,
    progress_of,
    start_resolution,
)


class IncidentListView(ShellMixin, TemplateView):
    template_name = "tickets/incidents/list.html"
    active_menu = "insiden"
    http_method_names = ["get", "head", "post"]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not may_manage_incidents(viewer_of(request)):
            raise IncidentNotFound()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault("form", IncidentForm())
        kwargs.update(
            incidents=list(incident_list(viewer_of(self.request))[:100]),
            page_title=gettext("Insiden"),
        )
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = IncidentForm(request.POST)
        if form.is_valid():
            try:
                incident = create_incident(viewer_of(request), **form.cleaned_data)
            except ApplicationError as error:
                form.add_error(error.field, error.message)
            else:
                messages.success(request, gettext("Insiden dibuat."))
                return redirect("incidents:detail", pk=incident.pk)
        return self.render_to_response(self.get_context_data(form=form), status=422)


class IncidentDetailView(ShellMixin, TemplateView):
    template_name = "tickets/incidents/detail.html"
    active_menu = "insiden"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        viewer = viewer_of(self.request)
        incident = get_incident(viewer, kwargs["pk"])
        children = incident_children(viewer, incident)
        kwargs.setdefault("form", ResolveIncidentForm())
        kwargs.update(
            incident=incident,
            children=list(children[:CHILDREN_SHOWN]),
            children_count=children.count(),
            progress=progress_of(incident),
            page_title=incident.title,
        )
        return super().get_context_data(**kwargs)


@login_required
@require_POST
def resolve(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_of(request)
    form = ResolveIncidentForm(request.POST)
    if not form.is_valid():
        view = IncidentDetailView(request=request, kwargs={"pk": pk})
        return render(
            request, view.template_name, view.get_context_data(pk=pk, form=form), status=422
        )
    try:
        start_resolution(viewer, pk, message=form.cleaned_data["message"])
    except IncidentNotFound:
        raise
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            gettext("Insiden sedang diselesaikan: setiap tiket terlampir diselesaikan bertahap."),
        )
    return redirect("incidents:detail", pk=pk)


@login_required
@require_GET
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar alone (htmx polls it while the task runs; once done, the whole page
    is drawn again)."""
    incident = get_incident(viewer_of(request), pk)
    response = render(
        request,
        "tickets/incidents/_progress.html",
        {"incident": incident, "progress": progress_of(incident)},
    )
    if incident.state == Incident.State.RESOLVED and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"  # done: the page shows the children's new statuses
    return response

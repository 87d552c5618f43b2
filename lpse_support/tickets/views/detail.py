"""Detail Tiket (R-UI-5), its print-ready page and the PDF export (R-PRINT). Thin: the query
shape and the access rule live in ``selectors.detail``, the action panel in ``panel``; "not
yours" and "missing" are both ``TicketNotFound``, a 404 page (``core.middleware``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from lpse_support.accounts.viewer import viewer_of
from lpse_support.accounts.views import ShellMixin
from lpse_support.tickets.access import hidden_events
from lpse_support.tickets.live import LivePageMixin, latest_event_id
from lpse_support.tickets.panel import detail_panel
from lpse_support.tickets.pdf import render_ticket_pdf
from lpse_support.tickets.selectors.detail import ticket_detail
from lpse_support.tickets.selectors.incidents import incident_block


class TicketDetailView(LivePageMixin, ShellMixin, TemplateView):
    template_name = "tickets/detail.html"
    active_menu = "semua-tiket"
    http_method_names = ["get", "head"]

    def live_stamp(self) -> int:
        # Events the viewer may not see (internal notes for the reporter) must not move the
        # stamp either: a changed ETag would tell them that something happened.
        return latest_event_id(
            ~hidden_events(viewer_of(self.request)), ticket__number=self.kwargs["number"]
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        viewer = viewer_of(self.request)
        detail = ticket_detail(viewer, kwargs["number"])
        kwargs.update(
            detail=detail,
            panel=SimpleLazyObject(lambda: detail_panel(detail, viewer)),
            incident_block=incident_block(detail.ticket, viewer),
            ticket=detail.ticket,
            page_title=detail.ticket.number,
        )
        return super().get_context_data(**kwargs)


class TicketPrintView(LoginRequiredMixin, TemplateView):
    template_name = "tickets/print.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        detail = ticket_detail(viewer_of(self.request), kwargs["number"])
        kwargs.update(detail=detail, ticket=detail.ticket, printed_at=timezone.now())
        return super().get_context_data(**kwargs)


@login_required
@require_safe
def ticket_pdf(request: HttpRequest, number: str) -> HttpResponse:
    """The PDF is rendered for HEAD as well, so its Content-Length is the true one."""
    viewer = viewer_of(request)
    detail = ticket_detail(viewer, number)
    document = render_ticket_pdf(detail, reader=viewer.user)
    body = b"" if request.method == "HEAD" else document
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Length"] = str(len(document))
    response["Accept-Ranges"] = "none"  # rendered anew for each request
    response["Content-Disposition"] = f'attachment; filename="{detail.ticket.number}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response

"""Detail Tiket (R-UI-5), its print-ready page and the PDF export (R-PRINT). Thin: the query
shape and the access rule live in ``selectors_detail``; "not yours" and "missing" are both 404."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from lpse_support.accounts.views import ShellMixin
from lpse_support.core.errors import NotFound
from lpse_support.tickets.access import hidden_events
from lpse_support.tickets.live import LivePageMixin, latest_event_id
from lpse_support.tickets.pdf import render_ticket_pdf
from lpse_support.tickets.selectors_detail import TicketDetail, ticket_detail


def detail_or_404(user: Any, number: str) -> TicketDetail:
    try:
        return ticket_detail(user, number)
    except NotFound as exc:
        raise Http404(exc.message) from exc


class TicketDetailView(LivePageMixin, ShellMixin, TemplateView):
    template_name = "tickets/detail.html"
    active_menu = "semua-tiket"
    http_method_names = ["get", "head"]

    def live_stamp(self) -> int:
        # Events the viewer may not see (internal notes for the reporter) must not move the
        # stamp either: a changed ETag would tell them that something happened.
        return latest_event_id(
            ~hidden_events(self.request.user), ticket__number=self.kwargs["number"]
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        detail = detail_or_404(self.request.user, kwargs["number"])
        kwargs.update(detail=detail, ticket=detail.ticket, page_title=detail.ticket.number)
        return super().get_context_data(**kwargs)


class TicketPrintView(LoginRequiredMixin, TemplateView):
    template_name = "tickets/print.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        detail = detail_or_404(self.request.user, kwargs["number"])
        kwargs.update(detail=detail, ticket=detail.ticket, printed_at=timezone.now())
        return super().get_context_data(**kwargs)


@login_required
@require_safe
def ticket_pdf(request: HttpRequest, number: str) -> HttpResponse:
    """The PDF is rendered for HEAD as well, so its Content-Length is the true one."""
    detail = detail_or_404(request.user, number)
    document = render_ticket_pdf(detail, reader=request.user)
    body = b"" if request.method == "HEAD" else document
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Length"] = str(len(document))
    response["Accept-Ranges"] = "none"  # rendered anew for each request
    response["Content-Disposition"] = f'attachment; filename="{detail.ticket.number}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response

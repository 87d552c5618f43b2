"""Daftar Tiket (guide §4.2, SPEC R-UI-3): "Tiket Saya" for reporters, "Semua Tiket" in scope
for staff. The tabs, search and exports come with the ticket-list issue."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from lpse_support.accounts import roles
from lpse_support.accounts.views import ShellMixin
from lpse_support.tickets.selectors import PAGE_SIZES, page_of, ticket_list_for


def _positive_int(value: str | None, default: int) -> int:
    try:
        number = int(value or "")
    except ValueError:
        return default
    return number if number > 0 else default


class TicketListView(ShellMixin, TemplateView):
    template_name = "tickets/list.html"
    active_menu = "semua-tiket"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        size = _positive_int(self.request.GET.get("per_page"), PAGE_SIZES[0])
        if size not in PAGE_SIZES:
            size = PAGE_SIZES[0]
        number = _positive_int(self.request.GET.get("page"), 1)
        is_reporter = roles.is_plain_reporter(user)
        context.update(
            is_reporter=is_reporter,
            page_title=_("Tiket Saya") if is_reporter else _("Semua Tiket"),
            page=page_of(ticket_list_for(user), number=number, size=size),
            page_sizes=PAGE_SIZES,
        )
        return context

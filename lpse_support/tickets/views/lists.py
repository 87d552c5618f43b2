"""Daftar Tiket (guide §4.2, Gambar 7–9, SPEC R-UI-3/R-UI-4): the tabs Tiket Masuk, Tiket
Ditangani, Riwayat and Semua Tiket for staff; Tiket Aktif, Riwayat and Tiket Saya for
reporters; "Cari Tiket" with Advance; page size, paging and sort — all in the URL."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from lpse_support.accounts.viewer import viewer_of
from lpse_support.accounts.views import ShellMixin
from lpse_support.tickets.forms.bulk import BulkForm
from lpse_support.tickets.forms.saved_search import (
    SEARCH_KEYS,
    SavedSearchForm,
    saved_search_query,
)
from lpse_support.tickets.forms.search import TicketSearchForm, tabs_for
from lpse_support.tickets.live import LivePageMixin
from lpse_support.tickets.search import (
    PRIORITY_ORDERS,
    SLA_ORDERS,
    TAB_AKTIF,
    TAB_DITANGANI,
    TAB_MASUK,
    TAB_RIWAYAT,
    TAB_SEMUA,
    TicketQuery,
    found_in,
    search_tickets,
    tab_size,
)
from lpse_support.tickets.selectors.cards import as_cards
from lpse_support.tickets.selectors.lists import (
    COUNT_CAP,
    PAGE_SIZES,
    TicketPage,
    is_counted,
    page_depth,
    page_of,
)
from lpse_support.tickets.selectors.saved_searches import (
    may_edit_saved_search,
    saved_search_count,
    saved_searches_visible_to,
)

TAB_LABELS: dict[str, Promise] = {
    TAB_MASUK: _("Tiket Masuk"),
    TAB_DITANGANI: _("Tiket Ditangani"),
    TAB_RIWAYAT: _("Riwayat"),
    TAB_SEMUA: _("Semua Tiket"),
    TAB_AKTIF: _("Tiket Aktif"),
}
REPORTER_LABELS: dict[str, Promise] = {**TAB_LABELS, TAB_SEMUA: _("Tiket Saya")}
# Tabs whose size is shown on the tab: small, indexed sets (never Riwayat or Semua).
COUNTED_TABS = (TAB_MASUK, TAB_DITANGANI, TAB_AKTIF)


def positive_int(value: str | None, default: int) -> int:
    try:
        number = int(value or "")
    except ValueError:
        return default
    return number if number > 0 else default


def page_size_of(request: HttpRequest) -> int:
    size = positive_int(request.GET.get("per_page"), PAGE_SIZES[0])
    return size if size in PAGE_SIZES else PAGE_SIZES[0]


def query_string(request: HttpRequest, **changes: Any) -> str:
    """The current URL's query with ``changes`` applied (``None`` drops a key)."""
    params = {key: value for key, value in request.GET.items() if value != ""}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    return urlencode(params)


def _prefix(query: str) -> str:
    """ "?a=1&" or "?" — a page link is the prefix followed by "page=N"."""
    return f"?{query}&" if query else "?"


def search_from_request(request: HttpRequest) -> tuple[TicketSearchForm, TicketQuery | None]:
    """The bound search form and, when it is valid, the query it asks for."""
    form = TicketSearchForm(request.GET, tabs=tabs_for(viewer_of(request).is_plain_reporter))
    return form, (form.to_query() if form.is_valid() else None)


class TicketListView(LivePageMixin, ShellMixin, TemplateView):
    template_name = "tickets/list.html"
    active_menu = "semua-tiket"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        request, viewer = self.request, viewer_of(self.request)
        is_reporter = viewer.is_plain_reporter
        form, query = search_from_request(request)
        tab = query.tab if query else (request.GET.get("tab") or TAB_SEMUA)
        page: TicketPage | None = None
        if query is not None:
            # Never counted, not even capped (docs/lists.md): see ``is_counted``.
            counted = is_counted(query, is_reporter=is_reporter)
            number, size = positive_int(request.GET.get("page"), 1), page_size_of(request)
            listed = search_tickets(viewer, query, depth=page_depth(number, size))
            if counted and query.ordering in (*PRIORITY_ORDERS, *SLA_ORDERS):
                # ``listed`` holds only this page's depth.
                counted_set = search_tickets(viewer, query)
            else:
                counted_set = listed
            page = page_of(
                as_cards(listed, viewer),
                number=number,
                size=size,
                count_of=counted_set if counted else None,
            )
            for ticket in page.tickets:
                ticket.card_found_in = found_in(ticket, query.text)  # type: ignore[attr-defined]
        export_query = query_string(request, page=None, per_page=None)
        savable = query is not None and (query.has_filters or query.tab != TAB_SEMUA)
        bulk_form = BulkForm(viewer=viewer) if query is not None else None
        context.update(
            is_reporter=is_reporter,
            page_title=(REPORTER_LABELS if is_reporter else TAB_LABELS).get(tab, _("Semua Tiket")),
            form=form,
            query=query,
            tab=tab,
            tabs=self._tabs(query, is_reporter),
            page=page,
            page_sizes=PAGE_SIZES,
            count_cap=COUNT_CAP,
            page_prefix=_prefix(query_string(request, page=None)),
            export_query=export_query,
            saved_views=self._saved_views(),
            bulk_form=bulk_form,
            bulk_operations=bulk_form.offered_with_fields() if bulk_form is not None else [],
            save_form=(
                SavedSearchForm(viewer=viewer, initial={"query": export_query}) if savable else None
            ),
        )
        return context

    def _saved_views(self) -> list[dict[str, Any]]:
        """The viewer's own and their teams' saved searches, each run in the viewer's own
        scope for its (capped) count; the one matching the current URL is marked active."""
        viewer = viewer_of(self.request)
        current = {
            key: value
            for key, value in self.request.GET.items()
            if key in SEARCH_KEYS and value != ""
        }
        views = []
        for saved in saved_searches_visible_to(viewer):
            query = saved_search_query(saved, viewer)
            views.append(
                {
                    "saved": saved,
                    "count": saved_search_count(viewer, query) if query is not None else None,
                    "valid": query is not None,
                    "active": saved.params == current,
                    "query": urlencode(saved.params),
                    "editable": may_edit_saved_search(viewer, saved),
                }
            )
        return views

    def _tabs(self, query: TicketQuery | None, is_reporter: bool) -> list[dict[str, Any]]:
        viewer = viewer_of(self.request)
        current = query.tab if query else (self.request.GET.get("tab") or TAB_SEMUA)
        tabs = []
        for tab in tabs_for(is_reporter):
            count = tab_size(viewer, tab) if tab in COUNTED_TABS else None
            tabs.append(
                {
                    "code": tab,
                    "label": (REPORTER_LABELS if is_reporter else TAB_LABELS)[tab],
                    "count": count,
                    "active": tab == current,
                    "query": query_string(self.request, tab=tab, page=None),
                }
            )
        return tabs

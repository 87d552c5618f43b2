"""Pencarian tersimpan at the edge: the search parameters checked by ``TicketSearchForm`` (the
same rules as the list page), turned back into a ``TicketQuery`` when a view is run, and the
small form that names a view and picks who shares it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from lpse_support.accounts.models import Team
from lpse_support.accounts.viewer import Viewer
from lpse_support.core.errors import InvalidInput
from lpse_support.tickets.forms.search import TicketSearchForm, tabs_for
from lpse_support.tickets.models import SavedSearch
from lpse_support.tickets.models.saved_search import NAME_MAX
from lpse_support.tickets.search import TAB_SEMUA, TicketQuery

# The search itself; paging and page size are how it is looked at, not what it asks.
SEARCH_KEYS = tuple(TicketSearchForm.base_fields)


def _form(data: Mapping[str, Any], viewer: Viewer) -> TicketSearchForm:
    return TicketSearchForm(data, tabs=tabs_for(viewer.is_plain_reporter))


def search_params(data: Mapping[str, Any], viewer: Viewer) -> dict[str, str]:
    """The non-empty search parameters of ``data`` once ``TicketSearchForm`` accepts them;
    ``InvalidInput`` with the form's messages otherwise, or when there is nothing to save."""
    form = _form(data, viewer)
    if not form.is_valid():
        messages = [f"{error}" for errors in form.errors.values() for error in errors]
        raise InvalidInput(" ".join(messages), field="params")
    query = form.to_query()
    if not query.has_filters and query.tab == TAB_SEMUA:
        raise InvalidInput(
            _("Tidak ada pencarian untuk disimpan: isi Cari Tiket atau Advance dahulu."),
            field="params",
        )
    return {key: str(data[key]) for key in SEARCH_KEYS if key in data and str(data[key]) != ""}


def saved_search_query(saved: SavedSearch, viewer: Viewer) -> TicketQuery | None:
    """The view's ``TicketQuery`` for ``viewer`` — ``None`` when it no longer validates (a
    master-data entry it names was removed, or a staff-only tab for a reporter)."""
    form = _form(saved.params, viewer)
    return form.to_query() if form.is_valid() else None


def query_string_params(raw: str) -> dict[str, str]:
    """``a=1&b=2`` (the list page's query string) as a plain mapping."""
    query = QueryDict(raw)
    return {key: str(query.get(key, "")) for key in query}


class SavedSearchForm(forms.Form):
    """Simpan pencarian: its name, with whom it is shared, and the list's query string."""

    name = forms.CharField(label=_("Nama pencarian"), max_length=NAME_MAX)
    team = forms.TypedChoiceField(
        label=_("Bagikan dengan"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={
            "invalid_choice": _("Pencarian hanya dapat dibagikan dengan tim Anda sendiri.")
        },
    )
    query = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, viewer: Viewer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        teams = Team.objects.filter(pk__in=viewer.team_ids).order_by("name")
        self.fields["team"].choices = [  # type: ignore[attr-defined]
            ("", _("Hanya saya")),
            *[(team.pk, team.name) for team in teams],
        ]
        self.fields["name"].widget.attrs.update(
            {"class": "form-control form-control-sm", "placeholder": _("mis. Tiket darurat SPSE")}
        )
        self.fields["team"].widget.attrs["class"] = "form-select form-select-sm"


class SavedSearchRenameForm(forms.Form):
    name = forms.CharField(label=_("Nama baru"), max_length=NAME_MAX)

"""Pencarian tersimpan on Daftar Tiket: save the current search (POST from the list page),
rename and delete a view. Thin: the form checks the search, the service the rules."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from lpse_support.accounts.viewer import viewer_of
from lpse_support.core.errors import ApplicationError
from lpse_support.tickets.forms.saved_search import (
    SavedSearchForm,
    SavedSearchRenameForm,
    query_string_params,
    search_params,
)
from lpse_support.tickets.services.saved_search import (
    saved_search_create,
    saved_search_delete,
    saved_search_rename,
)


def _back(query: str = "") -> HttpResponse:
    url = reverse("tickets:list")
    return redirect(f"{url}?{query}" if query else url)


def _form_errors(form: SavedSearchForm | SavedSearchRenameForm) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


@login_required
@require_POST
def save(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    form = SavedSearchForm(request.POST, viewer=viewer)
    raw = request.POST.get("query", "")
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back(raw)
    try:
        params = search_params(query_string_params(form.cleaned_data["query"]), viewer)
        saved = saved_search_create(
            actor=viewer,
            name=form.cleaned_data["name"],
            params=params,
            team_id=form.cleaned_data["team"],
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        return _back(raw)
    messages.success(request, gettext("Pencarian “%(name)s” disimpan.") % {"name": saved.name})
    return _back(raw)


@login_required
@require_POST
def rename(request: HttpRequest, pk: int) -> HttpResponse:
    form = SavedSearchRenameForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back()
    try:
        saved = saved_search_rename(
            actor=viewer_of(request), saved_search_id=pk, name=form.cleaned_data["name"]
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        return _back()
    messages.success(
        request, gettext("Nama pencarian diubah menjadi “%(name)s”.") % {"name": saved.name}
    )
    return _back()


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        saved_search_delete(actor=viewer_of(request), saved_search_id=pk)
    except ApplicationError as error:
        messages.error(request, error.message)
        return _back()
    messages.success(request, gettext("Pencarian tersimpan dihapus."))
    return _back()

"""Pencarian tersimpan: create, rename and delete a named search (issue 14 item 5). The
parameters arrive validated by ``forms.saved_search.search_params`` (the edge); the rules of
who may share with which team and who may change a view are checked here."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lpse_support.accounts.viewer import Viewer, ViewerOrUser
from lpse_support.core.errors import ApplicationError, Conflict, InvalidInput, NotFound
from lpse_support.tickets.models import SavedSearch
from lpse_support.tickets.models.saved_search import NAME_MAX
from lpse_support.tickets.selectors.saved_searches import (
    may_edit_saved_search,
    saved_searches_visible_to,
)


class SavedSearchNotEditable(ApplicationError):
    """A view shared with my team that I neither created nor lead the team of."""

    code = "saved_search_not_editable"
    http_status = 403
    message_template = _(
        "Hanya pembuat pencarian ini atau ketua timnya yang dapat mengubah atau menghapusnya."
    )


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InvalidInput(_("Nama pencarian wajib diisi."), field="name")
    if len(cleaned) > NAME_MAX:
        raise InvalidInput(
            _("Nama pencarian paling banyak %(limit)s karakter.") % {"limit": NAME_MAX},
            field="name",
        )
    return cleaned


def _name_taken(owner_id: int, name: str, *, other_than: int | None = None) -> bool:
    same = SavedSearch.objects.filter(owner_id=owner_id, name__iexact=name)
    if other_than is not None:
        same = same.exclude(pk=other_than)
    return same.exists()


def _duplicate() -> Conflict:
    return Conflict(_("Anda sudah punya pencarian tersimpan dengan nama ini."), field="name")


def saved_search_create(
    *, actor: ViewerOrUser, name: str, params: Mapping[str, str], team_id: int | None = None
) -> SavedSearch:
    """A new view owned by ``actor``, personal or shared with one of ``actor``'s teams."""
    viewer = Viewer.of(actor)
    if viewer.user is None:
        raise NotFound()
    cleaned = _clean_name(name)
    if team_id is not None and team_id not in viewer.team_ids:
        raise InvalidInput(
            _("Pencarian hanya dapat dibagikan dengan tim Anda sendiri."), field="team"
        )
    with transaction.atomic():
        if _name_taken(viewer.user.pk, cleaned):
            raise _duplicate()
        return SavedSearch.objects.create(
            owner=viewer.user, team_id=team_id, name=cleaned, params=dict(params)
        )


def _editable(viewer: Viewer, saved_search_id: int) -> SavedSearch:
    saved = (
        saved_searches_visible_to(viewer).select_for_update(of=("self",)).filter(pk=saved_search_id)
    ).first()
    if saved is None:
        raise NotFound()
    if not may_edit_saved_search(viewer, saved):
        raise SavedSearchNotEditable()
    return saved


def saved_search_rename(*, actor: ViewerOrUser, saved_search_id: int, name: str) -> SavedSearch:
    viewer = Viewer.of(actor)
    cleaned = _clean_name(name)
    with transaction.atomic():
        saved = _editable(viewer, saved_search_id)
        if _name_taken(saved.owner_id, cleaned, other_than=saved.pk):
            raise _duplicate()
        saved.name = cleaned
        saved.save(update_fields=["name", "updated_at"])
    return saved


def saved_search_delete(*, actor: ViewerOrUser, saved_search_id: int) -> None:
    viewer = Viewer.of(actor)
    with transaction.atomic():
        _editable(viewer, saved_search_id).delete()

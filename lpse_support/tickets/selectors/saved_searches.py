"""Pencarian tersimpan as a viewer sees them: which views they may open (their own and their
teams'), which they may change, and each view's count under today's capped-count rules."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from lpse_support.accounts.viewer import Viewer, ViewerOrUser
from lpse_support.tickets.models import SavedSearch
from lpse_support.tickets.search import TicketQuery, search_tickets
from lpse_support.tickets.selectors.lists import capped_count, is_counted


def saved_searches_visible_to(who: ViewerOrUser) -> QuerySet[SavedSearch]:
    """``who``'s own views and those shared with one of their active teams."""
    viewer = Viewer.of(who)
    if viewer.pk is None:
        return SavedSearch.objects.none()
    shared = Q(team_id__in=viewer.team_ids) if viewer.team_ids else Q(pk__in=[])
    return (
        SavedSearch.objects.filter(Q(owner_id=viewer.pk) | shared)
        .select_related("owner", "team")
        .order_by("name", "pk")
    )


def may_edit_saved_search(who: ViewerOrUser, saved: SavedSearch) -> bool:
    """Its creator, and the leads of the team it is shared with."""
    viewer = Viewer.of(who)
    if viewer.pk is None:
        return False
    return saved.owner_id == viewer.pk or (
        saved.team_id is not None and saved.team_id in viewer.lead_team_ids
    )


def saved_search_count(who: ViewerOrUser, query: TicketQuery) -> int | None:
    """The view's size in ``who``'s own scope (a shared view never widens it): a capped count,
    or ``None`` where the list itself is never counted (the unfiltered scope, free text)."""
    viewer = Viewer.of(who)
    if not is_counted(query, is_reporter=viewer.is_plain_reporter):
        return None
    return capped_count(search_tickets(viewer, query))

"""Pencarian tersimpan: the services' rules (names, sharing only with my teams, who may change
a view), the form check of the parameters, and the view's count under the capped-count rules."""

from __future__ import annotations

import pytest

from lpse_support.accounts.models import TeamMembership
from lpse_support.accounts.viewer import Viewer
from lpse_support.core.errors import Conflict, InvalidInput, NotFound
from lpse_support.tickets.forms.saved_search import saved_search_query, search_params
from lpse_support.tickets.models import SavedSearch
from lpse_support.tickets.search import TicketQuery, search_tickets
from lpse_support.tickets.selectors import lists
from lpse_support.tickets.selectors.saved_searches import (
    saved_search_count,
    saved_searches_visible_to,
)
from lpse_support.tickets.services.saved_search import (
    SavedSearchNotEditable,
    saved_search_create,
    saved_search_delete,
    saved_search_rename,
)
from tests.support.factories import UserFactory
from tests.support.ticket_world import TicketWorld, make_ticket

pytestmark = pytest.mark.django_db


def test_params_are_checked_by_the_search_form(ticket_world: TicketWorld) -> None:
    viewer = Viewer.of(ticket_world.staff_lpse)
    params = search_params({"status": "BARU", "judul": "", "page": "3", "per_page": "50"}, viewer)
    assert params == {"status": "BARU"}  # paging is not part of a search; empty values dropped
    with pytest.raises(InvalidInput) as bad_date:
        search_params({"dari": "31/02/2026"}, viewer)
    assert bad_date.value.field == "params" and bad_date.value.message
    with pytest.raises(InvalidInput, match="Tidak ada pencarian"):
        search_params({"tab": "semua"}, viewer)
    with pytest.raises(InvalidInput):
        search_params({"status": "RAHASIA"}, viewer)


def test_create_personal_and_shared(ticket_world: TicketWorld) -> None:
    w = ticket_world
    mine = saved_search_create(actor=w.staff_lpse, name="  Baru   saja ", params={"status": "BARU"})
    assert (mine.name, mine.team_id, mine.params) == ("Baru saja", None, {"status": "BARU"})
    shared = saved_search_create(
        actor=w.staff_lpse, name="Tim", params={"status": "BARU"}, team_id=w.team_lpse.pk
    )
    assert shared.team_id == w.team_lpse.pk


def test_bad_names_and_foreign_teams_are_refused(ticket_world: TicketWorld) -> None:
    w = ticket_world
    saved_search_create(actor=w.staff_lpse, name="Darurat", params={"status": "BARU"})
    with pytest.raises(Conflict):
        saved_search_create(actor=w.staff_lpse, name="darurat", params={"status": "BARU"})
    with pytest.raises(InvalidInput) as empty:
        saved_search_create(actor=w.staff_lpse, name="   ", params={"status": "BARU"})
    assert empty.value.field == "name"
    with pytest.raises(InvalidInput) as foreign:
        saved_search_create(
            actor=w.staff_lpse, name="Gowa", params={"status": "BARU"}, team_id=w.team_other_lpse.pk
        )
    assert foreign.value.field == "team"
    assert SavedSearch.objects.count() == 1


def test_visibility_own_and_my_teams_only(ticket_world: TicketWorld) -> None:
    w = ticket_world
    colleague = UserFactory.create(username="rekan_mks")
    TeamMembership.objects.create(team=w.team_lpse, user=colleague)
    personal = saved_search_create(actor=w.staff_lpse, name="Pribadi", params={"status": "BARU"})
    shared = saved_search_create(
        actor=w.staff_lpse, name="Bersama", params={"status": "BARU"}, team_id=w.team_lpse.pk
    )
    assert set(saved_searches_visible_to(colleague)) == {shared}
    assert set(saved_searches_visible_to(w.staff_lpse)) == {personal, shared}
    assert list(saved_searches_visible_to(w.staff_other_lpse)) == []
    assert list(saved_searches_visible_to(w.reporter_a)) == []


def test_only_the_creator_or_a_team_lead_changes_a_shared_view(ticket_world: TicketWorld) -> None:
    w = ticket_world
    member = UserFactory.create(username="anggota_mks")
    lead = UserFactory.create(username="ketua_mks")
    TeamMembership.objects.create(team=w.team_lpse, user=member)
    TeamMembership.objects.create(team=w.team_lpse, user=lead, is_lead=True)
    shared = saved_search_create(
        actor=w.staff_lpse, name="Bersama", params={"status": "BARU"}, team_id=w.team_lpse.pk
    )
    with pytest.raises(SavedSearchNotEditable):
        saved_search_rename(actor=member, saved_search_id=shared.pk, name="Punya saya")
    with pytest.raises(SavedSearchNotEditable):
        saved_search_delete(actor=member, saved_search_id=shared.pk)
    with pytest.raises(NotFound):  # not visible at all: the same answer as a missing view
        saved_search_delete(actor=w.staff_other_lpse, saved_search_id=shared.pk)
    shared.refresh_from_db()
    assert shared.name == "Bersama"
    saved_search_rename(actor=lead, saved_search_id=shared.pk, name="Diganti ketua")
    shared.refresh_from_db()
    assert shared.name == "Diganti ketua"
    saved_search_rename(actor=w.staff_lpse, saved_search_id=shared.pk, name="Dari pembuat")
    saved_search_delete(actor=lead, saved_search_id=shared.pk)
    assert not SavedSearch.objects.exists()


def test_rename_to_a_taken_name_is_refused(ticket_world: TicketWorld) -> None:
    w = ticket_world
    saved_search_create(actor=w.staff_lpse, name="Satu", params={"status": "BARU"})
    two = saved_search_create(actor=w.staff_lpse, name="Dua", params={"status": "DITUTUP"})
    with pytest.raises(Conflict):
        saved_search_rename(actor=w.staff_lpse, saved_search_id=two.pk, name="SATU")
    two.refresh_from_db()
    assert two.name == "Dua"


def test_a_shared_view_runs_in_the_openers_scope(ticket_world: TicketWorld) -> None:
    w = ticket_world
    wide = UserFactory.create(username="dua_tim")
    TeamMembership.objects.create(team=w.team_lpse, user=wide)
    TeamMembership.objects.create(team=w.team_other_lpse, user=wide)
    gowa_reporter = UserFactory.create(reporter_category=w.category_ppk, home_lpse=w.other_lpse)
    makassar = [make_ticket(w), make_ticket(w)]
    gowa = make_ticket(w, reporter=gowa_reporter)
    shared = saved_search_create(
        actor=wide, name="Semua baru", params={"status": "BARU"}, team_id=w.team_lpse.pk
    )
    for who, expected in ((wide, [*makassar, gowa]), (w.staff_lpse, makassar)):
        viewer = Viewer.of(who)
        query = saved_search_query(shared, viewer)
        assert query is not None
        assert saved_search_count(viewer, query) == len(expected)
    opened = saved_search_query(shared, Viewer.of(w.staff_lpse))
    assert opened is not None
    seen = set(search_tickets(w.staff_lpse, opened))
    assert seen == set(makassar) and gowa not in seen


def test_counts_follow_the_cap(ticket_world: TicketWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    w = ticket_world
    for _ in range(4):
        make_ticket(w)
    viewer = Viewer.of(w.staff_lpse)
    monkeypatch.setattr(lists, "COUNT_CAP", 2)
    assert saved_search_count(viewer, TicketQuery(status="BARU")) == 3  # cap + 1: "2+"
    monkeypatch.undo()
    assert saved_search_count(viewer, TicketQuery(status="BARU")) == 4
    # Never counted: the unfiltered scope of staff, and any keyword search.
    assert saved_search_count(viewer, TicketQuery()) is None
    assert saved_search_count(viewer, TicketQuery(status="BARU", text="dokumen")) is None
    # A reporter's own list is small: counted even unfiltered.
    assert saved_search_count(Viewer.of(w.reporter_a), TicketQuery()) == 4


def test_a_view_naming_removed_master_data_does_not_run(ticket_world: TicketWorld) -> None:
    w = ticket_world
    saved = saved_search_create(
        actor=w.staff_lpse, name="Versi lama", params={"versi": str(w.other_version.pk)}
    )
    viewer = Viewer.of(w.staff_lpse)
    assert saved_search_query(saved, viewer) is not None
    w.other_version.delete()
    assert saved_search_query(saved, viewer) is None

"""Pencarian tersimpan on Daftar Tiket: save the current search, the extra tabs with their
counts in each viewer's own scope, rename and delete (and the refusals, nothing changed)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from lpse_support.accounts.models import TeamMembership
from lpse_support.tickets.models import SavedSearch
from tests.support.factories import UserFactory
from tests.support.ticket_world import TicketWorld, make_ticket

pytestmark = pytest.mark.django_db
SAVE = "/tiket/pencarian/simpan/"


def saved_tabs(client: Client) -> dict[str, str | None]:
    """Saved-search tab name → its count badge (None when not counted)."""
    html = client.get("/tiket/").content.decode()
    tabs = re.findall(
        r'class="saved-name">([^<]*)</span>(?: <span class="badge[^"]*" data-saved-count="(\d+)")?',
        html,
    )
    return {name.strip(): (count or None) for name, count in tabs}


def test_save_shows_a_tab_with_its_count(client: Client, ticket_world: TicketWorld) -> None:
    w = ticket_world
    make_ticket(w)
    make_ticket(w, title="Server lambat")
    client.force_login(w.staff_lpse)
    page = client.get("/tiket/", {"status": "BARU", "page": "2"}).content.decode()
    assert "Simpan pencarian ini" in page
    response = client.post(
        SAVE, {"name": "Belum diambil", "team": "", "query": "status=BARU&page=2"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/tiket/?status=BARU&page=2"
    saved = SavedSearch.objects.get()
    assert (saved.owner, saved.params, saved.team) == (w.staff_lpse, {"status": "BARU"}, None)
    assert saved_tabs(client) == {"Belum diambil": "2"}
    marked = f'data-saved-search="{saved.pk}" aria-current="page"'
    assert marked in client.get("/tiket/", {"status": "BARU", "page": "1"}).content.decode()
    assert marked not in client.get("/tiket/", {"status": "DITUTUP"}).content.decode()


def test_nothing_to_save_on_the_plain_list(client: Client, ticket_world: TicketWorld) -> None:
    client.force_login(ticket_world.staff_lpse)
    assert "Simpan pencarian ini" not in client.get("/tiket/").content.decode()
    response = client.post(SAVE, {"name": "Semua", "query": "tab=semua"}, follow=True)
    assert "Tidak ada pencarian untuk disimpan" in response.content.decode()
    response = client.post(SAVE, {"name": "Tanggal", "query": "dari=31/02/2026"}, follow=True)
    assert response.status_code == 200
    assert not SavedSearch.objects.exists()


def test_sharing_with_a_team_i_am_not_in_is_refused(
    client: Client, ticket_world: TicketWorld
) -> None:
    w = ticket_world
    client.force_login(w.staff_lpse)
    response = client.post(
        SAVE,
        {"name": "Gowa", "team": str(w.team_other_lpse.pk), "query": "status=BARU"},
        follow=True,
    )
    assert "Pencarian hanya dapat dibagikan dengan tim Anda sendiri." in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_a_shared_tab_counts_in_each_members_scope(
    client: Client, ticket_world: TicketWorld
) -> None:
    w = ticket_world
    wide = UserFactory.create(username="dua_tim")
    TeamMembership.objects.create(team=w.team_lpse, user=wide)
    TeamMembership.objects.create(team=w.team_other_lpse, user=wide)
    gowa_reporter = UserFactory.create(reporter_category=w.category_ppk, home_lpse=w.other_lpse)
    make_ticket(w)
    gowa = make_ticket(w, reporter=gowa_reporter)
    client.force_login(wide)
    client.post(SAVE, {"name": "Baru", "team": str(w.team_lpse.pk), "query": "status=BARU"})
    assert saved_tabs(client) == {"Baru": "2"}
    client.force_login(w.staff_lpse)
    assert saved_tabs(client) == {"Baru": "1"}  # never the creator's wider scope
    listed = client.get("/tiket/", {"status": "BARU"}).content.decode()
    assert gowa.number not in listed
    client.force_login(w.staff_other_lpse)  # in the creator's other team, not the shared one
    assert saved_tabs(client) == {}


def test_keyword_views_are_not_counted(client: Client, ticket_world: TicketWorld) -> None:
    make_ticket(ticket_world)
    client.force_login(ticket_world.staff_lpse)
    client.post(SAVE, {"name": "Dokumen", "query": "q=dokumen"})
    assert saved_tabs(client) == {"Dokumen": None}


def test_rename_and_delete_own_refused_for_a_plain_member(
    client: Client, ticket_world: TicketWorld
) -> None:
    w = ticket_world
    member = UserFactory.create(username="anggota")
    TeamMembership.objects.create(team=w.team_lpse, user=member)
    client.force_login(w.staff_lpse)
    client.post(SAVE, {"name": "Bersama", "team": str(w.team_lpse.pk), "query": "status=BARU"})
    saved = SavedSearch.objects.get()
    client.force_login(member)
    page = client.get("/tiket/").content.decode()
    assert f'action="/tiket/pencarian/{saved.pk}/hapus/"' not in page
    refused = client.post(f"/tiket/pencarian/{saved.pk}/hapus/", follow=True).content.decode()
    assert "Hanya pembuat pencarian ini atau ketua timnya" in refused
    client.post(f"/tiket/pencarian/{saved.pk}/ubah/", {"name": "Milik saya"})
    saved.refresh_from_db()
    assert saved.name == "Bersama"
    client.force_login(w.staff_lpse)
    client.post(f"/tiket/pencarian/{saved.pk}/ubah/", {"name": "Baru masuk"})
    saved.refresh_from_db()
    assert saved.name == "Baru masuk"
    assert client.get(f"/tiket/pencarian/{saved.pk}/hapus/").status_code == 405
    client.post(f"/tiket/pencarian/{saved.pk}/hapus/")
    assert not SavedSearch.objects.exists()

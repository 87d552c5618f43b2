"""/api/v1/saved-searches: list (with counts in the caller's scope), create (the page's search
rules, only my teams), delete (creator or team lead) and run a view — never in a wider scope."""

from __future__ import annotations

import pytest
from django.test import Client

from lpse_support.accounts.models import TeamMembership
from lpse_support.tickets.models import SavedSearch
from lpse_support.tickets.services.ticket_comment import ticket_comment
from lpse_support.tickets.services.ticket_take import ticket_take
from tests.support.api import api_client
from tests.support.factories import UserFactory
from tests.support.ticket_world import TicketWorld, make_ticket

pytestmark = pytest.mark.django_db
URL = "/api/v1/saved-searches"


def test_requires_a_token(ticket_world: TicketWorld) -> None:
    assert Client().get(URL).status_code == 401
    assert Client().post(URL, {}, content_type="application/json").status_code == 401


def test_create_list_run_delete(ticket_world: TicketWorld) -> None:
    w = ticket_world
    first, second = make_ticket(w), make_ticket(w, title="Server lambat sekali")
    client = api_client(w.staff_lpse)
    created = client.post(
        URL,
        {"name": "Baru", "params": {"status": "BARU", "page": "2"}, "team_id": w.team_lpse.pk},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["params"] == {"status": "BARU"}
    assert (body["team_id"], body["editable"], body["count"]) == (w.team_lpse.pk, True, 2)
    listed = client.get(URL).json()
    assert [item["name"] for item in listed] == ["Baru"]
    run = client.get(f"{URL}/{body['id']}/tickets", {"page_size": 10})
    assert run.status_code == 200
    assert {item["number"] for item in run.json()["items"]} == {first.number, second.number}
    assert client.get(f"{URL}/{body['id']}/tickets", {"page_size": 7}).status_code == 422
    assert client.delete(f"{URL}/{body['id']}").json() == {"deleted": True}
    assert client.get(f"{URL}/{body['id']}/tickets").status_code == 404


def test_bad_input_is_refused_with_its_field(ticket_world: TicketWorld) -> None:
    w = ticket_world
    client = api_client(w.staff_lpse)
    cases = [
        ({"name": "Tanggal", "params": {"dari": "31/02/2026"}}, 422, "params"),
        ({"name": "Kosong", "params": {}}, 422, "params"),
        ({"name": " ", "params": {"status": "BARU"}}, 422, "name"),
        (
            {"name": "Gowa", "params": {"status": "BARU"}, "team_id": w.team_other_lpse.pk},
            422,
            "team",
        ),
    ]
    for payload, status, field in cases:
        response = client.post(URL, payload, content_type="application/json")
        assert response.status_code == status, (payload, response.content)
        assert response.json()["field"] == field
    client.post(
        URL, {"name": "Satu", "params": {"status": "BARU"}}, content_type="application/json"
    )
    duplicate = client.post(
        URL, {"name": "satu", "params": {"status": "DITUTUP"}}, content_type="application/json"
    )
    assert duplicate.status_code == 409
    assert SavedSearch.objects.count() == 1


def test_a_shared_view_runs_in_the_callers_scope(ticket_world: TicketWorld) -> None:
    w = ticket_world
    wide = UserFactory.create(username="dua_tim")
    TeamMembership.objects.create(team=w.team_lpse, user=wide)
    TeamMembership.objects.create(team=w.team_other_lpse, user=wide)
    gowa_reporter = UserFactory.create(reporter_category=w.category_ppk, home_lpse=w.other_lpse)
    mine = make_ticket(w)
    gowa = make_ticket(w, reporter=gowa_reporter)
    saved = api_client(wide).post(
        URL,
        {"name": "Semua baru", "params": {"status": "BARU"}, "team_id": w.team_lpse.pk},
        content_type="application/json",
    )
    saved_id = saved.json()["id"]
    assert saved.json()["count"] == 2
    staff = api_client(w.staff_lpse)
    [listed] = staff.get(URL).json()
    assert (listed["count"], listed["editable"], listed["owner"]) == (1, False, "dua_tim")
    numbers = {item["number"] for item in staff.get(f"{URL}/{saved_id}/tickets").json()["items"]}
    assert numbers == {mine.number} and gowa.number not in numbers
    refused = staff.delete(f"{URL}/{saved_id}")
    assert (refused.status_code, refused.json()["code"]) == (403, "saved_search_not_editable")
    assert api_client(w.staff_other_lpse).get(f"{URL}/{saved_id}/tickets").status_code == 404
    assert SavedSearch.objects.filter(pk=saved_id).exists()


def test_reporters_run_keyword_views_without_internal_notes(ticket_world: TicketWorld) -> None:
    w = ticket_world
    ticket = make_ticket(w)
    ticket_take(ticket_number=ticket.number, actor=w.staff_lpse)
    ticket_comment(
        ticket_number=ticket.number, actor=w.staff_lpse, message="firewall penuh", internal=True
    )
    for user, expected in ((w.staff_lpse, [ticket.number]), (w.reporter_a, [])):
        client = api_client(user)
        created = client.post(
            URL, {"name": "Firewall", "params": {"q": "firewall"}}, content_type="application/json"
        )
        assert created.json()["count"] is None  # keyword searches are never counted
        run = client.get(f"{URL}/{created.json()['id']}/tickets").json()
        assert [item["number"] for item in run["items"]] == expected

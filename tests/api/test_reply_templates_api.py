"""``/api/v1/tickets/{number}/reply-templates``: the list usable on a ticket and one filled in."""

from __future__ import annotations

import pytest
from django.test import Client

from lpse_support.faq.models import FaqArticle
from tests.replies.helpers import make_template
from tests.support.api import BASE, bearer
from tests.support.ticket_world import TicketWorld, make_ticket

pytestmark = pytest.mark.django_db


def test_list_shows_my_teams_templates_and_faq_links(
    ticket_world: TicketWorld, client: Client
) -> None:
    world = ticket_world
    ticket = make_ticket(world)
    mine = make_template(world.team_lpse, application=world.spse)
    make_template(world.team_other_lpse, title="Tim lain")
    FaqArticle.objects.create(title="Cara unggah", slug="cara-unggah", body="…")
    response = client.get(
        f"{BASE}/{ticket.number}/reply-templates", headers=bearer(world.staff_lpse)
    )
    assert response.status_code == 200
    body = response.json()
    assert [row["id"] for row in body["templates"]] == [mine.pk]
    assert body["templates"][0]["team"] == {"id": world.team_lpse.pk, "name": world.team_lpse.name}
    assert body["templates"][0]["application"]["id"] == world.spse.pk
    assert body["faq_links"][0]["url"].endswith("/faq/artikel/cara-unggah/")


def test_list_is_empty_for_the_reporter_and_404_outside_scope(
    ticket_world: TicketWorld, client: Client
) -> None:
    world = ticket_world
    ticket = make_ticket(world)
    make_template(world.team_lpse)
    url = f"{BASE}/{ticket.number}/reply-templates"
    mine = client.get(url, headers=bearer(world.reporter_a))
    assert mine.status_code == 200 and mine.json() == {"templates": [], "faq_links": []}
    assert client.get(url, headers=bearer(world.staff_other_lpse)).status_code == 404


def test_fill_returns_the_text_and_counts(ticket_world: TicketWorld, client: Client) -> None:
    world = ticket_world
    ticket = make_ticket(world)
    template = make_template(world.team_lpse)
    url = f"{BASE}/{ticket.number}/reply-templates/{template.pk}/fill"
    response = client.post(url, headers=bearer(world.staff_lpse))
    assert response.status_code == 200
    assert response.json()["text"].startswith(
        f"Yth. {world.reporter_a.get_full_name()}, tiket {ticket.number}"
    )
    template.refresh_from_db()
    assert template.usage_count == 1


def test_fill_of_another_teams_template_is_404(ticket_world: TicketWorld, client: Client) -> None:
    world = ticket_world
    ticket = make_ticket(world)
    template = make_template(world.team_other_lpse)
    url = f"{BASE}/{ticket.number}/reply-templates/{template.pk}/fill"
    response = client.post(url, headers=bearer(world.staff_lpse))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert client.post(url, headers=bearer(world.staff_other_lpse)).status_code == 404
    template.refresh_from_db()
    assert template.usage_count == 0

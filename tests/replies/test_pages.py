"""Templat Balasan pages: the lead's management page, the picker on the ticket page and its
fill POST (scope-checked, counted)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lpse_support.replies.models import ReplyTemplate
from lpse_support.tickets.services.ticket_take import ticket_take
from tests.replies.helpers import BODY, make_lead, make_template
from tests.support.ticket_world import TicketWorld, make_ticket

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_the_management_page_is_for_leads_only(ticket_world: TicketWorld) -> None:
    world = ticket_world
    mine = make_template(world.team_lpse, title="Punya tim saya")
    make_template(world.team_other_lpse, title="Punya tim lain")
    member = _client(world.staff_lpse)
    assert member.get(reverse("replies:list")).status_code == 403
    assert member.get(reverse("replies:create")).status_code == 403
    make_lead(world.staff_lpse, world.team_lpse)
    page = member.get(reverse("replies:list"))
    assert page.status_code == 200
    assert "Punya tim saya" in page.text and "Punya tim lain" not in page.text
    assert member.get(reverse("replies:edit", args=[mine.pk])).status_code == 200
    assert _client(world.reporter_a).get(reverse("replies:list")).status_code == 403


def test_a_lead_creates_a_template_on_the_page(ticket_world: TicketWorld) -> None:
    world = ticket_world
    client = _client(make_lead(world.staff_lpse, world.team_lpse))
    form = {"team": world.team_lpse.pk, "application": "", "title": "Cek", "body": BODY}
    response = client.post(reverse("replies:create"), form)
    assert response.status_code == 302
    template = ReplyTemplate.objects.get()
    assert (template.team, template.application, template.title) == (world.team_lpse, None, "Cek")


def test_an_unknown_placeholder_is_shown_and_nothing_saved(ticket_world: TicketWorld) -> None:
    world = ticket_world
    client = _client(make_lead(world.staff_lpse, world.team_lpse))
    form = {"team": world.team_lpse.pk, "application": "", "title": "Cek", "body": "Hai {nama}"}
    response = client.post(reverse("replies:create"), form)
    assert response.status_code == 200
    assert "Placeholder {nama} tidak dikenal" in response.text
    assert not ReplyTemplate.objects.exists()


def test_a_lead_cannot_pick_or_edit_another_teams_template(ticket_world: TicketWorld) -> None:
    world = ticket_world
    client = _client(make_lead(world.staff_lpse, world.team_lpse))
    form = {"team": world.team_other_lpse.pk, "application": "", "title": "X", "body": BODY}
    response = client.post(reverse("replies:create"), form)
    assert response.status_code == 200 and not ReplyTemplate.objects.exists()
    other = make_template(world.team_other_lpse)
    assert client.get(reverse("replies:edit", args=[other.pk])).status_code == 403
    assert (
        client.post(reverse("replies:active", args=[other.pk]), {"active": "0"}).status_code == 404
    )
    other.refresh_from_db()
    assert other.active is True


def test_deactivate_and_activate_again(ticket_world: TicketWorld) -> None:
    world = ticket_world
    client = _client(make_lead(world.staff_lpse, world.team_lpse))
    template = make_template(world.team_lpse)
    client.post(reverse("replies:active", args=[template.pk]), {"active": "0"})
    template.refresh_from_db()
    assert template.active is False
    client.post(reverse("replies:active", args=[template.pk]), {"active": "1"})
    template.refresh_from_db()
    assert template.active is True


def test_the_picker_is_drawn_for_staff_not_for_the_reporter(ticket_world: TicketWorld) -> None:
    world = ticket_world
    ticket = make_ticket(world)
    ticket_take(ticket_number=ticket.number, actor=world.staff_lpse)
    make_template(world.team_lpse, title="Sedang diperiksa")
    url = reverse("tickets:detail", args=[ticket.number])
    page = _client(world.staff_lpse).get(url).text
    # One in the Kerjakan block, one above Kirim Pesan.
    assert page.count('class="form-select form-select-sm reply-picker"') == 2
    assert "Sedang diperiksa" in page
    assert "js/reply-picker.js" in page
    assert 'reply-picker"' not in _client(world.reporter_a).get(url).text


def test_fill_post_returns_the_text_and_counts(ticket_world: TicketWorld) -> None:
    world = ticket_world
    ticket = make_ticket(world)
    template = make_template(world.team_lpse)
    url = reverse("replies:fill", args=[ticket.number])
    client = _client(world.staff_lpse)
    response = client.post(url, {"pilihan": f"t{template.pk}"})
    assert response.status_code == 200
    assert ticket.number in response.json()["text"]
    assert world.reporter_a.get_full_name() in response.json()["text"]
    template.refresh_from_db()
    assert template.usage_count == 1
    assert client.get(url, {"pilihan": f"t{template.pk}"}).status_code == 405
    assert client.post(url, {"pilihan": "x1"}).status_code == 400


def test_fill_post_outside_scope_is_404(ticket_world: TicketWorld) -> None:
    world = ticket_world
    ticket = make_ticket(world)
    template = make_template(world.team_other_lpse)
    url = reverse("replies:fill", args=[ticket.number])
    assert (
        _client(world.staff_other_lpse).post(url, {"pilihan": f"t{template.pk}"}).status_code == 404
    )
    assert _client(world.staff_lpse).post(url, {"pilihan": f"t{template.pk}"}).status_code == 404
    template.refresh_from_db()
    assert template.usage_count == 0


def test_the_account_menu_links_the_page_for_leads_only(ticket_world: TicketWorld) -> None:
    world = ticket_world
    client = _client(world.staff_lpse)
    link = 'data-menu-item="templat-balasan"'
    page = client.get(reverse("faq:list"))
    assert page.status_code == 200 and link not in page.text
    make_lead(world.staff_lpse, world.team_lpse)
    assert link in client.get(reverse("faq:list")).text

"""Taking a ticket and the assignee's work panel (guide §4.2.3, SPEC §4, R-WF-1..3): the take
button shows only to the team, a refused or repeated take changes nothing, every action page is 404
out of scope and 405 on GET, reclassifying tells the new priority, and a short or unauthorised
work action changes nothing."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from lpse_support.accounts.models import TeamMembership
from lpse_support.tickets.parties import allowed_actions
from lpse_support.tickets.services.ticket_take import ticket_take
from lpse_support.tickets.workflow import Action, Status
from tests.support.factories import UserFactory
from tests.support.ticket_world import TicketWorld, make_ticket
from tests.tickets.actions.helpers import (
    ACTION_URLS,
    LONG,
    _events,
    _fresh,
    _notices,
    _page,
    _post,
    _taken,
    _url,
)

pytestmark = pytest.mark.django_db


def test_take_button_only_for_the_team(client: Client, ticket_world: TicketWorld) -> None:
    world = ticket_world
    ticket = make_ticket(world)
    staff_page = _page(client, world.staff_lpse, ticket)
    assert "Ambil Tiket" in staff_page
    assert 'data-confirm="Apakah Anda yakin akan mengambil tiket ini?"' in staff_page
    assert _url("take", ticket) in staff_page
    reporter_page = _page(client, world.reporter_a, ticket)
    assert _url("take", ticket) not in reporter_page
    assert Action.TAKE not in allowed_actions(ticket, world.reporter_a)


def test_take_moves_the_ticket_and_tells_so(client: Client, ticket_world: TicketWorld) -> None:
    world = ticket_world
    ticket = make_ticket(world)
    response = _post(client, world.staff_lpse, "take", ticket, idempotency_key=uuid.uuid4())
    assert response.status_code == 302
    assert response["Location"] == _url("detail", ticket)
    assert "Tiket berhasil diambil!" in _notices(response)
    ticket = _fresh(ticket)
    assert ticket.status == Status.DIKERJAKAN
    assert ticket.assignee == world.staff_lpse


def test_take_by_the_reporter_is_refused(client: Client, ticket_world: TicketWorld) -> None:
    world = ticket_world
    ticket = make_ticket(world)
    before = _events(ticket)
    response = _post(client, world.reporter_a, "take", ticket)
    assert response.status_code == 302
    assert any("Tindakan tidak dapat dilakukan" in n for n in _notices(response))
    assert _events(ticket) == before
    assert _fresh(ticket).status == Status.BARU


def test_take_of_a_taken_ticket_names_the_taker(client: Client, ticket_world: TicketWorld) -> None:
    world = ticket_world
    colleague = UserFactory.create(username="helpdesk_mks2", home_lpse=world.lpse)
    TeamMembership.objects.create(team=world.team_lpse, user=colleague)
    ticket = make_ticket(world)
    ticket_take(ticket_number=ticket.number, actor=world.staff_lpse)
    before = _events(ticket)
    response = _post(client, colleague, "take", ticket)
    name = world.staff_lpse.get_full_name().rstrip(".")
    assert f"Tiket sudah diambil oleh {name}." in _notices(response)
    assert _events(ticket) == before
    assert _fresh(ticket).assignee == world.staff_lpse


def test_double_take_with_one_key_acts_once(client: Client, ticket_world: TicketWorld) -> None:
    world = ticket_world
    ticket = make_ticket(world)
    key = uuid.uuid4()
    before = _events(ticket)
    _post(client, world.staff_lpse, "take", ticket, idempotency_key=key)
    second = _post(client, world.staff_lpse, "take", ticket, idempotency_key=key)
    assert second.status_code == 302
    assert _events(ticket) == before + 1


@pytest.mark.parametrize("name", ACTION_URLS)
def test_out_of_scope_is_404_and_get_is_405(
    client: Client, ticket_world: TicketWorld, name: str
) -> None:
    world = ticket_world
    ticket = make_ticket(world)
    before = _events(ticket)
    response = _post(client, world.staff_other_lpse, name, ticket, message=LONG)
    assert response.status_code == 404
    client.force_login(world.staff_lpse)
    assert client.get(_url(name, ticket)).status_code == 405
    assert _events(ticket) == before
    assert client.post(reverse(f"tickets:{name}", args=["TPS9999999999"])).status_code == 404


def test_work_panel_only_for_the_assignee(client: Client, ticket_world: TicketWorld) -> None:
    world = ticket_world
    ticket = _taken(world)
    page = _page(client, world.staff_lpse, ticket)
    for text in (
        "Kerjakan Tiket",
        "Ubah Kategori Tiket",
        "Pilih Tindakan Anda",
        "Butuh Feedback",
        "Eskalasi Tiket",
        "Selesaikan Masalah",
        "Tuliskan pesan Anda di sini",
        'data-confirm="Apakah semua data sudah benar?"',
        "Tiket akan dieskalasi ke <strong>Helpdesk LKPP</strong>",
    ):
        assert text in page, text
    # Not escalated yet: feedback only from the reporter.
    assert "Tim yang mengeskalasi" not in page
    reporter_page = _page(client, world.reporter_a, ticket)
    assert "Pilih Tindakan Anda" not in reporter_page
    assert _url("work", ticket) not in reporter_page


def test_reclassify_shows_the_new_priority(client: Client, ticket_world: TicketWorld) -> None:
    world = ticket_world
    ticket = _taken(world)
    response = _post(
        client,
        world.staff_lpse,
        "reclassify",
        ticket,
        category=world.category.pk,
        subcategory=world.deadline_subcategory.pk,
        idempotency_key=uuid.uuid4(),
    )
    ticket = _fresh(ticket)
    assert ticket.subcategory == world.deadline_subcategory
    assert f"Prioritas sekarang: {ticket.priority.name}." in " ".join(_notices(response))
    page = _page(client, world.staff_lpse, ticket)
    assert "Kategori diubah oleh" in page
    assert "discussion-system" in page


def test_reclassify_refuses_another_application(client: Client, ticket_world: TicketWorld) -> None:
    world = ticket_world
    ticket = _taken(world)
    before = _events(ticket)
    response = _post(
        client,
        world.staff_lpse,
        "reclassify",
        ticket,
        category=world.other_subcategory.category_id,
        subcategory=world.other_subcategory.pk,
    )
    assert response.status_code == 422
    assert "Pilih sub kategori dari aplikasi tiket ini." in response.content.decode()
    assert _events(ticket) == before


def test_short_message_is_refused_next_to_the_field(
    client: Client, ticket_world: TicketWorld
) -> None:
    world = ticket_world
    ticket = _taken(world)
    before = _events(ticket)
    response = _post(client, world.staff_lpse, "resolve", ticket, message="terlalu pendek")
    assert response.status_code == 422
    html = response.content.decode()
    assert "Pesan minimal 15 karakter." in html
    assert "is-invalid" in html
    assert "terlalu pendek" in html  # the text typed is kept
    assert _events(ticket) == before


def test_wrong_user_work_action_changes_nothing(client: Client, ticket_world: TicketWorld) -> None:
    world = ticket_world
    ticket = _taken(world)
    before = _events(ticket)
    for name in ("request_feedback", "escalate", "resolve"):
        response = _post(client, world.reporter_a, name, ticket, message=LONG)
        assert response.status_code == 302
        assert any("Tindakan tidak dapat dilakukan" in n for n in _notices(response))
    assert _events(ticket) == before
    assert _fresh(ticket).status == Status.DIKERJAKAN

"""The ticket action pages (guide §4.2.3, SPEC §4, R-WF-1..3, R-RATE): each button shows only to
the user the workflow table allows, the POST does the transition with the guide's notice, a
refused action changes nothing, out of scope is 404, GET is 405, and a double submit acts once."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lpse_support.accounts.models import TeamMembership, User
from lpse_support.catalog.models import RatingChip, RatingQuestion
from lpse_support.tickets.models import Ticket, TicketEvent, TicketMessage, TicketRating
from lpse_support.tickets.parties import allowed_actions
from lpse_support.tickets.selectors import card_action, ticket_list_for
from lpse_support.tickets.services.ticket_escalate import ticket_escalate
from lpse_support.tickets.services.ticket_feedback import (
    ticket_give_feedback,
    ticket_request_feedback,
)
from lpse_support.tickets.services.ticket_resolution import ticket_confirm, ticket_resolve
from lpse_support.tickets.services.ticket_take import ticket_take
from lpse_support.tickets.workflow import Action, FeedbackFrom, Status
from tests.factories import UserFactory
from tests.tickets.conftest import TicketWorld, make_ticket, sample_upload

pytestmark = pytest.mark.django_db

LONG = "Mohon dicek kembali, dokumen sudah saya unggah ulang."
ACTION_URLS = (
    "take",
    "reclassify",
    "work",
    "request_feedback",
    "give_feedback",
    "escalate",
    "resolve",
    "confirm",
    "reject",
    "close",
    "comment",
)


def _url(name: str, ticket: Ticket) -> str:
    return reverse(f"tickets:{name}", args=[ticket.number])


def _page(client: Client, user: User, ticket: Ticket) -> str:
    client.force_login(user)
    response = client.get(_url("detail", ticket))
    assert response.status_code == 200
    return response.content.decode()


def _post(client: Client, user: User, name: str, ticket: Ticket, **data: Any) -> Any:
    client.force_login(user)
    return client.post(_url(name, ticket), data)


def _notices(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _events(ticket: Ticket) -> int:
    return TicketEvent.objects.filter(ticket=ticket).count()


def _fresh(ticket: Ticket) -> Ticket:
    return Ticket.objects.get(pk=ticket.pk)


def _taken(world: TicketWorld) -> Ticket:
    ticket = make_ticket(world)
    ticket_take(ticket_number=ticket.number, actor=world.staff_lpse)
    return ticket


def _resolved(world: TicketWorld) -> Ticket:
    ticket = _taken(world)
    ticket_resolve(ticket_number=ticket.number, actor=world.staff_lpse, message=LONG)
    return ticket


@pytest.fixture
def chips(db: None) -> dict[str, Any]:
    good = RatingQuestion.objects.create(text="Apa yang menurutmu oke?", min_stars=4, max_stars=5)
    bad = RatingQuestion.objects.create(
        text="Apa yang perlu ditingkatkan?", min_stars=1, max_stars=3
    )
    return {
        "good": good,
        "bad": bad,
        "fast": RatingChip.objects.create(label="Kecepatan penanganan", min_stars=4, max_stars=5),
        "kind": RatingChip.objects.create(label="Keramahan helpdesk", min_stars=4, max_stars=5),
        "slow": RatingChip.objects.create(label="Respon lebih cepat", min_stars=1, max_stars=3),
    }


# --- Ambil Tiket ------------------------------------------------------------------------------


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


def test_rating_page_is_404_out_of_scope(client: Client, ticket_world: TicketWorld) -> None:
    ticket = make_ticket(ticket_world)
    client.force_login(ticket_world.reporter_b)
    assert client.get(_url("rate", ticket)).status_code == 404
    assert client.post(_url("rate", ticket), {"stars": 5}).status_code == 404


# --- Kerjakan Tiket ---------------------------------------------------------------------------


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


def test_request_feedback_and_answer(client: Client, ticket_world: TicketWorld) -> None:
    world = ticket_world
    ticket = _taken(world)
    response = _post(
        client,
        world.staff_lpse,
        "work",
        ticket,
        tindakan="request_feedback",
        from_party="reporter",
        message="Mohon kirim tangkapan layar pesan galatnya.",
        files=[sample_upload("layar.png")],
        idempotency_key=uuid.uuid4(),
    )
    assert "Tiket berhasil dikerjakan!" in _notices(response)
    ticket = _fresh(ticket)
    assert ticket.status == Status.MENUNGGU_FEEDBACK
    assert ticket.feedback_from == FeedbackFrom.REPORTER
    page = _page(client, world.reporter_a, ticket)
    who = f"{world.staff_lpse.get_full_name()} ({world.team_lpse.name})"
    assert f"{who} meminta feedback dari Anda" in page
    assert "Mohon kirim tangkapan layar pesan galatnya." in page
    assert _url("give_feedback", ticket) in page
    assert _url("give_feedback", ticket) not in _page(client, world.staff_lpse, ticket)
    response = _post(
        client,
        world.reporter_a,
        "give_feedback",
        ticket,
        message=LONG,
        idempotency_key=uuid.uuid4(),
    )
    assert "Feedback berhasil terkirim!" in _notices(response)
    assert _fresh(ticket).status == Status.DIKERJAKAN


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


def test_escalate_then_ask_the_escalating_team(client: Client, ticket_world: TicketWorld) -> None:
    world = ticket_world
    ticket = _taken(world)
    response = _post(
        client,
        world.staff_lpse,
        "escalate",
        ticket,
        message="Perlu penanganan Helpdesk LKPP untuk kasus ini.",
        idempotency_key=uuid.uuid4(),
    )
    assert "Tiket berhasil dikerjakan!" in _notices(response)
    ticket = _fresh(ticket)
    assert (ticket.status, ticket.team) == (Status.BARU, world.team_lkpp)
    assert "Ambil Tiket" in _page(client, world.helpdesk_lkpp, ticket)
    _post(client, world.helpdesk_lkpp, "take", ticket)
    page = _page(client, world.helpdesk_lkpp, ticket)
    assert f"Tim yang mengeskalasi: {world.team_lpse.name}" in page
    _post(
        client,
        world.helpdesk_lkpp,
        "work",
        ticket,
        tindakan="request_feedback",
        from_party="team",
        message="Mohon info kode tender yang dimaksud pelapor.",
    )
    ticket = _fresh(ticket)
    assert (ticket.status, ticket.feedback_team) == (Status.MENUNGGU_FEEDBACK, world.team_lpse)
    lpse_page = _page(client, world.staff_lpse, ticket)
    assert "meminta feedback dari Anda" in lpse_page
    assert "meminta feedback dari Anda" not in _page(client, world.reporter_a, ticket)
    response = _post(client, world.staff_lpse, "give_feedback", ticket, message=LONG)
    assert "Feedback berhasil terkirim!" in _notices(response)
    assert _fresh(ticket).status == Status.DIKERJAKAN


# --- Konfirmasi, penilaian, tutup -------------------------------------------------------------


def test_confirm_leads_to_the_rating_page(
    client: Client, ticket_world: TicketWorld, chips: dict[str, Any]
) -> None:
    world = ticket_world
    ticket = _resolved(world)
    page = _page(client, world.reporter_a, ticket)
    for text in ("Apakah masalah Anda telah terselesaikan?", "Ya, Sudah Selesai", LONG):
        assert text in page, text
    assert "Masalah Belum Terselesaikan" in page
    assert _url("confirm", ticket) not in _page(client, world.staff_lpse, ticket)
    response = _post(client, world.reporter_a, "confirm", ticket, idempotency_key=uuid.uuid4())
    assert response["Location"] == _url("rate", ticket)
    assert _fresh(ticket).status == Status.SELESAI
    rate_page = client.get(_url("rate", ticket)).content.decode()
    for text in (
        "Apa yang menurutmu oke?",
        "Apa yang perlu ditingkatkan?",
        "Kecepatan penanganan",
        "Respon lebih cepat",
        "Ada pesan untuk kami?",
        'type="radio"',
        'name="stars"',
        'data-min="4" data-max="5"',
    ):
        assert text in rate_page, text


def test_rating_refuses_a_chip_outside_its_range(
    client: Client, ticket_world: TicketWorld, chips: dict[str, Any]
) -> None:
    world = ticket_world
    ticket = _resolved(world)
    ticket_confirm(ticket_number=ticket.number, actor=world.reporter_a)
    before = _events(ticket)
    response = _post(client, world.reporter_a, "rate", ticket, stars=5, chips=[chips["slow"].pk])
    assert response.status_code == 422
    assert "Pilihan penilaian tidak sesuai dengan jumlah bintang." in response.content.decode()
    assert not TicketRating.objects.filter(ticket=ticket).exists()
    assert _events(ticket) == before


def test_rating_is_saved_once_and_shown(
    client: Client, ticket_world: TicketWorld, chips: dict[str, Any]
) -> None:
    world = ticket_world
    ticket = _resolved(world)
    ticket_confirm(ticket_number=ticket.number, actor=world.reporter_a)
    key = uuid.uuid4()
    data = {
        "stars": 5,
        "chips": [chips["fast"].pk, chips["kind"].pk],
        "message": "Terima kasih, cepat sekali.",
        "idempotency_key": key,
    }
    response = _post(client, world.reporter_a, "rate", ticket, **data)
    assert "Terima kasih telah memberikan penilaian atas pelayanan kami" in _notices(response)
    rating = TicketRating.objects.get(ticket=ticket)
    assert rating.stars == 5
    assert {c.label for c in rating.chips.all()} == {"Kecepatan penanganan", "Keramahan helpdesk"}
    again = _post(client, world.reporter_a, "rate", ticket, **data)
    assert again.status_code == 302
    assert TicketEvent.objects.filter(ticket=ticket, action=Action.RATE).count() == 1
    page = _page(client, world.reporter_a, ticket)
    for text in ("Penilaian Pelayanan", "5/5", "Kecepatan penanganan", "cepat sekali"):
        assert text in page, text
    assert _url("rate", ticket) not in page
    assert "sudah dinilai" in " ".join(_notices(client.get(_url("rate", ticket))))


def test_rating_only_by_the_reporter(
    client: Client, ticket_world: TicketWorld, chips: dict[str, Any]
) -> None:
    world = ticket_world
    ticket = _resolved(world)
    ticket_confirm(ticket_number=ticket.number, actor=world.reporter_a)
    response = _post(client, world.staff_lpse, "rate", ticket, stars=1)
    assert response.status_code == 302
    assert not TicketRating.objects.filter(ticket=ticket).exists()
    open_ticket = make_ticket(world)
    client.force_login(world.reporter_a)
    assert client.get(_url("rate", open_ticket)).status_code == 302


def test_reject_sends_it_back_to_the_resolver(client: Client, ticket_world: TicketWorld) -> None:
    world = ticket_world
    ticket = _resolved(world)
    before = _events(ticket)
    short = _post(client, world.reporter_a, "reject", ticket, message="belum")
    assert short.status_code == 422
    assert _events(ticket) == before
    response = _post(
        client, world.reporter_a, "reject", ticket, message=LONG, idempotency_key=uuid.uuid4()
    )
    assert response.status_code == 302
    ticket = _fresh(ticket)
    assert (ticket.status, ticket.assignee) == (Status.DIKERJAKAN, world.staff_lpse)
    assert ticket.reopen_count == 1


def test_close_by_the_reporter_only(client: Client, ticket_world: TicketWorld) -> None:
    world = ticket_world
    ticket = make_ticket(world)
    page = _page(client, world.reporter_a, ticket)
    assert 'data-confirm="Apakah Anda yakin akan menutup tiket ini?"' in page
    assert _url("close", ticket) not in _page(client, world.staff_lpse, ticket)
    before = _events(ticket)
    refused = _post(client, world.staff_lpse, "close", ticket)
    assert refused.status_code == 302
    assert _events(ticket) == before
    response = _post(client, world.reporter_a, "close", ticket, reason="Sudah teratasi sendiri.")
    assert "Tiket berhasil ditutup." in _notices(response)
    assert _fresh(ticket).status == Status.DITUTUP
    again = _post(client, world.reporter_a, "close", ticket)
    assert any("Tindakan tidak dapat dilakukan" in n for n in _notices(again))
    assert _events(ticket) == before + 1


# --- Diskusi ----------------------------------------------------------------------------------


def test_comments_and_internal_notes(client: Client, ticket_world: TicketWorld) -> None:
    world = ticket_world
    ticket = _taken(world)
    reporter_page = _page(client, world.reporter_a, ticket)
    assert "Kirim Pesan" in reporter_page
    assert "Catatan internal (tidak terlihat oleh pelapor)" not in reporter_page
    assert "Catatan internal (tidak terlihat oleh pelapor)" in _page(
        client, world.staff_lpse, ticket
    )
    response = _post(client, world.reporter_a, "comment", ticket, message="Halo", internal="on")
    assert "Pesan berhasil terkirim!" in _notices(response)
    assert TicketMessage.objects.get(ticket=ticket, body="Halo").is_internal is False
    _post(client, world.staff_lpse, "comment", ticket, message="Cek log server.", internal="on")
    note = TicketMessage.objects.get(ticket=ticket, body="Cek log server.")
    assert note.is_internal
    assert "Cek log server." not in _page(client, world.reporter_a, ticket)
    assert "Cek log server." in _page(client, world.staff_lpse, ticket)
    key = uuid.uuid4()
    for _ in range(2):
        _post(client, world.reporter_a, "comment", ticket, message="Dua kali", idempotency_key=key)
    assert TicketMessage.objects.filter(ticket=ticket, body="Dua kali").count() == 1


# --- Daftar tiket -----------------------------------------------------------------------------


def test_list_cards_show_the_next_action(client: Client, ticket_world: TicketWorld) -> None:
    world = ticket_world
    fresh = make_ticket(world, title="Tiket baru masuk")
    resolved = _resolved(world)
    client.force_login(world.staff_lpse)
    staff_list = client.get(reverse("tickets:list")).content.decode()
    assert staff_list.count("Ambil Tiket") == 1
    assert _url("take", fresh) in staff_list
    client.force_login(world.reporter_a)
    reporter_list = client.get(reverse("tickets:list")).content.decode()
    assert "Konfirmasi" in reporter_list
    assert f"{_url('detail', resolved)}#konfirmasi" in reporter_list
    assert "Ambil Tiket" not in reporter_list


def test_card_action_agrees_with_allowed_actions(client: Client, ticket_world: TicketWorld) -> None:
    world = ticket_world
    make_ticket(world)
    _taken(world)
    _resolved(world)
    asked = _taken(world)
    ticket_request_feedback(ticket_number=asked.number, actor=world.staff_lpse, message=LONG)
    escalated = _taken(world)
    ticket_escalate(ticket_number=escalated.number, actor=world.staff_lpse, message=LONG)
    mapping = {
        Action.TAKE: "take",
        Action.RESOLVE: "work",
        Action.GIVE_FEEDBACK: "feedback",
        Action.CONFIRM: "confirm",
    }
    for user in (world.reporter_a, world.staff_lpse, world.helpdesk_lkpp):
        for ticket in ticket_list_for(user):
            allowed = allowed_actions(ticket, user)
            expected = next((name for action, name in mapping.items() if action in allowed), "")
            assert card_action(ticket) == expected, (user, ticket.status)


@pytest.mark.parametrize("who", ["reporter_a", "staff_lpse"])
def test_list_query_count_fixed_with_actions(
    client: Client, ticket_world: TicketWorld, who: str
) -> None:
    world = ticket_world
    user = getattr(world, who)

    def count() -> int:
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("tickets:list"), {"per_page": 25}).status_code == 200
        return len(queries)

    make_ticket(world)
    one = count()
    for _ in range(3):
        make_ticket(world)
        _taken(world)
        _resolved(world)
    assert count() == one


@pytest.mark.parametrize("who", ["reporter_a", "staff_lpse"])
def test_detail_query_count_fixed_with_actions(
    client: Client, ticket_world: TicketWorld, who: str
) -> None:
    world = ticket_world
    user = getattr(world, who)
    counts = []
    for messages in (1, 12):
        ticket = _taken(world)
        for n in range(messages):
            ticket_request_feedback(
                ticket_number=ticket.number, actor=world.staff_lpse, message=f"{LONG} {n}"
            )
            ticket_give_feedback(
                ticket_number=ticket.number, actor=world.reporter_a, message=f"{LONG} {n}"
            )
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url("detail", ticket)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 30, counts

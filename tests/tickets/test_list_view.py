"""Daftar Tiket (SPEC R-UI-3, this issue's scope): reporters see their own tickets, staff their
scope; pages never count the whole set and run a fixed number of queries."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lpse_support.accounts.models import User
from tests.support.factories import UserFactory
from tests.support.ticket_world import TicketWorld, make_ticket

pytestmark = pytest.mark.django_db
URL = "/tiket/"


def numbers_in(html: str) -> list[str]:
    return re.findall(r'class="ticket-number[^"]*">(T[A-Z]{2}\d{10})<', html)


def test_anonymous_is_sent_to_login(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == "/akun/masuk/?next=/tiket/"


def test_reporter_sees_only_own_tickets_newest_first(
    client: Client, ticket_world: TicketWorld
) -> None:
    first = make_ticket(ticket_world, title="Tiket pertama saya")
    second = make_ticket(ticket_world, title="Tiket kedua saya")
    other = make_ticket(ticket_world, reporter=ticket_world.reporter_b, title="Tiket orang lain")
    client.force_login(ticket_world.reporter_a)
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tiket Saya" in html
    assert numbers_in(html) == [second.number, first.number]
    assert other.number not in html
    assert f'href="/tiket/{second.number}/"' in html
    assert 'data-menu="semua-tiket" href="/tiket/" aria-current="page"' in html


def test_card_shows_the_fields_of_the_guide(client: Client, ticket_world: TicketWorld) -> None:
    ticket = make_ticket(ticket_world)
    client.force_login(ticket_world.reporter_a)
    html = client.get(URL).content.decode()
    for expected in (
        ticket.number,
        ticket.title,
        "Dibuat Oleh",
        ticket_world.reporter_a.get_full_name(),
        "SPSE 4.5",
        "Dibuat Pada",
        " WIB",
        "Kategori Pelapor",
        "PPK",
        "Asal LPSE",
        "LPSE Kota Makassar",
        "Pengumuman &amp; Dokumen",
        "Lama Pengerjaan",
        "0 Hari",
        "Jenis Tiket",
        "Tiket Umum",
        "Medium",
        "Belum Diambil",
        "Posisi Tiket",
        "Helpdesk LPSE",
    ):
        assert expected in html, expected
    assert re.search(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2} WIB", html)


def test_staff_see_their_scope_with_an_honest_note(
    client: Client, ticket_world: TicketWorld
) -> None:
    mine = make_ticket(ticket_world)
    gowa_reporter = UserFactory.create(
        reporter_category=ticket_world.category_ppk, home_lpse=ticket_world.other_lpse
    )
    elsewhere = make_ticket(ticket_world, reporter=gowa_reporter)
    client.force_login(ticket_world.staff_lpse)
    html = client.get(URL).content.decode()
    assert "Semua Tiket" in html
    for tab in ("Tiket Masuk", "Tiket Ditangani", "Riwayat"):
        assert tab in html
    assert numbers_in(html) == [mine.number]
    assert elsewhere.number not in html
    client.force_login(ticket_world.staff_other_lpse)
    assert numbers_in(client.get(URL).content.decode()) == [elsewhere.number]


def test_page_size_select_and_next_page_link(client: Client, ticket_world: TicketWorld) -> None:
    tickets = [make_ticket(ticket_world, title=f"Tiket {n}") for n in range(12)]
    newest_first = [t.number for t in reversed(tickets)]
    client.force_login(ticket_world.reporter_a)
    html = client.get(URL).content.decode()
    for size in (10, 25, 50, 100):
        assert f'<option value="{size}"' in html
    assert '<option value="10" selected>' in html
    assert numbers_in(html) == newest_first[:10]
    assert 'rel="next" href="?page=2"' in html
    assert 'rel="prev"' not in html

    html = client.get(URL, {"page": 2, "per_page": 10}).content.decode()
    assert numbers_in(html) == newest_first[10:]
    assert 'rel="prev" href="?per_page=10&amp;page=1"' in html
    assert 'rel="next"' not in html

    html = client.get(URL, {"per_page": 25}).content.decode()
    assert '<option value="25" selected>' in html
    assert numbers_in(html) == newest_first
    assert 'rel="next"' not in html

    html = client.get(URL, {"per_page": "7", "page": "x"}).content.decode()
    assert '<option value="10" selected>' in html
    assert len(numbers_in(html)) == 10

    html = client.get(URL, {"page": 9}).content.decode()
    assert numbers_in(html) == []
    assert "Tidak ada tiket di halaman ini." in html


def _counts(client: Client, params: dict[str, str]) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, params).status_code == 200
    return [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]


def test_the_list_never_counts_the_whole_set(client: Client, ticket_world: TicketWorld) -> None:
    make_ticket(ticket_world)
    client.force_login(ticket_world.staff_lpse)
    # The whole scope (Semua Tiket without a filter) is never counted, not even capped; the
    # small tabs' badges are capped counts.
    unfiltered = _counts(client, {"tab": "semua"})
    assert all("LIMIT 10001" in sql.upper() for sql in unfiltered), unfiltered
    assert len(unfiltered) <= 2  # at most the Tiket Masuk and Tiket Ditangani badges
    summary = client.get(URL, {"tab": "semua"}).content.decode().split("result-summary")[1]
    assert "Menampilkan tiket 1–1" in summary[:300]
    assert " dari " not in summary[:300]
    # A filtered list, and a reporter's own tickets, get a capped count.
    filtered = _counts(client, {"tab": "semua", "status": "BARU"})
    assert len(filtered) == len(unfiltered) + 1
    assert all("LIMIT 10001" in sql.upper() for sql in filtered), filtered
    client.force_login(ticket_world.reporter_a)
    mine = _counts(client, {})
    assert mine and all("LIMIT 10001" in sql.upper() for sql in mine), mine


def _queries_for_page(client: Client, user: User, size: int) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"per_page": size})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["reporter_a", "staff_lpse"])
def test_query_count_does_not_grow_with_the_page(
    client: Client, ticket_world: TicketWorld, django_assert_max_num_queries: Any, who: str
) -> None:
    user = getattr(ticket_world, who)
    make_ticket(ticket_world)
    one = _queries_for_page(client, user, 25)
    for n in range(24):
        make_ticket(ticket_world, title=f"Tiket {n}")
    with django_assert_max_num_queries(one):
        client.get(URL, {"per_page": 25})
    many = _queries_for_page(client, user, 25)
    assert many == one
    assert len(numbers_in(client.get(URL, {"per_page": 25}).content.decode())) == 25

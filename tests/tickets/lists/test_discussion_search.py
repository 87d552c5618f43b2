"""Kata kunci also searches the Diskusi (issue 14 item 5): a message that holds every word finds
its ticket, internal notes only for those who may read them, and the card says where the words
were found. Runs on SQLite (icontains) and, with DATABASE_URL, on PostgreSQL (full text)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from lpse_support.tickets.search import TicketQuery, search_tickets
from lpse_support.tickets.services.ticket_comment import ticket_comment
from lpse_support.tickets.services.ticket_take import ticket_take
from tests.support.factories import UserFactory
from tests.support.ticket_world import TicketWorld, make_ticket

pytestmark = pytest.mark.django_db


def found(client: Client, **params: Any) -> dict[str, str]:
    """Ticket number → its "ditemukan di" places (space-separated) on the list page."""
    html = client.get("/tiket/", {"tab": "semua", "per_page": 100, **params}).content.decode()
    cards = re.split(r'<article class="card', html)[1:]
    result = {}
    for card in cards:
        number = re.search(r'class="ticket-number[^"]*">(T[A-Z]{2}\d{10})<', card)
        places = re.search(r'data-found-in="([^"]*)"', card)
        assert number is not None
        result[number.group(1)] = places.group(1) if places else ""
    return result


@pytest.fixture
def discussed(ticket_world: TicketWorld) -> dict[str, Any]:
    w = ticket_world
    plain = make_ticket(w, title="Lupa kata sandi", description="Tidak bisa masuk ke aplikasi.")
    public = make_ticket(w, title="Gagal unggah", description="Unggah berhenti di tengah.")
    ticket_take(ticket_number=public.number, actor=w.staff_lpse)
    ticket_comment(
        ticket_number=public.number,
        actor=w.staff_lpse,
        message="Silakan bersihkan cache peramban lalu coba lagi.",
    )
    internal = make_ticket(w, title="Server lambat", description="Halaman lambat dibuka.")
    ticket_take(ticket_number=internal.number, actor=w.staff_lpse)
    ticket_comment(
        ticket_number=internal.number,
        actor=w.staff_lpse,
        message="Catatan: kuota firewall penuh, cache proxy dimatikan.",
        internal=True,
    )
    titled = make_ticket(
        w, title="Cache SPSE tidak diperbarui", description="Data lama masih tampil di halaman."
    )
    return {"plain": plain, "public": public, "internal": internal, "titled": titled}


def test_staff_find_messages_and_internal_notes(
    client: Client, ticket_world: TicketWorld, discussed: dict[str, Any]
) -> None:
    client.force_login(ticket_world.staff_lpse)
    places = found(client, q="cache")
    assert places == {
        discussed["titled"].number: "judul",
        discussed["internal"].number: "diskusi",
        discussed["public"].number: "diskusi",
    }
    # Every word in one message: "firewall proxy" is one note; "firewall peramban" spans two.
    assert set(found(client, q="firewall proxy")) == {discussed["internal"].number}
    assert found(client, q="firewall peramban") == {}
    assert found(client, q="lambat")[discussed["internal"].number] == "judul deskripsi"


def test_reporters_never_match_internal_notes(
    client: Client, ticket_world: TicketWorld, discussed: dict[str, Any]
) -> None:
    client.force_login(ticket_world.reporter_a)
    assert set(found(client, q="cache")) == {
        discussed["titled"].number,
        discussed["public"].number,
    }
    assert found(client, q="firewall") == {}
    assert not search_tickets(ticket_world.reporter_a, TicketQuery(text="firewall")).exists()


def test_staff_reporting_their_own_ticket_miss_its_internal_notes(
    ticket_world: TicketWorld,
) -> None:
    w = ticket_world
    colleague = UserFactory.create(username="rekan_mks")
    ticket = make_ticket(w, reporter=w.staff_lpse, title="Laporan petugas")
    ticket.team.members.add(colleague)
    ticket_take(ticket_number=ticket.number, actor=colleague)
    ticket_comment(ticket_number=ticket.number, actor=colleague, message="rahasiaku", internal=True)
    assert search_tickets(colleague, TicketQuery(text="rahasiaku")).exists()
    # The reporter of this ticket is staff, yet its internal notes are not theirs to read.
    assert not search_tickets(w.staff_lpse, TicketQuery(text="rahasiaku")).exists()


def test_the_description_entry_is_searched_as_the_ticket(
    client: Client, ticket_world: TicketWorld, discussed: dict[str, Any]
) -> None:
    client.force_login(ticket_world.staff_lpse)
    assert found(client, q="berhenti") == {discussed["public"].number: "deskripsi"}


def test_hostile_words_find_nothing(client: Client, discussed: dict[str, Any]) -> None:
    del discussed
    # Operators and quotes are never read as query syntax (PostgreSQL) and raise nothing.
    for hostile in ("'&|!:*()", "\\", "'' & !"):
        assert not search_tickets_any(hostile), hostile


def search_tickets_any(text: str) -> bool:
    staff = UserFactory._meta.model.objects.get(username="helpdesk_mks")
    return search_tickets(staff, TicketQuery(text=text)).exists()


def test_vendor_path_is_the_one_documented() -> None:
    # On PostgreSQL the index ticket_message_fulltext exists (migration 0011); not on SQLite.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'ticket_message_fulltext'")
            assert cursor.fetchone() is not None
        else:
            names = [row[1] for row in cursor.execute("PRAGMA index_list(tickets_ticketmessage)")]
            assert "ticket_message_fulltext" not in names

"""Exports and PDF under hostile content (issue 10, row 1): whatever a party stored — a pasted
2 MB log, thousands of lines, an unbroken 10,000-character word, long titles and names, many
attachments with long names, huge manual tender data, control characters — Export PDF answers a
valid PDF (never the permanent 500 of a reportlab ``LayoutError``), with everything in it up to
documented bounds, and the print page renders too. Page compression is off so the text can be
found in the bytes."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from lpse_support.accounts.models import Team, User
from lpse_support.tickets import pdf, pdf_bounds
from lpse_support.tickets.models import Ticket, TicketMessage
from lpse_support.tickets.selectors.detail import ticket_detail
from lpse_support.tickets.services.ticket_comment import ticket_comment
from lpse_support.tickets.services.ticket_create import ManualTender
from lpse_support.tickets.workflow import Side
from tests.support.ticket_world import TicketWorld, make_ticket
from tests.support.uploads import sample_upload

pytestmark = pytest.mark.django_db


LOG_LINE = "2026-11-28 09:00:{s:02d} ERROR spse.dokumen GagalUnduh: timeout ke server {n}"


@pytest.fixture(autouse=True)
def _readable_pdf(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(pdf, "PAGE_COMPRESSION", False)
    monkeypatch.setattr(pdf, "INVARIANT", True)
    yield


def log_text(lines: int) -> str:
    return "\n".join(LOG_LINE.format(s=n % 60, n=n) for n in range(lines))


def pages(content: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", content))


def text_of(content: bytes) -> bytes:
    """The PDF's bytes with the string escapes of its text operators undone."""
    return content.replace(b"\\(", b"(").replace(b"\\)", b")").replace(b"\\\\", b"\\")


def export(client: Client, user: User, ticket: Ticket) -> bytes:
    """Export PDF through the view, as a reader clicks it."""
    client.force_login(user)
    response = client.get(reverse("tickets:pdf", args=[ticket.number]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = response.content
    assert content.startswith(b"%PDF-")
    assert content.rstrip().endswith(b"%%EOF")
    return content


def post(world: TicketWorld, ticket: Ticket, body: str, **kwargs: Any) -> None:
    ticket_comment(ticket_number=ticket.number, actor=world.reporter_a, message=body, **kwargs)


def test_70_line_message_exports_for_every_viewer(
    client: Client, ticket_world: TicketWorld
) -> None:
    """The report: a pasted log of ~70 lines made Export PDF answer 500 for everyone."""
    ticket = make_ticket(ticket_world)
    post(ticket_world, ticket, log_text(70))
    for viewer in (ticket_world.reporter_a, ticket_world.staff_lpse):
        content = text_of(export(client, viewer, ticket))
        assert pages(content) > 1
        assert LOG_LINE.format(s=9, n=69).encode() in content


def test_two_megabyte_message_exports_whole(client: Client, ticket_world: TicketWorld) -> None:
    body = log_text(30_000)[: 2 * 1024 * 1024]
    ticket = make_ticket(ticket_world)
    post(ticket_world, ticket, body)
    content = text_of(export(client, ticket_world.reporter_a, ticket))
    assert pages(content) > 300
    last_line = body.rsplit("\n", 1)[-1]
    assert last_line.encode() in content, "the whole message is in the PDF"
    assert b"pesan dipotong" not in content


def test_five_thousand_line_message(client: Client, ticket_world: TicketWorld) -> None:
    ticket = make_ticket(ticket_world)
    post(ticket_world, ticket, log_text(5000))
    content = text_of(export(client, ticket_world.staff_lpse, ticket))
    assert pages(content) > 50
    for n in (0, 2500, 4999):
        assert LOG_LINE.format(s=n % 60, n=n).encode() in content


def test_unbroken_word_of_ten_thousand_characters(
    client: Client, ticket_world: TicketWorld
) -> None:
    word = "https://contoh.example/" + "".join(chr(ord("a") + n % 26) for n in range(10_000))
    ticket = make_ticket(ticket_world, description=word)
    post(ticket_world, ticket, word)
    content = export(client, ticket_world.reporter_a, ticket)
    assert pages(content) > 1
    # Cut by characters into lines that fit the column: every piece is there, in order.
    assert b"https://contoh.example/abcdefghij" in content
    assert word[-30:].encode() in content


def test_long_titles_names_and_team_names(client: Client, ticket_world: TicketWorld) -> None:
    unbroken = "Nama" + "x" * 146
    User.objects.filter(pk=ticket_world.reporter_a.pk).update(full_name=unbroken)
    Team.objects.filter(pk=ticket_world.team_lpse.pk).update(name="Tim" + "y" * 197)
    ticket = make_ticket(ticket_world, title="Judul" + "z" * 95)
    # A row stored before titles were made one line, with every kind of line break.
    Ticket.objects.filter(pk=ticket.pk).update(
        title="Baris satu\r\nBaris dua\u2028Baris tiga\x85Baris empat\x0bakhir"
    )
    post(ticket_world, ticket, "Mohon dicek.")
    content = text_of(export(client, ticket_world.staff_lpse, ticket))
    assert b"Baris satu Baris dua Baris tiga Baris empat akhir" in content
    assert unbroken[:40].encode() in content


def test_many_attachments_with_long_names(client: Client, ticket_world: TicketWorld) -> None:
    names = [f"{'lampiran-bukti-galat-' * 9}{index:02d}.txt" for index in range(40)]
    ticket = make_ticket(ticket_world, files=[sample_upload(name) for name in names[:10]])
    for start in range(10, 40, 10):
        post(
            ticket_world,
            ticket,
            "Lampiran berikutnya.",
            files=[sample_upload(name) for name in names[start : start + 10]],
        )
    content = text_of(export(client, ticket_world.reporter_a, ticket))
    assert pages(content) > 1
    assert b"-39.txt" in content and b"-00.txt" in content


def test_huge_manual_tender_data_is_cut_with_a_note(
    client: Client, ticket_world: TicketWorld
) -> None:
    ticket = make_ticket(
        ticket_world,
        manual_tender=ManualTender(
            spse_build="b" * 1_000_000, procurement_category="kategori " * 100_000
        ),
    )
    content = text_of(export(client, ticket_world.reporter_a, ticket))
    assert content.count(b"(dipotong)") >= 2
    assert pages(content) < 10


def test_control_and_invisible_characters(client: Client, ticket_world: TicketWorld) -> None:
    ticket = make_ticket(ticket_world)
    post(ticket_world, ticket, "bel\x07 esc\x1b[31m rlo\u202etxt zwsp\u200b\ttab\x0cform")
    content = text_of(export(client, ticket_world.reporter_a, ticket))
    assert b"bel esc[31m rlotxt zwsp    tab" in content
    assert b"\x07" not in content and b"\x1b" not in content


def test_text_budget_cuts_oldest_messages_first_with_a_note(
    monkeypatch: pytest.MonkeyPatch, client: Client, ticket_world: TicketWorld
) -> None:
    monkeypatch.setattr(pdf_bounds, "TEXT_BUDGET", 20_000)
    ticket = make_ticket(ticket_world)
    post(ticket_world, ticket, "LAMA " + log_text(400))
    post(ticket_world, ticket, "BARU " + log_text(200))
    content = text_of(export(client, ticket_world.reporter_a, ticket))
    assert b"pesan dipotong, lihat di aplikasi" in content
    assert LOG_LINE.format(s=199 % 60, n=199).encode() in content, "newest stays whole"
    assert LOG_LINE.format(s=399 % 60, n=399).encode() not in content


def test_message_and_history_counts_are_bounded_with_notes(
    monkeypatch: pytest.MonkeyPatch, ticket_world: TicketWorld
) -> None:
    monkeypatch.setattr(pdf_bounds, "MESSAGES_MAX", 3)
    monkeypatch.setattr(pdf_bounds, "EVENTS_MAX", 4)
    ticket = make_ticket(ticket_world)
    for index in range(5):
        post(ticket_world, ticket, f"Pesan nomor {index}")
    content = pdf.render_ticket_pdf(ticket_detail(ticket_world.reporter_a, ticket.number))
    assert b"2 pesan sebelumnya tidak dimuat di PDF" in content
    assert b"2 riwayat sebelumnya tidak dimuat di PDF" in content
    assert b"Pesan nomor 4" in content and b"Pesan nomor 1" not in content


def test_thousands_of_messages_and_history_rows(ticket_world: TicketWorld) -> None:
    """One platypus table of thousands of rows re-measures its rest at every page break; the
    history is drawn in chunks, and only the latest messages and rows are drawn."""
    ticket = make_ticket(ticket_world)
    TicketMessage.objects.bulk_create(
        TicketMessage(ticket=ticket, author=ticket_world.staff_lpse, side=Side.LPSE, body=f"m{n}")
        for n in range(pdf_bounds.MESSAGES_MAX + 100)
    )
    detail = ticket_detail(ticket_world.staff_lpse, ticket.number)
    detail = dataclasses.replace(detail, events=detail.events * (pdf_bounds.EVENTS_MAX + 200))
    content = pdf.render_ticket_pdf(detail)
    assert pages(content) > 20
    assert b"100 pesan sebelumnya tidak dimuat di PDF" in content
    assert b"200 riwayat sebelumnya tidak dimuat di PDF" in content


def test_print_page_renders_the_long_message(client: Client, ticket_world: TicketWorld) -> None:
    body = log_text(30_000)[: 2 * 1024 * 1024]
    ticket = make_ticket(ticket_world)
    post(ticket_world, ticket, body)
    client.force_login(ticket_world.reporter_a)
    response = client.get(reverse("tickets:print", args=[ticket.number]))
    assert response.status_code == 200
    assert body.rsplit("\n", 1)[-1] in response.content.decode()

"""Export PDF (R-PRINT): a real PDF with the ticket's content, safe against hostile text, and
without internal notes for the reporter. Page compression is switched off in these tests so the
text can be found in the bytes without a PDF parser."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from lpse_support.tickets import pdf
from lpse_support.tickets.models import Ticket, TicketMessage
from lpse_support.tickets.selectors.detail import ticket_detail
from lpse_support.tickets.workflow import Side
from tests.support.ticket_world import TicketWorld, make_ticket
from tests.support.uploads import sample_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _readable_pdf(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(pdf, "PAGE_COMPRESSION", False)
    monkeypatch.setattr(pdf, "INVARIANT", True)
    yield


def _pdf(client: Client, user: Any, ticket: Ticket) -> bytes:
    client.force_login(user)
    response = client.get(reverse("tickets:pdf", args=[ticket.number]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{ticket.number}.pdf"'
    return response.content


def test_pdf_is_a_pdf_with_the_ticket(client: Client, ticket_world: TicketWorld) -> None:
    ticket = make_ticket(ticket_world, files=[sample_upload("bukti-layar.png")])
    TicketMessage.objects.create(
        ticket=ticket, author=ticket_world.staff_lpse, side=Side.LPSE, body="Mohon kirim log."
    )
    content = _pdf(client, ticket_world.reporter_a, ticket)
    assert content.startswith(b"%PDF-")
    assert content.rstrip().endswith(b"%%EOF")
    for text in (
        f"Detail Tiket {ticket.number}",
        "Gagal mengunduh dokumen pemilihan",
        "Deskripsi Tiket",
        "File Upload",
        "bukti-layar.png",
        "Diskusi",
        "Mohon kirim log.",
        "Dikirim pada",
        "Halaman 1",
        "Alasan prioritas",
        "LPSE Kota Makassar",
    ):
        assert text.encode() in content, text
    assert b"/Title (Detail Tiket " + ticket.number.encode() in content


def test_pdf_without_files_says_so(client: Client, ticket_world: TicketWorld) -> None:
    content = _pdf(client, ticket_world.reporter_a, make_ticket(ticket_world))
    assert b"Tidak ada file yang di-upload" in content


def test_hostile_title_renders(client: Client, ticket_world: TicketWorld) -> None:
    hostile = "<b>x</b> & <script>alert(1)</script> <para> </font>"
    ticket = make_ticket(
        # Characters outside Helvetica's cp1252 (emoji, CJK) must not break the build either.
        ticket_world,
        title=hostile,
        description=f"{hostile} 😀 中文 {'x' * 20}",
    )
    TicketMessage.objects.create(
        ticket=ticket, author=ticket_world.staff_lpse, side=Side.LPSE, body="</para><br/> & <<<"
    )
    content = _pdf(client, ticket_world.staff_lpse, ticket)
    assert content.startswith(b"%PDF-")
    # The markup came through as literal text, not as formatting.
    assert b"<b>x</b> & <script>" in content.replace(b"\\(", b"(").replace(b"\\)", b")")


def test_reporter_pdf_excludes_internal_notes(client: Client, ticket_world: TicketWorld) -> None:
    ticket = make_ticket(ticket_world)
    TicketMessage.objects.create(
        ticket=ticket,
        author=ticket_world.staff_lpse,
        side=Side.LPSE,
        body="Rahasia dapur helpdesk",
        is_internal=True,
    )
    assert b"Rahasia dapur helpdesk" not in _pdf(client, ticket_world.reporter_a, ticket)
    staff_pdf = _pdf(client, ticket_world.staff_lpse, ticket)
    assert b"Rahasia dapur helpdesk" in staff_pdf
    assert b"Catatan internal" in staff_pdf


def test_long_discussion_spans_pages(ticket_world: TicketWorld) -> None:
    ticket = make_ticket(ticket_world)
    for index in range(60):
        TicketMessage.objects.create(
            ticket=ticket,
            author=ticket_world.staff_lpse,
            side=Side.LPSE,
            body=f"Pesan panjang {index}\n" + "kalimat uji " * 30,
        )
    content = pdf.render_ticket_pdf(ticket_detail(ticket_world.staff_lpse, ticket.number))
    assert b"Halaman 2" in content
    assert b"Pesan panjang 59" in content

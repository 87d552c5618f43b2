"""Detail Tiket (R-UI-5, R-WF-4): every field, files, Diskusi, internal notes, tender data, the
query budget and CSP-safe markup."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lpse_support.tenders.models import Tender, TenderStage
from lpse_support.tickets.models import Ticket, TicketAttachment, TicketMessage
from lpse_support.tickets.services.ticket_create import ManualTender
from lpse_support.tickets.workflow import Side
from tests.support.ticket_world import TicketWorld, make_ticket
from tests.support.uploads import sample_upload

pytestmark = pytest.mark.django_db


def _page(client: Client, user: Any, ticket: Ticket, name: str = "tickets:detail") -> str:
    client.force_login(user)
    response = client.get(reverse(name, args=[ticket.number]))
    assert response.status_code == 200
    return response.content.decode()


def _message(
    ticket: Ticket, author: Any, body: str, *, side: str = Side.LPSE, internal: bool = False
) -> TicketMessage:
    return TicketMessage.objects.create(
        ticket=ticket, author=author, side=side, body=body, is_internal=internal
    )


def test_detail_shows_every_field(client: Client, ticket_world: TicketWorld) -> None:
    world = ticket_world
    ticket = make_ticket(world, error_code="ERR-500")
    html = _page(client, world.reporter_a, ticket)
    local = timezone.localtime(ticket.created_at)
    for text in (
        ticket.number,
        "Belum Diambil",
        "text-bg-primary",
        "Gagal mengunduh dokumen pemilihan",
        "Dibuat Oleh",
        world.reporter_a.full_name,
        world.reporter_a.email,
        "Kategori Pelapor",
        "PPK",
        "Asal LPSE",
        "LPSE Kota Makassar",
        "SPSE 4.5",
        "Pengumuman &amp; Dokumen / Gagal unduh dokumen",
        "Tiket Umum",
        "ERR-500",
        "Medium",
        f"{local:%d/%m/%Y %H:%M} WIB",
        "0 Hari",
        "Posisi Tiket",
        "Helpdesk LPSE",
        "Helpdesk LPSE Makassar",
        "Petugas",
        "Batas respons",
        "Batas penyelesaian",
        "8 jam kerja",
        "24 jam kerja",
        "Deskripsi Tiket",
        "Dokumen pemilihan tidak dapat diunduh sejak pagi tadi.",
        "Riwayat Tiket",
        "Tiket dibuat",
        "Cetak",
        "Export PDF",
        reverse("tickets:pdf", args=[ticket.number]),
    ):
        assert text in html, text


def test_priority_reasons_are_listed(client: Client, ticket_world: TicketWorld) -> None:
    ticket = make_ticket(ticket_world)
    assert ticket.priority_reasons
    html = _page(client, ticket_world.staff_lpse, ticket)
    reasons = re.search(r'<ul class="priority-reasons.*?</ul>', html, re.S)
    assert reasons is not None
    for reason in ticket.priority_reasons:
        assert reason in reasons.group(0)


def test_sla_overdue_says_terlambat(client: Client, ticket_world: TicketWorld) -> None:
    ticket = make_ticket(ticket_world)
    past = timezone.now() - timedelta(hours=3)
    Ticket.objects.filter(pk=ticket.pk).update(response_due_at=past)
    html = _page(client, ticket_world.staff_lpse, ticket)
    assert "Terlambat 3 jam" in html
    assert "Sisa " in html  # the resolution target is still ahead


def test_no_files_message_and_no_zip_button(client: Client, ticket_world: TicketWorld) -> None:
    ticket = make_ticket(ticket_world)
    html = _page(client, ticket_world.reporter_a, ticket)
    assert "File Upload" in html
    assert "Tidak ada file yang di-upload" in html
    assert "Unduh Semua Lampiran" not in html
    assert reverse("tickets:attachments_zip", args=[ticket.number]) not in html


def test_files_are_listed_with_links_and_zip(client: Client, ticket_world: TicketWorld) -> None:
    ticket = make_ticket(
        ticket_world, files=[sample_upload("bukti layar.png"), sample_upload("log.txt")]
    )
    html = _page(client, ticket_world.reporter_a, ticket)
    assert "Tidak ada file yang di-upload" not in html
    assert "bukti layar.png" in html
    assert "log.txt" in html
    assert "Pelapor" in html
    assert reverse("tickets:attachment", args=[ticket.number, 1]) in html
    assert reverse("tickets:attachment", args=[ticket.number, 2]) in html
    assert "Unduh Semua Lampiran" in html
    assert reverse("tickets:attachments_zip", args=[ticket.number]) in html


def test_discussion_in_order_with_sent_time(client: Client, ticket_world: TicketWorld) -> None:
    world = ticket_world
    ticket = make_ticket(world)
    first = _message(ticket, world.staff_lpse, "Kode tender berapa ya?")
    second = _message(ticket, world.reporter_a, "Kode tender 12345678.", side=Side.PELAPOR)
    html = _page(client, world.reporter_a, ticket)
    assert "Diskusi" in html
    assert html.index("Kode tender berapa ya?") < html.index("Kode tender 12345678.")
    assert html.count("Dikirim pada") == 2
    for message in (first, second):
        assert f"{timezone.localtime(message.created_at):%d/%m/%Y %H:%M} WIB" in html
    assert "Helpdesk LPSE" in html
    assert world.staff_lpse.full_name in html


def test_message_body_is_escaped(client: Client, ticket_world: TicketWorld) -> None:
    ticket = make_ticket(ticket_world, title="<b>x</b> & <script>alert(1)</script>")
    _message(ticket, ticket_world.staff_lpse, '<img src=x onerror="alert(1)">')
    html = _page(client, ticket_world.reporter_a, ticket)
    assert "<script>alert(1)" not in html
    assert "&lt;b&gt;x&lt;/b&gt; &amp; &lt;script&gt;" in html
    assert "<img src=x" not in html


def test_internal_note_hidden_from_reporter_shown_to_staff(
    client: Client, ticket_world: TicketWorld
) -> None:
    world = ticket_world
    ticket = make_ticket(world)
    note = _message(ticket, world.staff_lpse, "Catatan rahasia: cek log server.", internal=True)
    TicketAttachment.objects.create(
        ticket=ticket,
        message=note,
        uploaded_by=world.staff_lpse,
        side=Side.LPSE,
        sequence=9,
        file="tickets/x/lpse.txt",
        stored_name=f"lpse_{ticket.number}_009.txt",
        original_name="log-internal.txt",
        size=12,
        content_type="text/plain",
        sha256="0" * 64,
    )
    _message(ticket, world.staff_lpse, "Pesan terbuka untuk pelapor.")

    reporter_html = _page(client, world.reporter_a, ticket)
    assert "Pesan terbuka untuk pelapor." in reporter_html
    assert "Catatan rahasia" not in reporter_html
    assert "log-internal.txt" not in reporter_html
    assert "Catatan internal" not in reporter_html

    for viewer in (world.staff_lpse, world.helpdesk_lkpp):
        if viewer == world.helpdesk_lkpp:
            ticket.team_links.create(team=world.team_lkpp)
        staff_html = _page(client, viewer, ticket)
        assert "Catatan rahasia: cek log server." in staff_html
        assert "Catatan internal" in staff_html
        assert "log-internal.txt" in staff_html

    print_html = _page(client, world.reporter_a, ticket, "tickets:print")
    assert "Catatan rahasia" not in print_html


def test_manual_tender_block_with_rupiah(client: Client, ticket_world: TicketWorld) -> None:
    manual = ManualTender(
        code="10012345",
        spse_build="SPSE v4.5u20240101",
        fiscal_year=2026,
        hps=Decimal("12500000000"),
        procurement_category="Pekerjaan Konstruksi",
    )
    ticket = make_ticket(ticket_world, manual_tender=manual)
    html = _page(client, ticket_world.reporter_a, ticket)
    for text in (
        "Data Tender",
        "Kode Tender",
        "10012345",
        "Rp 12.500.000.000",
        "2026",
        "SPSE v4.5u20240101",
        "Pekerjaan Konstruksi",
        "Isi manual",
    ):
        assert text in html, text


def test_warehouse_tender_block(client: Client, ticket_world: TicketWorld) -> None:
    world = ticket_world
    now = timezone.now()
    tender = Tender.objects.create(
        code="98765432",
        name="Pembangunan Jalan Lingkar",
        lpse=world.lpse,
        satker="Dinas PUPR",
        fiscal_year=2026,
        hps=Decimal("1370200000.50"),
        pagu=Decimal("1500000000"),
        procurement_category="Pekerjaan Konstruksi",
        method="Tender",
        spse_build="SPSE v4.5u20250101",
    )
    end = now + timedelta(hours=30)
    TenderStage.objects.create(
        tender=tender,
        order=1,
        name="Upload Dokumen Penawaran",
        start=now - timedelta(days=1),
        end=end,
    )
    ticket = make_ticket(world, tender_code="98765432")
    html = _page(client, world.staff_lpse, ticket)
    for text in (
        "Pembangunan Jalan Lingkar",
        "Dinas PUPR",
        "Rp 1.370.200.000,50",
        "Tender",
        "Upload Dokumen Penawaran",
        f"berakhir {timezone.localtime(end):%d/%m/%Y %H:%M} WIB",
        "Data warehouse LKPP",
    ):
        assert text in html, text


def test_no_tender_block_without_tender(client: Client, ticket_world: TicketWorld) -> None:
    html = _page(client, ticket_world.reporter_a, make_ticket(ticket_world))
    assert "Data Tender" not in html


def test_print_page_has_no_menu_and_same_content(client: Client, ticket_world: TicketWorld) -> None:
    ticket = make_ticket(ticket_world, files=[sample_upload("bukti.png")])
    _message(ticket, ticket_world.staff_lpse, "Silakan coba lagi.")
    html = _page(client, ticket_world.reporter_a, ticket, "tickets:print")
    assert f"LPSE Support — Detail Tiket {ticket.number}" in html
    assert "Dicetak pada" in html
    assert "SEMUA TIKET" not in html
    assert "navbar" not in html
    for text in ("Deskripsi Tiket", "bukti.png", "Diskusi", "Silakan coba lagi.", "Prioritas"):
        assert text in html
    assert "css/print.css" in html


def _csp_safe(html: str) -> None:
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script"
    assert not re.search(r"<style", html), "style element"
    assert not re.search(r"\sstyle\s*=", html), "style attribute"
    assert not re.search(r"\son[a-z]+\s*=", html), "event handler attribute"


def test_pages_are_csp_safe(client: Client, ticket_world: TicketWorld) -> None:
    ticket = make_ticket(ticket_world, files=[sample_upload("bukti.png")])
    _message(ticket, ticket_world.staff_lpse, "Catatan", internal=True)
    for name in ("tickets:detail", "tickets:print"):
        html = _page(client, ticket_world.staff_lpse, ticket, name)
        _csp_safe(html)
        assert "js/ticket-detail.js" in html
        assert "data-print-page" in html


def _with_messages(world: TicketWorld, count: int) -> Ticket:
    ticket = make_ticket(world, files=[sample_upload("awal.png")])
    for index in range(count):
        message = _message(
            ticket, world.staff_lpse, f"Pesan nomor {index}", internal=index % 2 == 1
        )
        TicketAttachment.objects.create(
            ticket=ticket,
            message=message,
            uploaded_by=world.staff_lpse,
            side=Side.LPSE,
            sequence=100 + index,
            file=f"tickets/{ticket.number}/f{index}.txt",
            stored_name=f"lpse_{ticket.number}_{100 + index:03d}.txt",
            original_name=f"berkas-{index}.txt",
            size=10,
            content_type="text/plain",
            sha256="0" * 64,
        )
        ticket.events.create(actor=world.staff_lpse, action="create", to_status="BARU")
    return ticket


@pytest.mark.parametrize("name", ["tickets:detail", "tickets:print", "tickets:pdf"])
def test_query_count_does_not_grow(
    client: Client, ticket_world: TicketWorld, django_assert_max_num_queries: Any, name: str
) -> None:
    world = ticket_world
    small = _with_messages(world, 1)
    large = _with_messages(world, 20)
    counts = []
    for viewer in (world.staff_lpse, world.reporter_a):
        client.force_login(viewer)
        for ticket in (small, large):
            with django_assert_max_num_queries(20) as captured:
                response = client.get(reverse(name, args=[ticket.number]))
            assert response.status_code == 200
            counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1], counts
    assert counts[2] == counts[3], counts
    if name == "tickets:detail":
        page = client.get(reverse(name, args=[large.number])).content.decode()
        # The last viewer is the reporter: even-numbered messages are public, odd ones internal.
        assert "Pesan nomor 18" in page
        assert "berkas-18.txt" in page
        assert "Pesan nomor 19" not in page
        assert "berkas-19.txt" not in page

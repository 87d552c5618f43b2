"""The ticket workflow in a real browser, one browser context per person (guide §4.2.3, SPEC §4):
Gambar 2 — a PPK's ticket through tier 1, feedback, escalation, tier 2, a rejected and a
confirmed resolution, and the rating; Gambar 1 — a tier-1 helpdesk's own ticket handled in tier
2 and rated low; and a vendor closing their own ticket."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from lpse_support.demo.checks import DEMO_PASSWORD
from lpse_support.tickets.models import Ticket, TicketRating
from lpse_support.tickets.workflow import Status
from tests.support.confirm_dialog import answer_confirm, refuse_browser_dialogs
from tests.support.demo_tickets import file_ticket
from tests.support.uploads import PNG_BYTES

PNG = PNG_BYTES  # a real image: uploads are decoded by Pillow


class Person:
    """One user in their own browser context, logged in through the login form."""

    def __init__(self, browser: Any, site: str, username: str, width: int = 1280) -> None:
        self.site = site
        self.username = username
        self.context = browser.new_context(viewport={"width": width, "height": 900}, locale="id-ID")
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on(
            "console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None
        )
        refuse_browser_dialogs(self.page, self.errors)
        self.page.goto(f"{site}/akun/masuk/")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(DEMO_PASSWORD)
        self.page.get_by_role("button", name="Masuk").click()
        self.page.wait_for_url(f"{site}/")

    def open(self, ticket: Ticket) -> Any:
        self.page.goto(f"{self.site}/tiket/{ticket.number}/")
        return self.page

    def notice(self, text: str) -> None:
        self.page.locator(".messages").get_by_text(text).wait_for()

    def take(self, ticket: Ticket) -> None:
        page = self.open(ticket)
        page.locator("#ambil").get_by_role("button", name="Ambil Tiket").click()
        answer_confirm(page, "Apakah Anda yakin akan mengambil tiket ini?")
        self.notice("Tiket berhasil diambil!")

    def work(self, ticket: Ticket, action: str, message: str, *, party: str = "") -> None:
        page = self.open(ticket)
        form = page.locator("form.work-form")
        form.locator("label", has_text=action).click()
        if party:
            form.locator("label", has_text=party).click()
        form.locator("textarea[name=message]").fill(message)
        form.get_by_role("button", name="Kirim Tiket").click()
        answer_confirm(page, "Apakah semua data sudah benar?")
        self.notice("Tiket berhasil dikerjakan!")

    def answer(self, ticket: Ticket, message: str, *, shot: Path | None = None) -> None:
        page = self.open(ticket)
        block = page.locator("#feedback")
        assert "meminta feedback dari Anda" in block.inner_text()
        block.locator("textarea[name=message]").fill(message)
        if shot is not None:
            block.scroll_into_view_if_needed()
            page.screenshot(path=str(shot), full_page=True, animations="disabled")
        block.get_by_role("button", name="Beri Feedback").click()
        answer_confirm(page, "Apakah semua data sudah benar?")
        self.notice("Feedback berhasil terkirim!")

    def rate(self, stars: int, chips: list[str], message: str, *, shot: Path | None) -> None:
        page = self.page
        page.wait_for_url(re.compile(r"/penilaian/$"))
        page.locator(f"label[for=rating_stars_{stars - 1}]").click()
        for label in chips:
            page.locator(".rating-chip:not([hidden]) label", has_text=label).click()
        page.get_by_label("Ada pesan untuk kami?").fill(message)
        if shot is not None:
            page.screenshot(path=str(shot), full_page=True, animations="disabled")
        page.get_by_role("button", name="Kirim Penilaian").click()
        self.notice("Terima kasih telah memberikan penilaian atas pelayanan kami")

    def close(self) -> None:
        assert not self.errors, self.errors
        self.context.close()


def status_of(ticket: Ticket) -> str:
    return Ticket.objects.get(pk=ticket.pk).status


def test_gambar_2_ppk_ticket_through_two_tiers(
    browser: Any, demo_site: str, artifacts_dir: Path, tmp_path: Path
) -> None:
    ticket = file_ticket("ppk1", title="Gagal unggah dokumen kontrak")
    assert ticket.team.tier == 1
    evidence = tmp_path / "bukti-galat.png"
    evidence.write_bytes(PNG)
    ppk = Person(browser, demo_site, "ppk1")
    lpse = Person(browser, demo_site, "helpdesk_lpse1")
    teknis = Person(browser, demo_site, "helpdesk_lkpp_teknis")

    lpse.take(ticket)
    page = lpse.open(ticket)
    page.locator("#kerjakan").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / "workflow-kerjakan.png"), full_page=True)
    lpse.work(ticket, "Butuh Feedback", "Mohon kirimkan kode tender dan tangkapan layar galat.")
    assert status_of(ticket) == Status.MENUNGGU_FEEDBACK

    ppk.answer(
        ticket,
        "Kode tender 10023456, galat muncul saat menekan tombol unggah.",
        shot=artifacts_dir / "workflow-feedback.png",
    )
    assert status_of(ticket) == Status.DIKERJAKAN

    page = lpse.open(ticket)
    form = page.locator("form.work-form")
    form.locator("label", has_text="Eskalasi Tiket").click()
    assert "Helpdesk LKPP Teknis" in form.inner_text()
    form.locator("textarea[name=message]").fill("Perlu pengecekan server oleh Helpdesk LKPP.")
    form.locator("input[type=file]").set_input_files(str(evidence))
    # Sent ahead by tus as soon as it is chosen (upload-widget.js); the form carries its id.
    expect(form.locator('.upload-row[data-state="done"]')).to_have_count(1)
    form.get_by_role("button", name="Kirim Tiket").click()
    answer_confirm(page, "Apakah semua data sudah benar?")
    lpse.notice("Tiket berhasil dikerjakan!")
    escalated = Ticket.objects.get(pk=ticket.pk)
    assert (escalated.status, escalated.team.tier) == (Status.BARU, 2)

    teknis.take(ticket)
    teknis.work(
        ticket,
        "Butuh Feedback",
        "Mohon konfirmasi versi SPSE yang dipakai LPSE Anda.",
        party="Tim yang mengeskalasi",
    )
    assert Ticket.objects.get(pk=ticket.pk).feedback_team_id == escalated.previous_team_id

    lpse.answer(ticket, "LPSE Kota Makassar memakai SPSE versi 4.5 terbaru.")
    teknis.work(ticket, "Selesaikan Masalah", "Cache server sudah dibersihkan, silakan coba.")
    assert status_of(ticket) == Status.MENUNGGU_KONFIRMASI

    page = ppk.open(ticket)
    block = page.locator("#konfirmasi")
    assert "Apakah masalah Anda telah terselesaikan?" in block.inner_text()
    block.get_by_role("button", name="Masalah Belum Terselesaikan").click()
    block.locator("textarea[name=message]").fill("Masih gagal, pesan galat yang sama muncul lagi.")
    block.get_by_role("button", name="Kirim", exact=True).click()
    answer_confirm(page, "Apakah semua data sudah benar?")
    ppk.notice("Tiket dikembalikan kepada petugas")
    assert status_of(ticket) == Status.DIKERJAKAN

    teknis.work(ticket, "Selesaikan Masalah", "Konfigurasi unggah sudah diperbaiki, silakan coba.")
    page = ppk.open(ticket)
    page.locator("#konfirmasi").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / "workflow-konfirmasi.png"), full_page=True)
    page.locator("#konfirmasi").get_by_role("button", name="Ya, Sudah Selesai").click()
    answer_confirm(page, "Apakah semua data sudah benar?")
    ppk.rate(
        5,
        ["Kecepatan penanganan", "Ketepatan solusi"],
        "Terima kasih, penanganannya cepat.",
        shot=artifacts_dir / "workflow-rating.png",
    )
    rating = TicketRating.objects.get(ticket=ticket)
    assert rating.stars == 5
    assert sorted(c.label for c in rating.chips.all()) == [
        "Kecepatan penanganan",
        "Ketepatan solusi",
    ]
    assert "5/5" in ppk.page.locator(".given-rating").inner_text()
    for person in (ppk, lpse, teknis):
        person.close()


def test_gambar_1_helpdesk_ticket_and_a_force_close(
    browser: Any, demo_site: str, artifacts_dir: Path
) -> None:
    ticket = file_ticket("helpdesk_lpse1", kind="NON_TEKNIS", title="Paket tidak tampil")
    assert ticket.team.tier == 2
    handler_name = (
        "helpdesk_lkpp_teknis" if ticket.team.kind == "teknis" else "helpdesk_lkpp_nonteknis"
    )
    handler = Person(browser, demo_site, handler_name)
    handler.take(ticket)
    handler.work(ticket, "Selesaikan Masalah", "Paket sudah ditampilkan kembali oleh sistem.")

    lpse = Person(browser, demo_site, "helpdesk_lpse1", width=390)
    lpse.page.goto(f"{demo_site}/tiket/")
    card = lpse.page.locator(".ticket-card", has_text=ticket.number)
    card.get_by_role("link", name="Konfirmasi").click()
    lpse.page.locator("#konfirmasi").get_by_role("button", name="Ya, Sudah Selesai").click()
    answer_confirm(lpse.page, "Apakah semua data sudah benar?")
    lpse.rate(
        2,
        ["Kejelasan jawaban"],
        "Mohon penjelasan yang lebih rinci.",
        shot=artifacts_dir / "workflow-rating-phone.png",
    )
    rating = TicketRating.objects.get(ticket=ticket)
    assert rating.stars == 2
    assert [c.label for c in rating.chips.all()] == ["Kejelasan jawaban"]

    own = file_ticket("penyedia1", title="Tidak bisa login ke SPSE")
    vendor = Person(browser, demo_site, "penyedia1")
    page = vendor.open(own)
    page.locator("#tutup summary").click()
    page.locator("#tutup textarea").fill("Sudah bisa login setelah ganti kata sandi.")
    page.locator("#tutup").get_by_role("button", name="Tutup Tiket").click()
    answer_confirm(page, "Apakah Anda yakin akan menutup tiket ini?")
    vendor.notice("Tiket berhasil ditutup.")
    assert status_of(own) == Status.DITUTUP
    for person in (handler, lpse, vendor):
        person.close()

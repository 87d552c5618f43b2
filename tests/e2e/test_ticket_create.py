"""A PPK files a ticket in a real browser (guide §4.2.1, Gambar 10–14): tender autocomplete,
live priority raised by a closing stage, two attachments, the confirmation, the success notice."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.utils import timezone

from lpse_support.demo.checks import DEMO_PASSWORD
from lpse_support.tenders.models import TenderStage
from lpse_support.tickets.models import Ticket
from tests.support.uploads import PNG_BYTES

PNG = PNG_BYTES  # a real image: uploads are decoded by Pillow
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
SUBCATEGORY = "Gagal Upload/Kirim Dokumen Penawaran"


def closing_tender_code() -> str:
    """A seeded tender whose current stage closes within 24 hours (R-PRI: +2 levels)."""
    now = timezone.now()
    stage = (
        TenderStage.objects.filter(
            start__lte=now, end__gt=now + timedelta(minutes=30), end__lte=now + timedelta(hours=23)
        )
        .order_by("end")
        .select_related("tender")
        .first()
    )
    assert stage is not None, "seed_demo should hold a tender whose stage closes within 24 h"
    return stage.tender.code


def login(page: Any, site: str, username: str = "ppk1") -> None:
    page.goto(f"{site}/akun/masuk/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{site}/")


def wait_options(page: Any, select_id: str) -> None:
    """Until htmx has replaced the grouped no-JS list with the chosen parent's options (CSP
    forbids eval, so no wait_for_function)."""
    from playwright.sync_api import expect

    expect(page.locator(f"#{select_id} optgroup")).to_have_count(0)
    expect(page.locator(f'#{select_id} option:not([value=""])').first).to_be_attached()


def test_ppk_files_a_ticket_with_a_closing_tender(
    browser: Any, demo_site: str, artifacts_dir: Path, tmp_path: Path
) -> None:
    code = closing_tender_code()
    png, pdf = tmp_path / "layar-error.png", tmp_path / "bukti.pdf"
    png.write_bytes(PNG)
    pdf.write_bytes(PDF)

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = context.new_page()
    console_errors: list[str] = []
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    login(page, demo_site)

    page.get_by_role("link", name="BUAT TIKET").first.click()
    page.wait_for_url(f"{demo_site}/tiket/baru/")
    assert page.locator("#reporter-name").input_value().startswith("Andi Rahmat Syarif")
    page.locator("#id_title").fill("Gagal kirim dokumen penawaran menjelang batas waktu")
    assert page.locator("#title-counter").inner_text() == "51/100"

    page.locator("#id_application").select_option(label="SPSE")
    wait_options(page, "id_version")
    page.locator("#id_version").select_option(label="v4.5")

    page.locator("#id_tender_code-ts-control").fill(code)
    option = page.locator(f'.ts-dropdown .option[data-value="{code}"]')
    option.wait_for(state="visible")
    assert " — " in option.inner_text()
    option.click()
    assert page.locator("#id_tender_code").input_value() == code

    wait_options(page, "id_category")
    page.locator("#id_category").select_option(label="Tender/Seleksi – Penyedia")
    wait_options(page, "id_subcategory")
    page.locator("#id_subcategory").select_option(label=SUBCATEGORY)

    preview = page.locator("#priority-preview")
    preview.get_by_text("berakhir dalam").wait_for()
    assert preview.locator(".priority-badge").inner_text() == "Emergency"
    assert "Tiket ini akan dikirimkan ke" in preview.inner_text()

    page.locator("#id_description").fill(
        "Saat mengirim dokumen penawaran muncul pesan gagal unggah berulang kali."
    )
    page.locator("#file-list input[type=file]").set_input_files(str(png))
    page.locator("#file-list input[type=file]").set_input_files(str(pdf))
    from playwright.sync_api import expect

    expect(page.locator('#file-list .upload-row[data-state="done"]')).to_have_count(2)
    assert "bukti.pdf" in page.locator("#file-list").inner_text()
    page.screenshot(path=str(artifacts_dir / "create-form-desktop.png"), full_page=True)

    page.get_by_role("button", name="Kirim Tiket").click()
    modal = page.locator("#confirm-dialog")
    modal.get_by_text("Apakah data tiket sudah sesuai?").wait_for()
    assert "Tiket ini akan dikirimkan ke" in modal.inner_text()
    assert "Gagal kirim dokumen penawaran menjelang batas waktu" in modal.inner_text()
    modal.get_by_role("button", name="Ya").click()

    page.wait_for_url(f"{demo_site}/tiket/")
    notice = page.locator(".messages").inner_text()
    assert "Sukses" in notice and "berhasil disimpan!" in notice
    match = re.search(r"TPS\d{10}", notice)
    assert match
    page.screenshot(path=str(artifacts_dir / "create-success.png"), full_page=True)

    ticket = Ticket.objects.get(number=match.group(0))
    assert ticket.tender_code == code
    assert ticket.priority.name == "Emergency"
    assert ticket.attachments.count() == 2
    page.get_by_role("link", name=ticket.title).click()
    page.wait_for_url(f"{demo_site}/tiket/{ticket.number}/")
    assert ticket.number in page.locator("main").inner_text()
    assert not [e for e in console_errors if "Content Security Policy" in e], console_errors
    context.close()

    # The LPSE helpdesk of the reporter's LPSE has it in scope; another reporter does not.
    for username, status in (("helpdesk_lpse1", 200), ("penyedia1", 404)):
        other = browser.new_context(viewport={"width": 1280, "height": 800}, locale="id-ID")
        other_page = other.new_page()
        login(other_page, demo_site, username)
        response = other_page.goto(f"{demo_site}/tiket/{ticket.number}/")
        assert response is not None and response.status == status, username
        if status == 200:
            assert ticket.title in other_page.locator("main").inner_text()
            other_page.screenshot(
                path=str(artifacts_dir / "detail-helpdesk-lpse1.png"), full_page=True
            )
        other.close()


def test_create_form_on_a_phone(browser: Any, demo_site: str, artifacts_dir: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    page = context.new_page()
    login(page, demo_site)
    page.goto(f"{demo_site}/tiket/baru/")
    page.locator("#id_application").select_option(label="SPSE")
    wait_options(page, "id_category")
    page.locator("#id_manual").check()
    assert page.locator("#id_manual_code").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    page.screenshot(path=str(artifacts_dir / "create-form-phone.png"), full_page=True)
    context.close()


def test_an_empty_form_is_not_confirmed_and_the_description_counts(
    browser: Any, demo_site: str, artifacts_dir: Path
) -> None:
    # Issue 17 item 5: "Kirim Tiket" on an empty form opened the confirmation ("Ya" then showed
    # the errors); Deskripsi had no live counter.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = context.new_page()
    login(page, demo_site)
    page.goto(f"{demo_site}/tiket/baru/")
    page.get_by_role("button", name="Kirim Tiket").click()
    notice = page.locator("#missing-fields")
    notice.wait_for()
    assert not page.locator("#confirm-dialog").is_visible()
    listed = notice.inner_text()
    for label in ("Judul", "Aplikasi", "Deskripsi"):
        assert label in listed, listed
    assert "is-invalid" in (page.locator("#id_title").get_attribute("class") or "")
    counter = page.locator('[data-counter-for="id_description"]')
    assert counter.inner_text() == "0/15"
    page.locator("#id_description").fill("Terlalu pendek")
    assert counter.inner_text() == "14/15"
    page.locator("#id_description").fill("Dokumen penawaran gagal dikirim.")
    assert counter.inner_text() == "32/15"
    assert "is-invalid" not in (page.locator("#id_description").get_attribute("class") or "")
    page.screenshot(path=str(artifacts_dir / "create-form-missing.png"), full_page=True)
    context.close()

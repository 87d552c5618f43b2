"""Daftar Tiket in a real browser (issue 5 §9): helpdesk_lpse1 switches tabs, searches by number
and with Advance (the URL keeps the search; the back button works), exports CSV and Excel (the
files open and hold the rows), and sees a ticket that ppk1 files in a second browser appear in
Tiket Masuk — and a message appear in the Diskusi while typing — without reloading. Phone-width
screenshots of the list and the dashboard go to test-artifacts/."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from openpyxl import load_workbook

from lpse_support.accounts.models import User
from lpse_support.tickets.services.ticket_comment import ticket_comment
from lpse_support.tickets.services.ticket_take import ticket_take
from tests.e2e.test_ticket_create import SUBCATEGORY, wait_options
from tests.e2e.test_workflow_flows import Person
from tests.support.demo_tickets import file_ticket


def file_in_browser(page: Any, site: str, title: str) -> str:
    """ppk1 fills Buat Tiket Baru and confirms (guide §4.2.1); returns the new number."""
    page.goto(f"{site}/tiket/baru/")
    page.locator("#id_title").fill(title)
    page.locator("#id_application").select_option(label="SPSE")
    wait_options(page, "id_version")
    page.locator("#id_version").select_option(label="v4.5")
    wait_options(page, "id_category")
    page.locator("#id_category").select_option(label="Tender/Seleksi – Penyedia")
    wait_options(page, "id_subcategory")
    page.locator("#id_subcategory").select_option(label=SUBCATEGORY)
    page.locator("#id_description").fill("Dokumen penawaran gagal dikirim sejak pagi tadi.")
    page.get_by_role("button", name="Kirim Tiket").click()
    page.locator("#confirm-dialog").get_by_role("button", name="Ya").click()
    page.wait_for_url(f"{site}/tiket/")
    match = re.search(r"TPS\d{10}", page.locator(".messages").inner_text())
    assert match, "the success notice names the new ticket"
    return match.group(0)


def card_numbers(page: Any) -> list[str]:
    return [text.strip() for text in page.locator(".ticket-card .ticket-number").all_inner_texts()]


@pytest.fixture
def fast_live(settings: Any) -> None:
    settings.LPSE_SUPPORT = {**settings.LPSE_SUPPORT, "LIVE_POLL_SECONDS": 2}


def test_helpdesk_tabs_search_exports_and_live_list(
    browser: Any, demo_site: str, fast_live: None, artifacts_dir: Path
) -> None:
    waiting = file_ticket("ppk1", title="Jadwal tender tidak bisa diubah")
    taken = file_ticket("ppk1", title="Dokumen kontrak gagal diunggah")
    helpdesk_user = User.objects.get(username="helpdesk_lpse1")
    ticket_take(ticket_number=taken.number, actor=helpdesk_user)

    helpdesk = Person(browser, demo_site, "helpdesk_lpse1")
    page = helpdesk.page
    page.goto(f"{demo_site}/tiket/?tab=masuk")
    assert card_numbers(page) == [waiting.number]
    page.locator(".ticket-tabs").get_by_role("link", name="Tiket Ditangani").click()
    page.wait_for_url("**tab=ditangani**")
    assert card_numbers(page) == [taken.number]
    page.locator(".ticket-tabs").get_by_role("link", name="Semua Tiket").click()
    page.wait_for_url("**tab=semua**")
    assert sorted(card_numbers(page)) == sorted([waiting.number, taken.number])

    # No. Tiket: exact number.
    page.get_by_placeholder("Cari nomor tiket").fill(taken.number.lower())
    page.get_by_role("button", name="Cari", exact=True).click()
    page.wait_for_url("**nomor=**")
    assert card_numbers(page) == [taken.number]
    assert parse_qs(urlparse(page.url).query)["nomor"] == [taken.number.lower()]

    # Advance: Judul + Status Tiket; the back button returns to the number search.
    page.goto(f"{demo_site}/tiket/?tab=semua")
    page.get_by_role("button", name="Advance").click()
    page.get_by_label("Judul").fill("jadwal")
    page.get_by_label("Status Tiket").select_option(label="Belum Diambil")
    page.get_by_role("button", name="Cari Tiket").click()
    page.wait_for_url("**judul=jadwal**")
    assert card_numbers(page) == [waiting.number]
    page.get_by_label("Status Tiket").select_option(label="Sedang Dikerjakan")
    page.get_by_role("button", name="Cari Tiket").click()
    page.wait_for_url("**status=DIKERJAKAN**")
    assert card_numbers(page) == []
    assert "Tidak ada tiket yang cocok" in page.locator(".empty-list").inner_text()
    page.go_back()
    page.wait_for_url("**status=BARU**")
    assert card_numbers(page) == [waiting.number]

    # Exports of the current search: CSV and Excel hold exactly its rows.
    with page.expect_download() as csv_download:
        page.get_by_role("link", name="Export CSV").click()
    csv_path = csv_download.value.path()
    rows = list(csv.reader(io.StringIO(Path(csv_path).read_text(encoding="utf-8-sig"))))
    assert rows[0][0] == "No. Tiket"
    assert [row[0] for row in rows[1:]] == [waiting.number]
    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Export Excel").click()
    xlsx_bytes = io.BytesIO(Path(xlsx_download.value.path()).read_bytes())
    sheet = load_workbook(xlsx_bytes, read_only=True).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "No. Tiket"
    assert [row[0] for row in values[1:]] == [waiting.number]

    # Live: ppk1 files a ticket; it appears in Tiket Masuk without a reload.
    page.goto(f"{demo_site}/tiket/?tab=masuk")
    page.get_by_placeholder("Cari nomor tiket").fill("TPS")  # typed, not submitted
    marker = page.evaluate("() => { window.__notReloaded = true; return true; }")
    assert marker
    ppk = Person(browser, demo_site, "ppk1")
    fresh_number = file_in_browser(ppk.page, demo_site, "Penawaran tidak terkirim menjelang batas")
    page.locator(".ticket-card .ticket-number", has_text=fresh_number).wait_for(timeout=15_000)
    ppk.close()
    assert page.evaluate("() => window.__notReloaded === true")
    assert page.get_by_placeholder("Cari nomor tiket").input_value() == "TPS"
    badge = page.locator('.ticket-tabs [data-tab="masuk"] [data-tab-count]')
    assert badge.inner_text().strip() == "2"

    # Live on the detail page: a reply appears while the agent is typing; the typing survives.
    page.goto(f"{demo_site}/tiket/{taken.number}/")
    box = page.locator("#diskusi textarea[name=message]")
    box.fill("Sedang saya periksa, mohon")
    ticket_comment(
        ticket_number=taken.number,
        actor=User.objects.get(username="ppk1"),
        message="Terlampir tangkapan layar terbaru dari pelapor.",
    )
    page.locator(".discussion").get_by_text("Terlampir tangkapan layar terbaru").wait_for(
        timeout=15_000
    )
    assert box.input_value() == "Sedang saya periksa, mohon"
    helpdesk.close()


def test_list_and_dashboard_at_phone_width(
    browser: Any, demo_site: str, artifacts_dir: Path
) -> None:
    for title in ("Tidak bisa login SPSE", "Kode tender tidak ditemukan"):
        file_ticket("ppk1", title=title)
    helpdesk = Person(browser, demo_site, "helpdesk_lpse1", width=390)
    page = helpdesk.page
    page.screenshot(path=str(artifacts_dir / "dashboard-counters-phone.png"), full_page=True)
    page.locator(".counter-link", has_text="Belum Diambil").click()
    page.wait_for_url("**tab=masuk**")
    assert len(card_numbers(page)) == 2
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"the list scrolls sideways at phone width ({width}px)"
    page.screenshot(path=str(artifacts_dir / "list-masuk-phone.png"), full_page=True)
    helpdesk.close()


def test_advance_offers_only_the_chosen_applications_versions_and_a_date_picker(
    browser: Any, demo_site: str
) -> None:
    # Issue 17 item 3: every version of every application stayed in Versi; dates were text.
    helpdesk = Person(browser, demo_site, "helpdesk_lpse1")
    page = helpdesk.page
    page.goto(f"{demo_site}/tiket/?tab=semua")
    page.get_by_role("button", name="Advance").click()
    versions = page.locator("#id_versi option")
    everything = versions.count()
    page.locator("#id_aplikasi").select_option(label="SPSE")
    offered = [
        text.strip()
        for text in page.locator("#id_versi option:not([hidden])").all_inner_texts()
        if text.strip() != "Semua versi"
    ]
    assert offered and all(text.startswith("SPSE ") for text in offered), offered
    assert len(offered) < everything - 1
    page.locator("#id_versi").select_option(label=offered[0])
    page.locator("#id_aplikasi").select_option(label="SiRUP")
    assert page.locator("#id_versi").input_value() == ""  # a SPSE version no longer fits
    assert page.locator("#id_dari").get_attribute("type") == "date"
    page.locator("#id_dari").fill("2026-11-01")
    page.get_by_role("button", name="Cari Tiket").click()
    page.wait_for_url(re.compile(r".*dari=2026-11-01.*"))
    assert page.locator("#id_dari").input_value() == "2026-11-01"
    assert helpdesk.errors == []
    helpdesk.context.close()

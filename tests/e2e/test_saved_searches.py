"""Pencarian tersimpan in a real browser (issue 14 item 5): helpdesk_lpse1 saves an Advance
search shared with the Makassar team; verifikator_lpse1 sees it as a tab with its count and
opens it. Screenshots at 1280 and 390 px go to test-artifacts/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.e2e.test_ticket_lists import card_numbers
from tests.e2e.test_workflow_flows import Person
from tests.support.demo_tickets import file_ticket


def test_shared_saved_search_appears_with_its_count(
    browser: Any, demo_site: str, artifacts_dir: Path
) -> None:
    first = file_ticket("ppk1", title="Jadwal tender tidak bisa diubah")
    second = file_ticket("ppk1", title="Jadwal lelang bergeser sendiri")
    file_ticket("ppk1", title="Dokumen kontrak gagal diunggah")

    helpdesk = Person(browser, demo_site, "helpdesk_lpse1")
    page = helpdesk.page
    page.goto(f"{demo_site}/tiket/?tab=semua")
    page.get_by_role("button", name="Advance").click()
    page.get_by_label("Judul").fill("jadwal")
    page.get_by_label("Status Tiket").select_option(label="Belum Diambil")
    page.get_by_role("button", name="Cari Tiket").click()
    page.wait_for_url("**judul=jadwal**")
    assert sorted(card_numbers(page)) == sorted([first.number, second.number])
    page.get_by_text("Simpan pencarian ini").click()
    page.get_by_label("Nama pencarian").fill("Jadwal belum diambil")
    page.get_by_label("Bagikan dengan").select_option(label="Helpdesk LPSE Kota Makassar")
    page.screenshot(path=str(artifacts_dir / "saved-search-save-1280.png"), full_page=False)
    page.get_by_role("button", name="Simpan", exact=True).click()
    helpdesk.notice("Pencarian “Jadwal belum diambil” disimpan.")
    # The creator (and team lead) may rename it; seen at phone width.
    page.set_viewport_size({"width": 390, "height": 900})
    page.get_by_text("Kelola pencarian tersimpan").click()
    rename = page.locator(".saved-search-manage").get_by_label("Nama baru")
    rename.fill("Jadwal baru masuk")
    page.screenshot(path=str(artifacts_dir / "saved-search-manage-390.png"), full_page=False)
    page.get_by_role("button", name="Ubah nama").click()
    helpdesk.notice("Nama pencarian diubah menjadi “Jadwal baru masuk”.")
    helpdesk.close()

    verifikator = Person(browser, demo_site, "verifikator_lpse1")
    page = verifikator.page
    page.goto(f"{demo_site}/tiket/")
    tab = page.locator(".saved-search-tabs a", has_text="Jadwal baru masuk")
    assert tab.locator("[data-saved-count]").inner_text().strip() == "2"
    page.screenshot(path=str(artifacts_dir / "saved-search-tabs-1280.png"), full_page=False)
    tab.click()
    page.wait_for_url("**judul=jadwal**")
    assert sorted(card_numbers(page)) == sorted([first.number, second.number])
    assert "aria-current" in (tab.evaluate("el => el.outerHTML") or "")
    # Not the creator and not the team's lead: no rename/delete for this view.
    page.get_by_text("Kelola pencarian tersimpan").click()
    assert page.locator(".saved-search-manage form").count() == 0
    verifikator.close()

    phone = Person(browser, demo_site, "verifikator_lpse1", width=390)
    phone.page.goto(f"{demo_site}/tiket/?q=jadwal")
    phone.page.screenshot(path=str(artifacts_dir / "saved-search-390.png"), full_page=True)
    assert phone.page.locator(".card-found-in").first.inner_text().strip().endswith("judul")
    phone.close()

"""Aksi massal in a real browser (issue 14 item 4): helpdesk_lpse1 ticks "Pilih semua di halaman
ini", keeps the selection while a live update morphs the list, takes 10 tickets at once through
the confirmation dialog and reads "Hasil aksi massal" (10 taken, the one already taken refused
with its reason); then releases two with one reason asked in the dialog. Screenshots of the list
with the bulk bar, the dialog and the result page at 1280 and 390 px go to test-artifacts/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lpse_support.accounts.models import User
from lpse_support.tickets.models import Ticket
from lpse_support.tickets.services.ticket_comment import ticket_comment
from lpse_support.tickets.services.ticket_take import ticket_take
from lpse_support.tickets.workflow import Status
from tests.e2e.test_workflow_flows import Person
from tests.support.demo_tickets import file_ticket


@pytest.fixture
def fast_live(settings: Any) -> None:
    settings.LPSE_SUPPORT = {**settings.LPSE_SUPPORT, "LIVE_POLL_SECONDS": 2}


def checked(page: Any) -> int:
    return int(page.locator("input[data-bulk-select]:checked").count())


def test_bulk_take_of_ten_tickets_and_release_with_one_reason(
    browser: Any, demo_site: str, fast_live: None, artifacts_dir: Path
) -> None:
    fresh = [file_ticket("ppk1", title=f"Aksi massal tiket nomor {n + 1}") for n in range(10)]
    agent = User.objects.get(username="helpdesk_lpse1")
    busy = file_ticket("ppk1", title="Sudah diambil sebelumnya")
    helpdesk = Person(browser, demo_site, "helpdesk_lpse1")
    page = helpdesk.page
    page.goto(f"{demo_site}/tiket/?tab=masuk&per_page=25")
    assert page.locator("input[data-bulk-select]").count() == 11
    page.get_by_label("Pilih semua di halaman ini").check()
    assert checked(page) == 11
    assert page.locator("[data-bulk-count]").inner_text() == "11"

    # A live update morphs the list: the ticks stay (the region is not frozen for them).
    stamp = page.locator("[data-live]").get_attribute("data-live-updated")
    ticket_comment(
        ticket_number=busy.number,
        actor=User.objects.get(username="ppk1"),
        message="Mohon segera dibantu, batas waktu hari ini.",
    )
    page.wait_for_function(
        "(old) => document.querySelector('[data-live]').getAttribute('data-live-updated') !== old",
        arg=stamp,
        timeout=15_000,
    )
    assert checked(page) == 11
    assert page.locator("#live-notice").is_hidden()

    # Meanwhile the same agent takes one in another tab: it will be refused, with its reason.
    ticket_take(ticket_number=busy.number, actor=agent)
    page.screenshot(path=str(artifacts_dir / "bulk-list-1280.png"), full_page=False)
    page.locator(".bulk-bar").get_by_role("button", name="Ambil Tiket").click()
    dialog = page.locator("#bulk-confirm")
    dialog.wait_for(state="visible")
    assert "11" in dialog.locator("[data-bulk-confirm-count]").inner_text()
    page.screenshot(path=str(artifacts_dir / "bulk-confirm-1280.png"))
    dialog.get_by_role("button", name="Ya").click()
    page.wait_for_url("**/tiket/aksi-massal/**")
    summary = page.locator(".bulk-summary")
    assert summary.get_attribute("data-succeeded") == "10"
    assert summary.get_attribute("data-refused") == "1"
    refused = page.locator(".bulk-refused")
    assert busy.number in refused.inner_text()
    assert "sudah diambil" in refused.inner_text().lower() or "berubah" in refused.inner_text()
    page.screenshot(path=str(artifacts_dir / "bulk-result-1280.png"), full_page=True)
    for ticket in fresh:
        ticket.refresh_from_db()
        assert (ticket.status, ticket.assignee_id) == (Status.DIKERJAKAN, agent.pk)

    # Back to the list; release two with one reason asked in the dialog.
    page.get_by_role("link", name="Kembali ke Daftar Tiket").first.click()
    page.wait_for_url("**tab=masuk**")
    page.goto(f"{demo_site}/tiket/?tab=ditangani&per_page=25")
    for ticket in fresh[:2]:
        page.locator(f'input[data-bulk-select="{ticket.number}"]').check()
    page.locator(".bulk-bar").get_by_role("button", name="Lepas Tiket").click()
    dialog.wait_for(state="visible")
    dialog.get_by_label("Alasan").fill("Salah ambil, dikembalikan ke antrean tim.")
    dialog.get_by_role("button", name="Ya").click()
    page.wait_for_url("**/tiket/aksi-massal/**")
    assert page.locator(".bulk-summary").get_attribute("data-succeeded") == "2"
    assert Ticket.objects.filter(pk__in=[t.pk for t in fresh[:2]], status=Status.BARU).count() == 2
    assert helpdesk.errors == []
    helpdesk.close()


def test_bulk_bar_and_result_at_phone_width(
    browser: Any, demo_site: str, artifacts_dir: Path
) -> None:
    tickets = [file_ticket("ppk1", title=f"Tiket ponsel {n}") for n in range(3)]
    helpdesk = Person(browser, demo_site, "helpdesk_lpse1", width=390)
    page = helpdesk.page
    page.goto(f"{demo_site}/tiket/?tab=masuk")
    page.get_by_label("Pilih semua di halaman ini").check()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"the list scrolls sideways at phone width ({width}px)"
    page.screenshot(path=str(artifacts_dir / "bulk-list-390.png"), full_page=True)
    page.locator(".bulk-bar").get_by_role("button", name="Ambil Tiket").click()
    page.locator("#bulk-confirm").wait_for(state="visible")
    page.screenshot(path=str(artifacts_dir / "bulk-confirm-390.png"))
    page.locator("#bulk-confirm").get_by_role("button", name="Ya").click()
    page.wait_for_url("**/tiket/aksi-massal/**")
    assert page.locator(".bulk-summary").get_attribute("data-succeeded") == str(len(tickets))
    page.screenshot(path=str(artifacts_dir / "bulk-result-390.png"), full_page=True)
    assert helpdesk.errors == []
    helpdesk.close()

"""The one KONFIRMASI dialog (issue 14 item 9) in a real browser: Ambil, Tutup and Konfirmasi ask
in the same styled modal as Buat Tiket, never the browser's confirm(); the keyboard works (Ya
has the focus, Tab stays inside, Esc cancels and gives the focus back, Enter says Ya); the staff
tabs do not widen the page at 390 px."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lpse_support.tickets.models import Ticket
from lpse_support.tickets.services.ticket_resolution import ticket_resolve
from lpse_support.tickets.services.ticket_take import ticket_take
from lpse_support.tickets.workflow import Status
from tests.e2e.test_workflow_flows import Person
from tests.support.confirm_dialog import DIALOG, answer_confirm
from tests.support.demo_tickets import MESSAGE, file_ticket, user

FOCUS_IN_DIALOG = "document.activeElement.closest('#confirm-dialog') !== null"
FOCUS_ON_YES = "document.activeElement.hasAttribute('data-confirm-yes')"


def status_of(ticket: Ticket) -> str:
    return Ticket.objects.get(pk=ticket.pk).status


def test_agent_takes_a_ticket_by_keyboard(
    browser: Any, demo_site: str, artifacts_dir: Path
) -> None:
    ticket = file_ticket("ppk1", title="Dokumen penawaran tidak terunggah")
    agent = Person(browser, demo_site, "helpdesk_lpse1")
    page = agent.open(ticket)
    take = page.locator("#ambil").get_by_role("button", name="Ambil Tiket")
    take.click()
    dialog = page.locator(DIALOG)
    dialog.wait_for(state="visible")
    assert dialog.get_attribute("aria-modal") == "true"
    assert dialog.locator(".modal-title").inner_text() == "KONFIRMASI"
    message = dialog.locator("#confirm-dialog-message").inner_text()
    assert message == "Apakah Anda yakin akan mengambil tiket ini?"
    page.wait_for_timeout(400)
    assert page.evaluate(FOCUS_ON_YES)
    page.screenshot(path=str(artifacts_dir / "confirm-ambil-1280.png"))

    # Tab cycles inside the dialog; Esc cancels, nothing changes, the focus goes back.
    for _ in range(4):
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUS_IN_DIALOG)
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    page.wait_for_timeout(200)
    focused = page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
    assert page.evaluate("document.activeElement.closest('#ambil') !== null"), focused
    assert status_of(ticket) == Status.BARU

    # Enter answers Ya: the ticket is taken.
    page.set_viewport_size({"width": 390, "height": 844})
    take.focus()
    page.keyboard.press("Enter")
    dialog.wait_for(state="visible")
    page.wait_for_timeout(400)
    page.screenshot(path=str(artifacts_dir / "confirm-ambil-390.png"))
    page.keyboard.press("Enter")
    agent.notice("Tiket berhasil diambil!")
    assert status_of(ticket) == Status.DIKERJAKAN
    assert agent.errors == []  # no browser dialog, no console error
    agent.close()


def test_reporter_tidak_keeps_the_ticket_and_ya_confirms(
    browser: Any, demo_site: str, artifacts_dir: Path
) -> None:
    own = file_ticket("ppk1", title="Tidak bisa login ke SPSE")
    waiting = file_ticket("ppk1", title="Tombol kirim penawaran tidak aktif")
    ticket_take(ticket_number=waiting.number, actor=user("helpdesk_lpse1"))
    ticket_resolve(ticket_number=waiting.number, actor=user("helpdesk_lpse1"), message=MESSAGE)
    reporter = Person(browser, demo_site, "ppk1", width=390)
    page = reporter.open(own)
    page.locator("#tutup summary").click()
    page.locator("#tutup textarea").fill("Sudah bisa login setelah ganti kata sandi.")
    page.locator("#tutup").get_by_role("button", name="Tutup Tiket").click()
    page.locator(DIALOG).wait_for(state="visible")
    page.wait_for_timeout(400)
    page.screenshot(path=str(artifacts_dir / "confirm-tutup-390.png"))
    answer_confirm(page, "Apakah Anda yakin akan menutup tiket ini?", yes=False)
    assert status_of(own) == Status.BARU

    page.set_viewport_size({"width": 1280, "height": 900})
    page = reporter.open(waiting)
    page.locator("#konfirmasi").get_by_role("button", name="Ya, Sudah Selesai").click()
    page.locator(DIALOG).wait_for(state="visible")
    page.wait_for_timeout(400)
    page.screenshot(path=str(artifacts_dir / "confirm-konfirmasi-1280.png"))
    answer_confirm(page, "Apakah semua data sudah benar?")
    page.wait_for_url("**/penilaian/")
    assert status_of(waiting) == Status.SELESAI
    assert reporter.errors == []
    reporter.close()


def test_staff_tabs_stay_inside_a_phone_screen(
    browser: Any, demo_site: str, artifacts_dir: Path
) -> None:
    agent = Person(browser, demo_site, "helpdesk_lpse1", width=390)
    page = agent.page
    for tab in ("masuk", "ditangani", "riwayat", "semua"):
        page.goto(f"{demo_site}/tiket/?tab={tab}")
        width = page.evaluate("document.documentElement.scrollWidth")
        inner = page.evaluate("window.innerWidth")
        assert width <= inner, (tab, width, inner)
        # The current tab is in view; every tab stays reachable (the row scrolls sideways).
        box = page.locator(".ticket-tabs .nav-link.active").bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= inner, (tab, box)
        last = page.locator(".ticket-tabs .nav-link").last
        last.scroll_into_view_if_needed()
        assert last.is_visible()

    page.goto(f"{demo_site}/tiket/?tab=semua")  # fresh: the current tab scrolled into view
    page.screenshot(path=str(artifacts_dir / "staff-tabs-390.png"))
    agent.close()

"""Templat Balasan in a real browser (issue 14 item 3): the demo lead of Helpdesk LPSE Kota
Makassar creates a template on the lead's page, takes a ticket of the team, inserts the template
into Butuh Feedback (filled in for this ticket by the server) and sends it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lpse_support.replies.models import ReplyTemplate
from lpse_support.tickets.models import TicketMessage
from tests.e2e.test_sla_alerts import _new_ticket
from tests.e2e.test_workflow_flows import Person
from tests.support.confirm_dialog import answer_confirm

TEMPLATE_BODY = (
    "Yth. {nama_pelapor}, terkait tiket {nomor_tiket} di {aplikasi}, mohon kirimkan tangkapan "
    "layar pesan galatnya. Salam, {nama_petugas}"
)


def test_a_lead_creates_a_template_and_sends_it_as_feedback(
    browser: Any, demo_site: str, artifacts_dir: Path
) -> None:
    ticket = _new_ticket()
    assert ticket.team.name == "Helpdesk LPSE Kota Makassar"
    lead = Person(browser, demo_site, "helpdesk_lpse1")
    page = lead.page
    page.goto(f"{demo_site}/templat-balasan/")
    page.get_by_role("link", name="Templat Baru").click()
    page.get_by_label("Tim").select_option(label="Helpdesk LPSE Kota Makassar")
    page.get_by_label("Judul templat").fill("Minta tangkapan layar galat")
    page.get_by_label("Isi templat").fill("Hai {nama}")
    page.get_by_role("button", name="Simpan").click()
    page.get_by_text("Placeholder {nama} tidak dikenal").wait_for()
    page.screenshot(path=str(artifacts_dir / "replies-form-error.png"), full_page=True)
    page.get_by_label("Isi templat").fill(TEMPLATE_BODY)
    page.get_by_role("button", name="Simpan").click()
    lead.notice("Templat balasan berhasil dibuat.")
    page.screenshot(path=str(artifacts_dir / "replies-list-1280.png"), full_page=True)
    template = ReplyTemplate.objects.get(title="Minta tangkapan layar galat")

    lead.take(ticket)
    page = lead.open(ticket)
    form = page.locator("form.work-form")
    form.locator("label", has_text="Butuh Feedback").click()
    area = form.locator("textarea[name=message]")
    area.fill("Terima kasih.")
    form.get_by_label("Templat Balasan").select_option(label="Minta tangkapan layar galat")
    reporter = ticket.reporter.get_full_name()
    # CSP forbids eval, so no wait_for_function: poll the value.
    expected_start = f"Terima kasih.\nYth. {reporter}, terkait tiket {ticket.number}"
    for _ in range(50):
        if area.input_value().startswith(expected_start):
            break
        page.wait_for_timeout(100)
    assert area.input_value().startswith(expected_start), area.input_value()
    form.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / "replies-insert-1280.png"), full_page=True)
    form.get_by_role("button", name="Kirim Tiket").click()
    answer_confirm(page, "Apakah semua data sudah benar?")
    lead.notice("Tiket berhasil dikerjakan!")

    sent = TicketMessage.objects.filter(ticket=ticket).order_by("-pk").first()
    assert sent is not None
    assert reporter in sent.body and ticket.number in sent.body
    assert "{" not in sent.body
    template.refresh_from_db()
    assert template.usage_count == 1
    assert lead.errors == []

    narrow = Person(browser, demo_site, "helpdesk_lpse1", width=390)
    narrow.page.goto(f"{demo_site}/templat-balasan/")
    narrow.page.screenshot(path=str(artifacts_dir / "replies-list-390.png"), full_page=True)
    narrow.open(ticket)
    narrow.page.locator("#diskusi").scroll_into_view_if_needed()
    narrow.page.screenshot(path=str(artifacts_dir / "replies-message-390.png"), full_page=True)

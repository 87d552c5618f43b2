"""Alihkan Tiket and Lepas Tiket in a real browser (issue 14 item 2): the demo team lead
helpdesk_lpse1 takes a PPK's ticket and reassigns it to verifikator_lpse1, who releases it back
to the team's queue with a reason. Screenshots at 1280 and 390 px."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lpse_support.accounts.models import User
from lpse_support.tickets.models import Ticket, TicketMessage
from lpse_support.tickets.workflow import Status
from tests.e2e.test_workflow_flows import Person
from tests.support.confirm_dialog import answer_confirm
from tests.support.demo_tickets import file_ticket

REASSIGN_REASON = "Beban kerja dibagi ulang: Irfan menangani tiket unggah dokumen."
RELEASE_REASON = "Saya dinas luar tiga hari, mohon diambil rekan lain di tim."


def test_the_lead_reassigns_and_the_colleague_releases(
    browser: Any, demo_site: str, artifacts_dir: Path
) -> None:
    ticket = file_ticket("ppk1", title="Dokumen penawaran tidak terunggah")
    verifikator = User.objects.get(username="verifikator_lpse1")
    lead = Person(browser, demo_site, "helpdesk_lpse1")
    lead.take(ticket)

    page = lead.open(ticket)
    block = page.locator("#alihkan")
    block.get_by_label("Alihkan ke").select_option(label=verifikator.get_full_name())
    block.get_by_label("Alasan").fill(REASSIGN_REASON)
    block.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / "reassign-1280.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 900})
    block.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / "reassign-390.png"))
    block.get_by_role("button", name="Alihkan Tiket").click()
    answer_confirm(page, "Apakah Anda yakin akan mengalihkan tiket ini?")
    lead.notice("Tiket berhasil dialihkan.")
    fresh = Ticket.objects.get(pk=ticket.pk)
    assert (fresh.status, fresh.assignee_id) == (Status.DIKERJAKAN, verifikator.pk)

    irfan = Person(browser, demo_site, "verifikator_lpse1", width=390)
    page = irfan.open(ticket)
    assert page.locator("#alihkan").count() == 0  # not a lead
    details = page.locator("#lepas")
    details.locator("summary").click()
    details.get_by_label("Alasan").fill(RELEASE_REASON)
    details.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / "unassign-390.png"), full_page=True)
    details.get_by_role("button", name="Lepas Tiket").click()
    answer_confirm(page, "Apakah Anda yakin akan melepas tiket ini ke antrean tim?")
    irfan.notice("Tiket berhasil dilepas.")
    fresh = Ticket.objects.get(pk=ticket.pk)
    assert (fresh.status, fresh.assignee_id) == (Status.BARU, None)
    lines = TicketMessage.objects.filter(ticket=fresh, kind="system").values_list("body", flat=True)
    assert any(RELEASE_REASON in line for line in lines)
    assert any(REASSIGN_REASON in line for line in lines)
    # The reason shows in Diskusi, and the ticket waits in the queue to be taken again.
    page.get_by_text(RELEASE_REASON).first.wait_for()
    assert page.locator("#ambil").count() == 1
    page.screenshot(path=str(artifacts_dir / "unassign-done-390.png"), full_page=True)
    lead.close()
    irfan.close()

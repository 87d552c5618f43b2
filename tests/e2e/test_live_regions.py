"""Live updates in a real browser (R-UI-8, docs/live-updates.md): htmx polls with the page's ETag,
changed regions are morphed in, and a region in which the user is typing is left alone with the
"Muat ulang halaman" notice, while the other regions of the page still move on."""

from __future__ import annotations

from typing import Any

import pytest

from lpse_support.accounts.models import User
from lpse_support.tickets.services.ticket_feedback import ticket_request_feedback
from lpse_support.tickets.services.ticket_take import ticket_take
from tests.e2e.test_workflow_flows import Person, file_ticket

TYPED = "Mohon kirimkan tangkapan layar halaman"


@pytest.fixture
def fast_live(settings: Any) -> None:
    settings.LPSE_SUPPORT = {**settings.LPSE_SUPPORT, "LIVE_POLL_SECONDS": 2}


def test_a_region_being_typed_in_is_left_alone(
    browser: Any, demo_site: str, fast_live: None
) -> None:
    ticket = file_ticket("ppk1", title="Tombol kirim penawaran tidak aktif")
    agent = User.objects.get(username="helpdesk_lpse1")
    ticket_take(ticket_number=ticket.number, actor=agent)

    helpdesk = Person(browser, demo_site, "helpdesk_lpse1")
    page = helpdesk.open(ticket)
    requests: list[dict[str, str]] = []
    page.on(
        "request",
        lambda request: (
            requests.append(request.headers) if request.headers.get("x-live-refresh") else None
        ),
    )
    box = page.locator("form.work-form textarea[name=message]")
    box.fill(TYPED)  # typed in the actions region, not sent
    page.evaluate("() => { window.__notReloaded = true; }")
    notice = page.locator("#live-notice")
    assert notice.is_hidden()

    # Another tab of the same agent asks the reporter for feedback: the status, the Diskusi, the
    # Riwayat and the actions all change.
    ticket_request_feedback(
        ticket_number=ticket.number, actor=agent, message="Mohon kirim log dari browser Anda."
    )
    page.locator(".discussion").get_by_text("Mohon kirim log dari browser Anda.").wait_for(
        timeout=15_000
    )
    notice.wait_for(state="visible")
    assert page.evaluate("() => window.__notReloaded === true")
    assert box.input_value() == TYPED, "the region being typed in was not replaced"
    assert "Menunggu Feedback" in page.locator('[data-live-region="header"]').inner_text()
    assert any("if-none-match" in headers for headers in requests), "polls carry the ETag"
    assert helpdesk.errors == [], helpdesk.errors

    # The notice reloads the page: the work form is gone, the typed text with it.
    notice.get_by_role("link", name="Muat ulang halaman").click()
    page.wait_for_load_state()
    page.locator(".discussion").get_by_text("Mohon kirim log dari browser Anda.").wait_for()
    assert page.locator("form.work-form").count() == 0
    assert page.evaluate("() => window.__notReloaded") is None
    helpdesk.close()

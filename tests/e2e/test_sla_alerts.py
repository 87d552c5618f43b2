"""SLA alerts in a real browser (issue 14 item 6), with a controlled clock: the watch runs at 75 %
of a new ticket's response target, then at its due time; the helpdesk reads both in the bell's
list and sees the ticket under Akan Terlambat on the dashboard; the reporter sees none of it."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from django.conf import settings

from lpse_support.accounts.models import User
from lpse_support.catalog.business_time import load_calendar
from lpse_support.catalog.models import ApplicationVersion, SubCategory
from lpse_support.tickets.models import Ticket
from lpse_support.tickets.services.ticket_sla import sla_watch
from tests.e2e.test_ticket_create import SUBCATEGORY, login

VIEWPORTS = {"desktop": 1280, "mobile": 390}


def _new_ticket() -> Ticket:
    """A ticket ppk1 files now through the service (the e2e create test covers the form)."""
    from lpse_support.tickets.services.ticket_create import ticket_create

    subcategory = SubCategory.objects.select_related("category__application").get(name=SUBCATEGORY)
    application = subcategory.category.application
    version = ApplicationVersion.objects.filter(application=application).order_by("pk").first()
    assert version is not None
    return ticket_create(
        reporter=User.objects.get(username="ppk1"),
        title="Jadwal tahapan tidak tampil di halaman tender",
        description="Jadwal tahapan tender tidak tampil sejak pagi, mohon dibantu pengecekan.",
        application_id=application.pk,
        version_id=version.pk,
        subcategory_id=subcategory.pk,
    )


def test_warning_and_breach_reach_the_helpdesk_not_the_reporter(
    browser: Any, demo_site: str, artifacts_dir: Path
) -> None:
    ticket = _new_ticket()
    minutes = ticket.priority.response_minutes
    percent = settings.LPSE_SUPPORT["SLA_WARNING_PERCENT"]
    warning_at = load_calendar().add_business_minutes(
        ticket.created_at, math.ceil(minutes * percent / 100)
    )
    assert (ticket.number, "sla_warning", "response") in sla_watch(now=warning_at).raised
    staff = ticket.team.members.filter(is_active=True).order_by("pk").first()
    assert staff is not None
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = context.new_page()
    login(page, demo_site, staff.username)
    counter = page.locator('a.counter-link[href*="akan_terlambat=on"]')
    assert int(counter.get_attribute("data-counter-value") or "0") >= 1
    counter.click()
    page.wait_for_url("**akan_terlambat=on**")
    assert ticket.number in page.content()
    assert "Hanya yang akan terlambat" in page.content()
    for name, width in VIEWPORTS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{demo_site}/")
        page.screenshot(path=str(artifacts_dir / f"sla-dashboard-{name}.png"), full_page=True)

    assert (ticket.number, "sla_breach", "response") in sla_watch(now=ticket.response_due_at).raised
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{demo_site}/notifikasi/")
    html = page.content()
    assert f"Peringatan SLA: {percent}% waktu target respons tiket {ticket.number}" in html
    assert f"Tiket {ticket.number} melewati batas waktu respons" in html
    for name, width in VIEWPORTS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(artifacts_dir / f"sla-notifications-{name}.png"), full_page=True)
    page.goto(f"{demo_site}/tiket/{ticket.number}/")
    assert "Batas SLA terlewati (target respons)" in page.content()
    context.close()

    reporter_context = browser.new_context(viewport={"width": 1280, "height": 900})
    reporter_page = reporter_context.new_page()
    login(reporter_page, demo_site, "ppk1")
    reporter_page.goto(f"{demo_site}/notifikasi/")
    assert "Peringatan SLA" not in reporter_page.content()
    assert "melewati batas waktu" not in reporter_page.content()
    reporter_page.goto(f"{demo_site}/tiket/{ticket.number}/")
    assert "Peringatan SLA" not in reporter_page.content()
    assert "Batas SLA terlewati" not in reporter_page.content()
    reporter_context.close()

"""REPORTING in a real browser: helpdesk_lpse1 opens the page on a desktop and a phone, sees
every chart drawn without console errors, and downloads a table as CSV."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from lpse_support.accounts.models import User
from lpse_support.catalog.models import ApplicationVersion, RatingChip, SubCategory
from lpse_support.demo.checks import DEMO_PASSWORD
from lpse_support.tickets.models import Ticket
from lpse_support.tickets.services.ticket_create import ticket_create
from lpse_support.tickets.services.ticket_rate import ticket_rate
from lpse_support.tickets.services.ticket_resolution import ticket_confirm, ticket_resolve
from lpse_support.tickets.services.ticket_take import ticket_take

VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}
SOLUTION = "Silakan bersihkan cache peramban lalu unggah ulang dokumen penawaran."


def _file(username: str, index: int) -> Ticket:
    subcategories = list(
        SubCategory.objects.filter(active=True, category__application__code="spse").order_by("pk")
    )
    version = ApplicationVersion.objects.filter(application__code="spse", active=True).first()
    assert subcategories and version is not None
    return ticket_create(
        reporter=User.objects.get(username=username),
        title=f"Kendala unggah dokumen nomor {index}",
        application_id=version.application_id,
        version_id=version.pk,
        subcategory_id=subcategories[index % len(subcategories)].pk,
        description="Dokumen penawaran gagal diunggah pada tahap pemasukan penawaran.",
    )


def _rate(ticket: Ticket, username: str, stars: int) -> None:
    chips = [c.pk for c in RatingChip.objects.filter(active=True) if c.allows(stars)][:2]
    ticket_rate(
        ticket_number=ticket.number,
        actor=User.objects.get(username=username),
        stars=stars,
        chip_ids=chips,
    )


@pytest.fixture
def report_site(demo_site: str) -> str:
    """The demo, plus tickets of the last weeks in every state, made through the services."""
    helpdesk = User.objects.get(username="helpdesk_lpse1")
    reporters = ["ppk1", "penyedia1"]
    tickets = [_file(reporters[i % 2], i) for i in range(12)]
    for ticket in tickets[:8]:
        ticket_take(ticket_number=ticket.number, actor=helpdesk)
    for ticket in tickets[:5]:
        ticket_resolve(ticket_number=ticket.number, actor=helpdesk, message=SOLUTION)
    for index, ticket in enumerate(tickets[:3]):
        reporter = User.objects.get(username=reporters[index % 2])
        ticket_confirm(ticket_number=ticket.number, actor=reporter)
        _rate(ticket, reporter.username, (5, 3, 4)[index])
    now = timezone.now()
    for index, ticket in enumerate(tickets):
        Ticket.objects.filter(pk=ticket.pk).update(created_at=now - timedelta(days=2 * index + 1))
    return demo_site


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_helpdesk_sees_report_charts_and_downloads_csv(
    browser: Any, report_site: str, artifacts_dir: Path, device: str
) -> None:
    width, height = VIEWPORTS[device]
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="id-ID", accept_downloads=True
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{report_site}/akun/masuk/")
    page.get_by_label("Username").fill("helpdesk_lpse1")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{report_site}/")

    page.goto(f"{report_site}/reporting/")
    page.wait_for_selector("canvas[data-chart-drawn]")
    canvases = page.locator("canvas[data-chart]")
    assert canvases.count() == 11
    assert page.locator("canvas[data-chart]:not([data-chart-drawn])").count() == 0
    assert page.locator("[data-report-total]").get_attribute("data-report-total") == "12"
    page.screenshot(
        path=str(artifacts_dir / f"reporting-{device}.png"), full_page=True, animations="disabled"
    )

    with page.expect_download() as info:
        page.locator('a[data-download="status-csv"]').click()
    download = info.value
    assert download.suggested_filename.startswith("laporan-status-")
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text("utf-8-sig"))))
    assert rows[0] == ["Status", "Jumlah tiket"]
    assert sum(int(count) for _, count in rows[1:]) == 12
    assert not errors, errors
    context.close()

"""Insiden in a real browser (issue 14 item 1): 30 tickets about the same SPSE outage are
attached to one incident with the one-click button, the incident is resolved (the background
task, run by the worker's own task runner), all 30 reporters are told, and one of them rejects:
only that child reopens. Also the deflection on Buat Tiket Baru and the banner; screenshots at
1280 and 390 px."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from lpse_support.accounts.models import User
from lpse_support.catalog.models import ApplicationVersion, SubCategory
from lpse_support.notifications.models import Notification
from lpse_support.notifications.worker import TaskRunner
from lpse_support.tickets.models import Incident, Ticket
from lpse_support.tickets.services.ticket_create import ticket_create
from lpse_support.tickets.workflow import Action, Status
from tests.e2e.test_ticket_create import SUBCATEGORY, login
from tests.support.confirm_dialog import answer_confirm
from tests.support.factories import UserFactory

VIEWPORTS = {"desktop": 1280, "mobile": 390}
CHILDREN = 30
TITLE = "SPSE gagal unggah dokumen penawaran"


def _file_tickets() -> list[Ticket]:
    """ppk1 and 29 colleagues of the same LPSE file the same outage (the create form has its
    own e2e test)."""
    ppk1 = User.objects.get(username="ppk1")
    subcategory = SubCategory.objects.select_related("category__application").get(name=SUBCATEGORY)
    application = subcategory.category.application
    version = ApplicationVersion.objects.filter(application=application).order_by("pk").first()
    assert version is not None
    reporters = [ppk1] + [
        UserFactory.create(
            username=f"ppk_gangguan_{n}",
            reporter_category=ppk1.reporter_category,
            home_lpse=ppk1.home_lpse,
        )
        for n in range(CHILDREN - 1)
    ]
    return [
        ticket_create(
            reporter=reporter,
            title="Gagal unggah dokumen penawaran",
            description="Unggah dokumen penawaran selalu gagal sejak pukul 08.00 pagi ini.",
            application_id=application.pk,
            version_id=version.pk,
            subcategory_id=subcategory.pk,
        )
        for reporter in reporters
    ]


def _shots(page: Any, artifacts_dir: Path, name: str) -> None:
    for label, width in VIEWPORTS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(artifacts_dir / f"incident-{name}-{label}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_thirty_reporters_one_incident_one_rejection(
    browser: Any, demo_site: str, artifacts_dir: Path
) -> None:
    tickets = _file_tickets()
    application = tickets[0].application
    staff = tickets[0].team.members.filter(is_active=True).order_by("pk").first()
    assert staff is not None and all(t.team_id == tickets[0].team_id for t in tickets)

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    login(page, demo_site, staff.username)
    page.locator('a[data-menu="akun"]').click()
    page.locator('a[data-menu-item="insiden"]').click()
    page.get_by_label("Judul insiden").fill(TITLE)
    page.get_by_label("Aplikasi").select_option(str(application.pk))
    page.get_by_label("Teks halaman status").fill(
        "Server unggah SPSE sedang diperbaiki tim teknis."
    )
    page.get_by_role("button", name="Buat Insiden").click()
    page.wait_for_url("**/insiden/*/")
    incident = Incident.objects.get(title=TITLE)

    # The reporter filing a new ticket is told of the outage (deflection).
    reporter_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    reporter = reporter_context.new_page()
    reporter.on("dialog", lambda dialog: dialog.accept())  # "Apakah semua data sudah benar?"
    login(reporter, demo_site, "ppk1")
    reporter.goto(f"{demo_site}/tiket/baru/")
    reporter.locator("#id_application").select_option(str(application.pk))
    notice = reporter.locator("#incident-deflection")
    expect(notice).to_contain_text(f"Sedang terjadi gangguan: {TITLE}")
    notice.scroll_into_view_if_needed()
    _shots(reporter, artifacts_dir, "deflection")

    # One click per ticket on Detail Tiket.
    for ticket in tickets:
        page.goto(f"{demo_site}/tiket/{ticket.number}/")
        page.get_by_role("button", name="Lampirkan ke insiden").click()
        expect(page.locator(".incident-banner").first).to_contain_text(TITLE)
    assert Ticket.objects.filter(incident=incident).count() == CHILDREN

    page.goto(f"{demo_site}/insiden/{incident.pk}/")
    page.get_by_label("Pesan penyelesaian").fill(
        "Server unggah SPSE sudah pulih, silakan unggah kembali dokumen penawaran Anda."
    )
    page.get_by_role("button", name=f"Selesaikan {CHILDREN} tiket").click()
    expect(page.locator("[data-progress]")).to_contain_text(f"0 dari {CHILDREN} tiket diproses")
    _shots(page, artifacts_dir, "resolving")
    assert TaskRunner("e2e", "default").run_one()  # the worker's runner takes the queued task
    expect(page.locator("[data-progress]")).to_contain_text(
        f"{CHILDREN} dari {CHILDREN} tiket diproses: {CHILDREN} diselesaikan, 0 dilewati.",
        timeout=15000,
    )
    expect(page.locator("tbody")).not_to_contain_text("Belum Diambil")  # reloaded when done
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    _shots(page, artifacts_dir, "page")
    assert Incident.objects.get(pk=incident.pk).state == Incident.State.RESOLVED
    numbers = [t.number for t in tickets]
    waiting = Ticket.objects.filter(number__in=numbers, status=Status.MENUNGGU_KONFIRMASI)
    assert waiting.count() == CHILDREN
    told = Notification.objects.filter(
        ticket__in=tickets, event__action=Action.RESOLVE_INCIDENT
    ).values_list("recipient_id", flat=True)
    assert sorted(told) == sorted(t.reporter_id for t in tickets)  # each reporter, once
    context.close()

    # ppk1 sees the banner and rejects: only their ticket reopens.
    mine = tickets[0]
    reporter.goto(f"{demo_site}/tiket/{mine.number}/")
    expect(reporter.locator(".incident-banner").first).to_contain_text(TITLE)
    _shots(reporter, artifacts_dir, "banner")
    block = reporter.locator("#konfirmasi")
    block.get_by_role("button", name="Masalah Belum Terselesaikan").click()
    block.locator("textarea[name=message]").fill("Masih gagal unggah, pesan galat yang sama.")
    block.get_by_role("button", name="Kirim", exact=True).click()
    answer_confirm(reporter, "Apakah semua data sudah benar?")
    reporter.locator(".messages").get_by_text("Tiket dikembalikan kepada petugas").wait_for()
    statuses = dict(Ticket.objects.filter(number__in=numbers).values_list("number", "status"))
    assert statuses.pop(mine.number) == Status.DIKERJAKAN
    assert set(statuses.values()) == {Status.MENUNGGU_KONFIRMASI}
    assert Ticket.objects.get(pk=mine.pk).assignee == staff  # back to the incident's resolver
    reporter_context.close()
    assert errors == []

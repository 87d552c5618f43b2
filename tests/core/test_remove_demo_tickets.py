"""A seeded site (seed_demo + generate_tickets + tickets filed through the services, with files)
can be cleaned so that ``check --deploy`` passes (issue 11 item 6). Before, remove_demo_accounts
refused as soon as a demo account owned a ticket."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from lpse_support.accounts.models import LpseUnit, ReporterCategory, User
from lpse_support.catalog.models import ApplicationVersion, SubCategory
from lpse_support.demo.checks import demo_accounts_absent
from lpse_support.demo.generator.generate import generate_tickets
from lpse_support.demo.seed import run_seed
from lpse_support.notifications.models import Notification
from lpse_support.tickets.models import (
    Ticket,
    TicketAttachment,
    TicketEvent,
    TicketMessage,
    TicketRating,
)
from lpse_support.tickets.services.ticket_create import ticket_create
from lpse_support.tickets.services.ticket_take import ticket_take
from tests.support.factories import UserFactory
from tests.support.uploads import PNG_BYTES

pytestmark = pytest.mark.django_db
PNG = PNG_BYTES  # a real image: uploads are decoded by Pillow


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> Path:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path


def _file(reporter: User, title: str, *, with_file: bool = False) -> Ticket:
    subcategory = SubCategory.objects.filter(category__application__code="spse").first()
    assert subcategory is not None
    version = ApplicationVersion.objects.filter(application__code="spse").first()
    assert version is not None
    files = [SimpleUploadedFile("bukti.png", PNG)] if with_file else []
    return ticket_create(
        reporter=reporter,
        title=title,
        version_id=version.pk,
        subcategory_id=subcategory.pk,
        description="Dokumen pemilihan tidak dapat diunduh sejak pagi.",
        files=files,
    )


@pytest.fixture
def seeded(django_capture_on_commit_callbacks: Any) -> dict[str, Ticket]:
    run_seed()
    generate_tickets(count=60, seed=3, days=10, reporters=20, batch_size=60)
    real = UserFactory.create(
        username="ppk_sungguhan",
        reporter_category=ReporterCategory.objects.get(code="ppk"),
        home_lpse=LpseUnit.objects.get(name="LPSE Kota Makassar"),
    )
    with django_capture_on_commit_callbacks(execute=False):
        demo_ticket = _file(User.objects.get(username="ppk1"), "Tiket demo", with_file=True)
        untouched = _file(real, "Tiket pengguna sungguhan")
        handled = _file(real, "Tiket sungguhan yang diambil akun demo")
        ticket_take(ticket_number=handled.number, actor=User.objects.get(username="helpdesk_lpse1"))
    return {"demo": demo_ticket, "untouched": untouched, "handled": handled}


def test_without_confirmation_nothing_changes_and_the_plan_is_shown(
    seeded: dict[str, Ticket], _media_in_tmp: Path
) -> None:
    tickets, users = Ticket.objects.count(), User.objects.count()
    with pytest.raises(CommandError) as refused:
        call_command("remove_demo_accounts", stdout=io.StringIO())
    message = str(refused.value)
    assert "--delete-demo-tickets" in message
    assert "Tidak ada yang diubah" in message
    # The real user's ticket a demo account took is named before anyone confirms.
    assert seeded["handled"].number in message
    assert seeded["untouched"].number not in message
    assert (Ticket.objects.count(), User.objects.count()) == (tickets, users)
    assert demo_accounts_absent()


def test_confirmed_removal_deletes_demo_tickets_with_their_files_and_passes_the_check(
    seeded: dict[str, Ticket], _media_in_tmp: Path, django_capture_on_commit_callbacks: Any
) -> None:
    attachment = TicketAttachment.objects.get(ticket=seeded["demo"])
    stored = _media_in_tmp / attachment.file.name
    assert stored.is_file()
    assert TicketRating.objects.exists()  # the generator rated some done tickets
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("remove_demo_accounts", "--delete-demo-tickets", stdout=out)

    assert "12 akun demo dihapus" in out.getvalue()
    assert list(Ticket.objects.values_list("pk", flat=True)) == [seeded["untouched"].pk]
    assert not stored.exists()
    assert not TicketAttachment.objects.exists()
    assert not TicketRating.objects.exists()
    remaining = {seeded["untouched"].pk}
    for model in (TicketEvent, TicketMessage, Notification):
        assert set(model.objects.values_list("ticket_id", flat=True)) <= remaining
    assert not User.objects.filter(username__startswith="gen_").exists()
    assert User.objects.filter(username="ppk_sungguhan").exists()
    assert demo_accounts_absent() == []
    # The whole deploy check runs without an error (E001 gone).
    call_command("check", "--deploy", stdout=io.StringIO(), stderr=io.StringIO())
    # A second run has nothing left to do.
    again = io.StringIO()
    call_command("remove_demo_accounts", stdout=again)
    assert "Tidak ada akun demo" in again.getvalue()

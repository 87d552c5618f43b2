"""Files sent ahead of a form that is never accepted are removed after 24 hours by
``sweep_uploads`` (issue 14 item 8), measured on a controlled clock."""

from __future__ import annotations

import os
import uuid
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from lpse_support.tickets.attachments.sweep import sweep_uploads
from lpse_support.tickets.models import PendingUpload
from tests.support.ticket_world import TicketWorld
from tests.support.tus import create, location, patch, pending_dir, send
from tests.support.uploads import PDF_BYTES, PNG_BYTES

pytestmark = pytest.mark.django_db
__all__ = ["pending_dir"]
SIX_HOURS = timedelta(hours=6)


def test_unused_uploads_are_swept_after_24_hours_only(
    client: Client, ticket_world: TicketWorld, pending_dir: Path
) -> None:
    client.force_login(ticket_world.reporter_a)
    done = send(client, "layar.png", PNG_BYTES, uuid.uuid4())
    half = location(create(client, "bukti.pdf", len(PDF_BYTES), uuid.uuid4()))
    patch(client, half, 0, PDF_BYTES[:10])
    stray = pending_dir / "sisa.part"  # bytes whose row never committed (a crash)
    stray.write_bytes(b"x")
    created = PendingUpload.objects.earliest("created_at").created_at

    at_23h = sweep_uploads(older_than=SIX_HOURS, now=created + timedelta(hours=23))
    assert at_23h.sent_ahead_removed == 0
    assert PendingUpload.objects.count() == 2

    day_later = created + timedelta(hours=24, minutes=1)
    day_ago = (timezone.now() - timedelta(hours=25)).timestamp()
    os.utime(stray, (day_ago, day_ago))
    report = sweep_uploads(older_than=SIX_HOURS, now=day_later)
    assert report.sent_ahead_removed == 3
    assert not PendingUpload.objects.filter(pk=done).exists()
    assert not PendingUpload.objects.exists()
    assert list(pending_dir.iterdir()) == []


def test_the_command_reports_what_it_removed(
    client: Client, ticket_world: TicketWorld, pending_dir: Path
) -> None:
    client.force_login(ticket_world.reporter_a)
    send(client, "layar.png", PNG_BYTES, uuid.uuid4())
    PendingUpload.objects.update(created_at=timezone.now() - timedelta(hours=25))
    out = StringIO()
    call_command("sweep_uploads", stdout=out)
    assert "1 unggahan yang tidak dipakai dihapus." in out.getvalue()
    assert not PendingUpload.objects.exists()

"""Attachment storage never leaves junk (issue 11): files are staged under ``pending/`` inside the
transaction, published to ``tickets/<nomor>/`` after the commit, and ``sweep_uploads`` finishes
or removes whatever an interrupted request left (docs/attachments.md)."""

from __future__ import annotations

import hashlib
import logging
import os
import time
from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import call_command
from django.test import Client

from lpse_support.tickets.attachments.publish import publish_after_commit
from lpse_support.tickets.attachments.sweep import sweep_uploads
from lpse_support.tickets.models import Ticket, TicketAttachment
from tests.support.ticket_world import TicketWorld, make_ticket
from tests.support.uploads import PDF_BYTES, sample_upload, stored_files

pytestmark = pytest.mark.django_db
HOURS_AGO = time.time() - 7 * 3600


def _relative(root: Path) -> list[str]:
    return [path.relative_to(root).as_posix() for path in stored_files(root)]


def _final(ticket: Ticket, sequence: int, extension: str) -> str:
    return f"tickets/{ticket.number}/pelapor_{ticket.number}_{sequence:03d}.{extension}"


def test_files_are_staged_until_the_commit_then_published(
    ticket_world: TicketWorld, media_root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ticket = make_ticket(ticket_world, files=[sample_upload("a.pdf"), sample_upload("b.png")])

    staged = [row.file.name for row in TicketAttachment.objects.order_by("sequence")]
    assert all(name.startswith("pending/") for name in staged)
    assert sorted(_relative(media_root)) == sorted(staged)
    assert not (media_root / "tickets").exists()

    for callback in callbacks:
        callback()

    rows = list(TicketAttachment.objects.order_by("sequence"))
    assert [row.file.name for row in rows] == [_final(ticket, 1, "pdf"), _final(ticket, 2, "png")]
    assert sorted(_relative(media_root)) == [row.file.name for row in rows]
    with default_storage.open(rows[0].file.name, "rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == rows[0].sha256


def test_a_staged_file_is_downloadable_before_it_is_published(ticket_world: TicketWorld) -> None:
    ticket = make_ticket(ticket_world, files=[sample_upload("bukti.pdf")])
    assert TicketAttachment.objects.get().file.name.startswith("pending/")
    client = Client()
    client.force_login(ticket_world.reporter_a)

    response = client.get(f"/tiket/{ticket.number}/lampiran/1/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES  # type: ignore[attr-defined]


def test_an_interrupted_copy_leaves_no_partial_file(
    ticket_world: TicketWorld, media_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy cut short (here by an interrupt; by SIGKILL in tests/faults) used to leave its
    partial file in the ticket's folder, where the reused number's real ticket would meet it."""

    def interrupted(self: FileSystemStorage, name: str, content: Any) -> str:
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.read(7))
        raise KeyboardInterrupt

    monkeypatch.setattr(FileSystemStorage, "_save", interrupted)

    with pytest.raises(KeyboardInterrupt):
        make_ticket(ticket_world, files=[sample_upload("a.pdf")])

    assert stored_files(media_root) == []
    monkeypatch.undo()
    ticket = make_ticket(ticket_world, files=[sample_upload("a.pdf")])
    assert ticket.number.endswith("0001")  # the number is reused …
    assert len(stored_files(media_root)) == 1  # … and meets nothing but its own file


def test_a_failed_publish_is_logged_and_the_file_stays_downloadable(
    ticket_world: TicketWorld,
    media_root: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    django_capture_on_commit_callbacks: Any,
) -> None:
    def broken(*args: Any, **kwargs: Any) -> str:
        raise OSError("storage tidak menjawab")

    monkeypatch.setattr("lpse_support.tickets.attachments.publish._place", broken)
    with (
        caplog.at_level(logging.ERROR, logger="lpse_support.attachments"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        make_ticket(ticket_world, files=[sample_upload("a.pdf")])

    row = TicketAttachment.objects.get()
    assert row.file.name.startswith("pending/")
    assert default_storage.exists(row.file.name)
    assert "sweep_uploads retries" in caplog.text

    monkeypatch.undo()
    os.utime(media_root / row.file.name, (HOURS_AGO, HOURS_AGO))
    report = sweep_uploads(older_than=timedelta(hours=6))

    assert report.pending_published == 1
    row.refresh_from_db()
    assert row.file.name == _final(row.ticket, 1, "pdf")
    assert _relative(media_root) == [row.file.name]


def test_without_hard_links_the_file_is_copied(
    ticket_world: TicketWorld, media_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(source: str, target: str) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    ticket = make_ticket(ticket_world, files=[sample_upload("a.pdf")])

    publish_after_commit([TicketAttachment.objects.get().pk])

    assert _relative(media_root) == [_final(ticket, 1, "pdf")]
    assert (media_root / _final(ticket, 1, "pdf")).read_bytes() == PDF_BYTES


def test_a_leftover_of_an_interrupted_publish_is_replaced(
    ticket_world: TicketWorld, media_root: Path
) -> None:
    ticket = make_ticket(ticket_world, files=[sample_upload("a.pdf")])
    leftover = media_root / _final(ticket, 1, "pdf")
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(b"%PDF-setengah")

    publish_after_commit([TicketAttachment.objects.get().pk])

    assert _relative(media_root) == [_final(ticket, 1, "pdf")]
    assert leftover.read_bytes() == PDF_BYTES


def _touch(path: Path, *, old: bool) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"sisa")
    if old:
        os.utime(path, (HOURS_AGO, HOURS_AGO))
    return path


def test_sweep_removes_stale_temp_and_staged_files_only(
    ticket_world: TicketWorld, media_root: Path, settings: Any, tmp_path: Path
) -> None:
    temp_dir = tmp_path / "upload-tmp"
    settings.FILE_UPLOAD_TEMP_DIR = str(temp_dir)
    stale_temp = _touch(temp_dir / "tmpk3j2h1.upload.rhs", old=True)
    fresh_temp = _touch(temp_dir / "tmpa8s7d6.upload.pdf", old=False)
    not_ours = _touch(temp_dir / "cadangan.sql", old=True)
    stale_staged = _touch(media_root / "pending" / "0a1b2c.pdf", old=True)
    fresh_staged = _touch(media_root / "pending" / "3d4e5f.pdf", old=False)

    out = StringIO()
    call_command("sweep_uploads", "--hours", "6", stdout=out)

    assert not stale_temp.exists() and not stale_staged.exists()
    assert fresh_temp.exists() and fresh_staged.exists() and not_ours.exists()
    assert "1 file sementara dihapus" in out.getvalue()
    assert "1 lampiran tertunda dihapus" in out.getvalue()


def test_sweep_orphans_removes_unreferenced_files_in_ticket_folders(
    ticket_world: TicketWorld, media_root: Path
) -> None:
    ticket = make_ticket(ticket_world, files=[sample_upload("a.pdf")])
    publish_after_commit([TicketAttachment.objects.get().pk])
    kept = media_root / _final(ticket, 1, "pdf")
    os.utime(kept, (HOURS_AGO, HOURS_AGO))
    stray = _touch(
        media_root / "tickets" / ticket.number / f"pelapor_{ticket.number}_002.pdf", old=True
    )

    assert sweep_uploads(older_than=timedelta(hours=6)).orphans_removed == 0
    report = sweep_uploads(older_than=timedelta(hours=6), orphans=True)

    assert report.orphans_removed == 1
    assert kept.exists() and not stray.exists()

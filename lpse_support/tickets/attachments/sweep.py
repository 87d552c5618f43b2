"""Removing what interrupted uploads leave behind (issue 11), run by ``manage.py sweep_uploads``.

- Upload temp files (``tmp*.upload*`` in ``FILE_UPLOAD_TEMP_DIR`` or the system temp dir) older
  than the cut-off: a worker killed mid-request never closes them, and nobody else would delete
  them. Only Django's own naming pattern is touched, so a shared /tmp is safe.
- Staged files in ``pending/`` older than the cut-off: one whose row committed is published
  (the ``on_commit`` step did not run or failed); one without a row is a rolled-back or killed
  upload and is deleted.
- Files sent ahead of a form (tus, ``PendingUpload``) whose form was never accepted, after
  ``PENDING_UPLOAD_HOURS`` (24): the row and its bytes (this node's unfinished part, the staged
  copy in ``pending/unggahan/`` of the shared storage); a file in ``pending_dir()`` or an object
  in ``pending/unggahan/`` as old (a crash between writing the bytes and the row, or a node that
  died: its rows are removed by whichever node sweeps, its local parts only by itself).
- With ``orphans=True`` also files in ``tickets/<nomor>/`` that no row references (left by
  versions before staging existed), older than the cut-off.

The cut-off (hours) must exceed the longest upload request, so a file still being received or
staged is never touched.
"""

from __future__ import annotations

import fnmatch
import logging
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.storage import Storage, default_storage
from django.utils import timezone

from lpse_support.tickets.attachments.pending import (
    STAGED_DIR,
    pending_dir,
    remove_file,
    remove_staged,
    staged_name,
)
from lpse_support.tickets.attachments.publish import PENDING_DIR, publish_attachment
from lpse_support.tickets.models import PendingUpload, TicketAttachment

TEMP_PATTERN = "tmp*.upload*"
logger = logging.getLogger("lpse_support.attachments")


@dataclass
class SweepReport:
    temp_removed: int = 0
    pending_removed: int = 0
    pending_published: int = 0
    orphans_removed: int = 0
    sent_ahead_removed: int = 0


def upload_temp_dir() -> str:
    return str(settings.FILE_UPLOAD_TEMP_DIR or tempfile.gettempdir())


def _sweep_temp(cutoff: datetime, report: SweepReport) -> None:
    limit = cutoff.timestamp()
    try:
        entries = list(os.scandir(upload_temp_dir()))
    except FileNotFoundError:
        return
    for entry in entries:
        if not fnmatch.fnmatch(entry.name, TEMP_PATTERN):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < limit:
                os.remove(entry.path)
                report.temp_removed += 1
        except FileNotFoundError:
            continue  # finished and removed by its request meanwhile


def _files(storage: Storage, folder: str) -> list[str]:
    try:
        return [f"{folder}/{name}" for name in storage.listdir(folder)[1]]
    except FileNotFoundError:
        return []


def _older(storage: Storage, name: str, cutoff: datetime) -> bool:
    try:
        return storage.get_modified_time(name) < cutoff
    except FileNotFoundError:
        return False


def _sweep_pending(storage: Storage, cutoff: datetime, report: SweepReport) -> None:
    for name in _files(storage, PENDING_DIR):
        if not _older(storage, name, cutoff):
            continue
        attachment = TicketAttachment.objects.filter(file=name).select_related("ticket").first()
        if attachment is None:
            storage.delete(name)
            report.pending_removed += 1
            continue
        try:
            publish_attachment(attachment)
        except Exception:
            logger.exception("Publishing attachment %s failed", attachment.pk)
        else:
            report.pending_published += 1


def _sweep_orphans(storage: Storage, cutoff: datetime, report: SweepReport) -> None:
    try:
        folders = storage.listdir("tickets")[0]
    except FileNotFoundError:
        return
    for folder in folders:
        referenced = set(
            TicketAttachment.objects.filter(file__startswith=f"tickets/{folder}/").values_list(
                "file", flat=True
            )
        )
        for name in _files(storage, f"tickets/{folder}"):
            if name not in referenced and _older(storage, name, cutoff):
                storage.delete(name)
                report.orphans_removed += 1


def _sweep_sent_ahead(storage: Storage, now: datetime, report: SweepReport) -> None:
    """Uploads sent ahead of a form that was never accepted (or accepted: their row is kept as
    the "used once" record until then), and files left without a row."""
    cutoff = now - timedelta(hours=int(settings.PENDING_UPLOAD_HOURS))
    for upload in PendingUpload.objects.filter(created_at__lt=cutoff).only("pk", "path"):
        remove_file(upload.path)
        remove_staged(staged_name(upload))
        upload.delete()
        report.sent_ahead_removed += 1
    for name in _files(storage, STAGED_DIR):
        if _older(storage, name, cutoff):  # younger than every remaining row's: no row left
            remove_staged(name)
            report.sent_ahead_removed += 1
    try:
        entries = list(os.scandir(pending_dir()))
    except FileNotFoundError:
        return
    known = set(PendingUpload.objects.values_list("path", flat=True))
    for entry in entries:
        try:
            stale = entry.is_file() and entry.stat().st_mtime < cutoff.timestamp()
        except FileNotFoundError:
            continue
        if stale and entry.name not in known:
            remove_file(entry.name)
            report.sent_ahead_removed += 1


def sweep_uploads(
    *, older_than: timedelta, orphans: bool = False, now: datetime | None = None
) -> SweepReport:
    now = now or timezone.now()
    cutoff = now - older_than
    storage = default_storage
    report = SweepReport()
    _sweep_temp(cutoff, report)
    _sweep_pending(storage, cutoff, report)
    _sweep_sent_ahead(storage, now, report)
    if orphans:
        _sweep_orphans(storage, cutoff, report)
    return report

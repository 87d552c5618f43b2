"""Files sent ahead of their form (issue 14 item 8): where a tus upload's bytes live, how a form
names them, and how the action that accepts the form claims them — once.

While it arrives, a ``PendingUpload`` is appended to a plain file in ``pending_dir()`` — a local
directory of the node that received it (the proxy sends every request of one upload to the same
node, deploy/haproxy.cfg). When its last byte arrived and passed the checks, ``stage_received``
streams it into the shared default storage at ``staged_name()`` (``pending/unggahan/<id>``: the
S3 bucket in a cluster, ``MEDIA_ROOT`` on one machine) and deletes the local bytes, so the form
that attaches it may be posted to any node. The form then carries the upload ids;
``open_pending`` turns them into ``PendingFile`` objects read from the storage, which the
action's service checks with the same ``check_upload`` as any multipart file and stores with
the same ``store_attachments`` — a server-side copy (``copy_stored``) to its staging name — which
calls ``claim`` inside the action's transaction, so a pending upload is attached at most once
and only if the action commits. Unused uploads are removed after ``PENDING_UPLOAD_HOURS`` by
``sweep_uploads``."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from contextlib import suppress
from functools import partial
from pathlib import Path
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from lpse_support.accounts.models import User
from lpse_support.tickets.attachments.errors import (
    PendingUploadUnavailable,
    PendingUploadUsed,
    is_disk_full,
    storage_full,
)
from lpse_support.tickets.attachments.publish import PENDING_DIR
from lpse_support.tickets.attachments.validation import CONTENT_TYPES, clean_original_name
from lpse_support.tickets.models import PendingUpload


def pending_dir() -> Path:
    configured = getattr(settings, "PENDING_UPLOAD_DIR", None)
    if configured:
        return Path(configured)
    return Path(settings.FILE_UPLOAD_TEMP_DIR or tempfile.gettempdir()) / "lpse-unggahan"


STAGED_DIR = f"{PENDING_DIR}/unggahan"


def path_of(upload: PendingUpload) -> Path:
    """Where the bytes of an unfinished upload arrive (this node's disk)."""
    return pending_dir() / upload.path


def staged_name(upload: PendingUpload) -> str:
    """Where a finished upload waits for its form, in the shared default storage."""
    return f"{STAGED_DIR}/{upload.pk.hex}"


def remove_file(relative: str) -> None:
    with suppress(FileNotFoundError):
        os.remove(pending_dir() / relative)


def remove_staged(name: str) -> None:
    with suppress(FileNotFoundError):
        default_storage.delete(name)


def discard(upload: PendingUpload) -> None:
    """Cancel an upload: its bytes wherever they are, then its row."""
    remove_file(upload.path)
    remove_staged(staged_name(upload))
    upload.delete()


def stage_received(upload: PendingUpload) -> None:
    """The last byte arrived and passed the checks: stream the local file into the shared
    storage (never whole in memory), then delete it locally. Anything already at the staged
    name is the leftover of an interrupted earlier try of this same upload (its id is unique)."""
    name = staged_name(upload)
    try:
        remove_staged(name)
        with open(path_of(upload), "rb") as handle:
            saved = default_storage.save(name, File(handle, name=name))
    except BaseException as exc:
        remove_staged(name)  # a partial file on a full disk
        if isinstance(exc, OSError) and is_disk_full(exc):
            raise storage_full() from exc
        raise
    if saved != name:
        remove_staged(saved)
        raise RuntimeError(f"{name} was stored as {saved}")
    remove_file(upload.path)


class PendingFile(UploadedFile):
    """A finished pending upload opened for reading, as the services expect an upload: from the
    shared storage (``open_staged``), or — for the checks on its last byte — from this node's
    disk (``open_received``)."""

    def __init__(self, upload: PendingUpload, handle: Any, staged: str = "") -> None:
        extension = upload.filename.rsplit(".", 1)[-1].lower() if "." in upload.filename else ""
        super().__init__(
            handle,
            name=upload.filename,
            content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
            size=upload.size,
        )
        self.pending_id = upload.pk
        self.staged = staged


def open_received(upload: PendingUpload) -> PendingFile:
    return PendingFile(upload, open(path_of(upload), "rb"))  # the caller closes it


def open_staged(upload: PendingUpload) -> PendingFile:
    name = staged_name(upload)
    return PendingFile(upload, default_storage.open(name, "rb"), staged=name)


def parse_ids(values: Iterable[str]) -> list[UUID]:
    ids: list[UUID] = []
    for value in values:
        try:
            ids.append(UUID(str(value)))
        except ValueError:
            raise PendingUploadUnavailable(name=clean_original_name(str(value))[:40]) from None
    return list(dict.fromkeys(ids))


def pending_for_form(owner: User | None, form_key: UUID | None) -> list[PendingUpload]:
    """The finished, unused uploads of ``owner`` for the form with ``form_key`` (the re-drawn
    form lists them, so nobody picks a file twice)."""
    if form_key is None or owner is None:
        return []
    return list(
        PendingUpload.objects.filter(
            owner=owner, form_key=form_key, completed_at__isnull=False, used_at__isnull=True
        ).order_by("created_at")
    )


def open_pending(
    owner: User | None, ids: Sequence[UUID], form_key: UUID | None
) -> list[PendingFile]:
    """The uploads the form names, opened. Already attached ones are left out: the form's key
    was then used by the action that attached them, which makes this submission a replay (a
    no-op) or a refused reuse. Another user's, another form's, an unfinished or a vanished
    upload is refused as unavailable."""
    if not ids:
        return []
    if owner is None or form_key is None:
        raise PendingUploadUnavailable(name=str(ids[0])[:8])
    rows = {
        row.pk: row
        for row in PendingUpload.objects.filter(pk__in=ids, owner=owner, form_key=form_key)
    }
    files: list[PendingFile] = []
    try:
        for upload_id in ids:
            row = rows.get(upload_id)
            if row is not None and row.used_at is not None:
                continue
            if row is None or not row.complete:
                raise PendingUploadUnavailable(name=row.filename if row else str(upload_id)[:8])
            try:
                files.append(open_staged(row))
            except FileNotFoundError:
                raise PendingUploadUnavailable(name=row.filename) from None
    except BaseException:
        close_all(files)
        raise
    return files


def close_all(files: Iterable[UploadedFile]) -> None:
    for upload in files:
        with suppress(OSError):
            upload.close()


def claim(upload: UploadedFile) -> None:
    """Inside the action's transaction: mark a pending upload attached (once), and delete its
    staged bytes after the commit — by then they were copied to the attachment's staging name."""
    if not isinstance(upload, PendingFile):
        return
    claimed = PendingUpload.objects.filter(pk=upload.pending_id, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    if claimed != 1 or not upload.staged:
        raise PendingUploadUsed(name=upload.name)
    transaction.on_commit(partial(remove_staged, upload.staged))


def posted_ids(data: Any) -> list[str]:
    """The ``pending_uploads`` ids a form sent (a QueryDict or a plain dict)."""
    values = data.getlist("pending_uploads") if hasattr(data, "getlist") else []
    return [str(value) for value in values]


def posted_pending(owner: User | None, data: Any, form_key: UUID | None) -> list[PendingFile]:
    """The files a form names by id, opened for its action's service (``open_pending``)."""
    return open_pending(owner, parse_ids(posted_ids(data)), form_key)


def listed_pending(owner: User | None, data: Any, form_key: UUID | None) -> list[PendingUpload]:
    """What the re-drawn form lists again: the posted uploads still waiting for this form."""
    wanted = set(posted_ids(data))
    return [row for row in pending_for_form(owner, form_key) if str(row.pk) in wanted]


def rekey_pending(owner: User | None, data: Any, new: UUID | None) -> None:
    """The form got a new idempotency key (its old one was used elsewhere): its pending uploads
    follow it, so they stay listed and usable."""
    try:
        old = UUID(str(data.get("idempotency_key", "")))
    except ValueError:
        return
    if new is None:
        return
    rows = listed_pending(owner, data, old)
    PendingUpload.objects.filter(pk__in=[row.pk for row in rows]).update(form_key=new)

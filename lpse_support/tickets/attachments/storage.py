"""Storing checked uploads (R-FILE, guide §1.2.11) so that a failure never leaves junk (issue 11).

Inside the action's transaction each file is written under a unique staging name,
``pending/<uuid>.<ext>``, and its row points there. Only after the transaction commits is the
file published to its final name ``tickets/<nomor>/<pihak>_<nomor>_<nnn>.<ext>``
(``publish.py``). So

- a rolled-back action deletes its staged files (``cleanup_on_failure``), and a worker killed
  mid-copy leaves at most a file in ``pending/`` — never in a ticket's folder, where a reused
  ticket number would meet it; ``manage.py sweep_uploads`` removes such leftovers;
- a full disk while staging deletes the partial file and answers 507 (``AttachmentStorageFull``);
- only the storage API is used (``save``, ``open``, ``delete``, ``exists``, ``listdir``), so the
  same holds on S3-compatible storage. See docs/attachments.md.

The default storage is never served from a public URL.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from functools import partial

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max

from lpse_support.accounts.models import User
from lpse_support.tickets.attachments.errors import is_disk_full, storage_full
from lpse_support.tickets.attachments.pending import PendingFile, claim
from lpse_support.tickets.attachments.publish import PENDING_DIR, copy_stored, publish_after_commit
from lpse_support.tickets.attachments.quota import enforce_upload_quota
from lpse_support.tickets.attachments.validation import CheckedUpload
from lpse_support.tickets.models import Ticket, TicketAttachment, TicketMessage

_saved_paths: ContextVar[list[str] | None] = ContextVar("saved_attachment_paths", default=None)


@contextmanager
def cleanup_on_failure() -> Iterator[None]:
    """Delete every file stored inside the block if the block fails (its rows roll back too), so
    a failed action leaves no orphan file behind."""
    saved: list[str] = []
    token = _saved_paths.set(saved)
    try:
        yield
    except BaseException:
        for path in saved:
            default_storage.delete(path)
        raise
    finally:
        _saved_paths.reset(token)


def stored_name(*, side: str, ticket_number: str, sequence: int, extension: str) -> str:
    return f"{side}_{ticket_number}_{sequence:03d}.{extension}"


def _stage(checked: CheckedUpload) -> str:
    """Write the upload under a fresh staging name; on failure leave nothing behind. A file
    sent ahead (tus) already is in the storage: copied there (a link, or server side on S3)."""
    name = f"{PENDING_DIR}/{uuid.uuid4().hex}.{checked.extension}"
    upload = checked.upload
    try:
        if isinstance(upload, PendingFile) and upload.staged:
            return copy_stored(default_storage, upload.staged, name)
        upload.seek(0)
        return default_storage.save(name, upload)
    except BaseException as exc:
        # FileSystemStorage does not remove what it wrote before the error; the name is ours
        # alone (a fresh uuid), so whatever sits there is that partial file.
        with suppress(OSError):
            default_storage.delete(name)
        if is_disk_full(exc):
            raise storage_full() from exc
        raise


def store_attachments(
    *,
    ticket: Ticket,
    message: TicketMessage | None,
    uploader: User,
    side: str,
    uploads: Sequence[CheckedUpload],
) -> list[TicketAttachment]:
    """Save ``uploads`` for ``ticket``. Call inside the action's transaction with the ticket row
    locked, so the running numbers (nnn) are taken by one writer at a time. Refuses beyond the
    uploader's quota (429) and on a full disk (507); publishes the files after the commit."""
    if not uploads:
        return []
    enforce_upload_quota(uploader=uploader, uploads=uploads)
    last = TicketAttachment.objects.filter(ticket=ticket).aggregate(last=Max("sequence"))["last"]
    saved = _saved_paths.get()
    attachments = []
    for sequence, checked in enumerate(uploads, start=(last or 0) + 1):
        name = stored_name(
            side=side, ticket_number=ticket.number, sequence=sequence, extension=checked.extension
        )
        claim(checked.upload)
        path = _stage(checked)
        if saved is not None:
            saved.append(path)
        attachments.append(
            TicketAttachment(
                ticket=ticket,
                message=message,
                uploaded_by=uploader,
                side=side,
                sequence=sequence,
                file=path,
                stored_name=name,
                original_name=checked.original_name,
                size=checked.size,
                content_type=checked.content_type,
                sha256=checked.sha256,
            )
        )
    created = TicketAttachment.objects.bulk_create(attachments)
    transaction.on_commit(partial(publish_after_commit, [row.pk for row in created]))
    return created

"""Moving committed attachments from ``pending/`` to their final names (docs/attachments.md).

Order matters, so that a crash at any point leaves a consistent state:

1. place the bytes at ``tickets/<nomor>/<stored_name>`` — a hard link on a local file system
   (instant, no extra space), a server-side copy on S3 (``PrivateS3Storage.copy_within``: no
   byte passes through the application), else a copy through the storage API (a file system
   without links); anything already at that name is the leftover of an interrupted publish of
   this same row (a final name belongs to one committed row: ticket + running number are
   unique), and is replaced;
2. point the row at the final name (a conditional UPDATE: only if it still points at staging);
3. delete the staged file.

Until step 2 the row points at the staged file, which still exists, so downloads always work. A
crash before step 3 leaves a staged file whose row already moved on, or a committed row still in
``pending/``: ``sweep_uploads`` finishes both.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence

from django.core.files.storage import Storage, default_storage

from lpse_support.tickets.models import TicketAttachment

PENDING_DIR = "pending"
logger = logging.getLogger("lpse_support.attachments")


def final_name(attachment: TicketAttachment) -> str:
    return f"tickets/{attachment.ticket.number}/{attachment.stored_name}"


def is_pending(name: str) -> bool:
    return name.startswith(f"{PENDING_DIR}/")


def _make_folder(storage: Storage, folder: str) -> None:
    """Create the ticket's folder the way ``FileSystemStorage`` would (same permissions)."""
    mode = getattr(storage, "directory_permissions_mode", None)
    if mode is None:
        os.makedirs(folder, exist_ok=True)
        return
    previous = os.umask(0o777 & ~mode)
    try:
        os.makedirs(folder, mode, exist_ok=True)
    finally:
        os.umask(previous)


def _link(storage: Storage, source: str, target: str) -> bool:
    """Hard-link ``source`` to ``target`` when both are local paths; False when not possible."""
    try:
        source_path, target_path = storage.path(source), storage.path(target)
    except NotImplementedError:
        return False
    _make_folder(storage, os.path.dirname(target_path))
    try:
        os.link(source_path, target_path)
    except OSError:
        return False  # no hard links here (some network file systems): copy instead
    return True


def copy_stored(storage: Storage, source: str, target: str) -> str:
    """Place the stored file ``source`` also at the free name ``target`` without the bytes
    passing through memory: a hard link, a server-side copy on S3, else a streamed copy."""
    if _link(storage, source, target):
        return target
    copy_within = getattr(storage, "copy_within", None)
    if copy_within is not None:
        return str(copy_within(source, target))
    with storage.open(source, "rb") as handle:
        return storage.save(target, handle)


def _place(storage: Storage, attachment: TicketAttachment, target: str) -> str:
    source = attachment.file.name
    if storage.exists(target):
        if TicketAttachment.objects.filter(file=target).exclude(pk=attachment.pk).exists():
            raise RuntimeError(f"{target} belongs to another attachment")
        storage.delete(target)
    return copy_stored(storage, source, target)


def publish_attachment(attachment: TicketAttachment) -> str:
    """Publish one attachment whose row points at ``pending/``; return its final name."""
    storage = default_storage
    staged = attachment.file.name
    name = _place(storage, attachment, final_name(attachment))
    TicketAttachment.objects.filter(pk=attachment.pk, file=staged).update(file=name)
    attachment.file.name = name
    storage.delete(staged)
    return name


def publish_after_commit(attachment_ids: Sequence[int]) -> None:
    """Run by ``transaction.on_commit``: the action has succeeded whatever happens here, so a
    failure is logged and left to ``sweep_uploads`` (the file stays downloadable from staging)."""
    rows = TicketAttachment.objects.filter(pk__in=attachment_ids).select_related("ticket")
    for attachment in rows:
        if not is_pending(attachment.file.name):
            continue
        try:
            publish_attachment(attachment)
        except Exception:
            logger.exception(
                "Publishing attachment %s failed; sweep_uploads retries", attachment.pk
            )

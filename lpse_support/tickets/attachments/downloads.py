"""Reading stored attachments back out (R-FILE, R-ZIP), shared by the pages and the API: the
storage's own file object (local disk now, S3-compatible later) and the members of the zip."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, cast

from django.utils import timezone

from lpse_support.tickets.attachments.zipstream import ZipMember
from lpse_support.tickets.models import TicketAttachment

ATTACHMENT_NOT_FOUND = "Lampiran tidak ditemukan."
NO_ATTACHMENTS = "Tiket ini belum memiliki lampiran."


def open_stored(attachment: TicketAttachment) -> IO[bytes]:
    return cast(IO[bytes], attachment.file.storage.open(attachment.file.name, "rb"))


def stored_size(attachment: TicketAttachment) -> int:
    """The stored file's size from the storage (``FileNotFoundError`` when it is gone)."""
    return int(attachment.file.storage.size(attachment.file.name))


def zip_members(attachments: Iterable[TicketAttachment]) -> list[ZipMember]:
    """Each attachment under its stored name; opened only when the zip reaches it."""
    return [
        ZipMember(
            name=attachment.stored_name,
            open=lambda attachment=attachment: open_stored(attachment),  # type: ignore[misc]
            modified=timezone.localtime(attachment.created_at),
        )
        for attachment in attachments
    ]

"""Attachment preview (issue 14 item 7): which stored files may be shown inline — PNG and JPEG
images and PDFs, recognised by their extension *and* re-checked by their bytes when served —
and the one content type each is served with. Everything else is only ever a download.

The check at serving time repeats the upload check (``validation.py``): ``%PDF-`` at byte 0 for a
PDF; for an image its magic bytes, then the walk to its last byte and the Pillow decode of
``images.check_image`` (bounded work and memory). A row whose bytes do not match — an old upload,
a file replaced on the storage — is refused for preview, so an HTML page named ``.png`` is never
answered inline."""

from __future__ import annotations

from typing import IO

from lpse_support.tickets.attachments.downloads import open_stored, stored_size
from lpse_support.tickets.attachments.images import ImageRefused, check_image
from lpse_support.tickets.attachments.validation import FAMILY_BY_EXTENSION, MAGIC
from lpse_support.tickets.models import TicketAttachment

NOT_PREVIEWABLE = "Lampiran ini tidak dapat dipratinjau; silakan unduh file-nya."

# The only content types ever answered inline, by the extension family of validation.py.
PREVIEW_TYPES = {
    "png": "image/png",
    "jpeg": "image/jpeg",
    "pdf": "application/pdf",
}


def _family(attachment: TicketAttachment) -> str | None:
    """The previewable family of ``attachment`` by its name, when its stored type agrees."""
    name = attachment.original_name
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    family = FAMILY_BY_EXTENSION.get(extension, "")
    if attachment.content_type != PREVIEW_TYPES.get(family):
        return None
    return family


def preview_kind(attachment: TicketAttachment) -> str | None:
    """ "image" or "pdf" when the page offers Pratinjau for ``attachment`` (by its name and
    stored content type; the bytes are checked by ``preview_content_type`` when it is opened)."""
    family = _family(attachment)
    if family is None:
        return None
    return "pdf" if family == "pdf" else "image"


def _bytes_match(handle: IO[bytes], family: str, size: int) -> bool:
    head = handle.read(16)
    if family == "pdf":
        return head.startswith(b"%PDF-")
    if not head.startswith(MAGIC[family]):
        return False
    try:
        return check_image(handle, family, size)
    except ImageRefused:
        return False


def preview_content_type(attachment: TicketAttachment) -> str | None:
    """The content type to serve ``attachment`` inline with, or None when it may not be
    previewed; ``FileNotFoundError`` when the stored file is gone."""
    family = _family(attachment)
    if family is None:
        return None
    size = stored_size(attachment)
    with open_stored(attachment) as handle:
        if not _bytes_match(handle, family, size):
            return None
    return PREVIEW_TYPES[family]

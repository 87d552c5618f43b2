"""Storing checked uploads under generated names (R-FILE, guide §1.2.11):
``<pihak>_<nomor tiket>_<nnn>.<ext>`` in ``tickets/<nomor>/`` of the default storage, which is
never served from a public URL. Files stream from the upload's temporary file to storage."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.files.storage import default_storage
from django.db.models import Max

from lpse_support.accounts.models import User
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


def store_attachments(
    *,
    ticket: Ticket,
    message: TicketMessage | None,
    uploader: User,
    side: str,
    uploads: Sequence[CheckedUpload],
) -> list[TicketAttachment]:
    """Save ``uploads`` for ``ticket``. Call inside the action's transaction with the ticket row
    locked, so the running numbers (nnn) are taken by one writer at a time."""
    if not uploads:
        return []
    last = TicketAttachment.objects.filter(ticket=ticket).aggregate(last=Max("sequence"))["last"]
    saved = _saved_paths.get()
    attachments = []
    for sequence, checked in enumerate(uploads, start=(last or 0) + 1):
        name = stored_name(
            side=side, ticket_number=ticket.number, sequence=sequence, extension=checked.extension
        )
        checked.upload.seek(0)
        path = default_storage.save(f"tickets/{ticket.number}/{name}", checked.upload)
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
    return TicketAttachment.objects.bulk_create(attachments)

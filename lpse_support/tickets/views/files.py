"""Attachment downloads (R-FILE, R-ZIP): never from a public path, only through these views,
which find the ticket with ``access_ticket`` (404 for missing and not-yours alike, R-AUTH-2) and
stream the bytes from storage — one file, or all of them as a zip built on the fly."""

from __future__ import annotations

from typing import IO, Any, cast

from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponseBase, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from lpse_support.core.errors import NotFound
from lpse_support.tickets.access import access_ticket
from lpse_support.tickets.attachments.zipstream import ZipMember, zip_stream
from lpse_support.tickets.models import Ticket, TicketAttachment

ATTACHMENT_NOT_FOUND = "Lampiran tidak ditemukan."
NO_ATTACHMENTS = "Tiket ini belum memiliki lampiran."


def _ticket(request: HttpRequest, number: str) -> Ticket:
    try:
        return access_ticket(request.user, number)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def attachments_visible_to(ticket: Ticket, user: Any) -> QuerySet[TicketAttachment]:
    """The ticket's attachments ``user`` may open: the reporter never sees internal notes'."""
    attachments = TicketAttachment.objects.filter(ticket=ticket)
    if user.pk == ticket.reporter_id:
        attachments = attachments.filter(Q(message__isnull=True) | Q(message__is_internal=False))
    return attachments.order_by("sequence")


def _private(response: HttpResponseBase) -> HttpResponseBase:
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _open(attachment: TicketAttachment) -> IO[bytes]:
    return cast(IO[bytes], attachment.file.storage.open(attachment.file.name, "rb"))


@require_GET
@login_required
def attachment_download(request: HttpRequest, number: str, sequence: int) -> HttpResponseBase:
    ticket = _ticket(request, number)
    attachment = attachments_visible_to(ticket, request.user).filter(sequence=sequence).first()
    if attachment is None:
        raise Http404(ATTACHMENT_NOT_FOUND)
    try:
        handle = _open(attachment)
    except FileNotFoundError as exc:
        raise Http404(ATTACHMENT_NOT_FOUND) from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    return _private(response)


@require_GET
@login_required
def attachments_zip(request: HttpRequest, number: str) -> HttpResponseBase:
    """Unduh Semua Lampiran: every attachment the user may see, named by its stored name."""
    ticket = _ticket(request, number)
    attachments = list(attachments_visible_to(ticket, request.user))
    if not attachments:
        raise Http404(NO_ATTACHMENTS)
    members = [
        ZipMember(
            name=attachment.stored_name,
            open=lambda attachment=attachment: _open(attachment),  # type: ignore[misc]
            modified=timezone.localtime(attachment.created_at),
        )
        for attachment in attachments
    ]
    response = StreamingHttpResponse(zip_stream(members), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{ticket.number}_lampiran.zip"'
    return _private(response)

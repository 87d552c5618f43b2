"""Attachment downloads (R-FILE, R-ZIP): never from a public path, only through these views,
which find the ticket with ``access_ticket`` (404 for missing and not-yours alike, R-AUTH-2), keep
to the files ``access.attachments_visible_to`` allows (internal notes' files only for those who may
read internal notes) and stream the bytes from storage — one file, or all of them as a zip built
on the fly.

One file answers HEAD (headers only) and a single ``Range`` (206, resumable downloads; see
``attachments/ranges.py``), with the stored SHA-256 as its strong ETag for ``If-Range``. The zip is
produced while it is sent, so it has no length and no ranges (``Accept-Ranges: none``); HEAD
tells its headers without reading any file.

Pratinjau (issue 14 item 7) answers the same file inline — only PNG, JPEG and PDF whose bytes
are checked again (``attachments/preview.py``), with ``Content-Security-Policy: sandbox`` and
``nosniff``; anything else is 404 there and stays a download (docs/attachments.md).

Bytes are read from the storage in pieces of at most ``ranges.CHUNK`` (local disk or a private S3
bucket alike, docs/storage.md). With ``S3_PRESIGNED_REDIRECT`` a GET download — only after the
checks above — answers 302 to a URL signed for ``S3_PRESIGNED_SECONDS``; previews and zips always
go through the application."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.utils.http import content_disposition_header, http_date
from django.views.decorators.http import require_safe

from lpse_support.accounts.viewer import viewer_of
from lpse_support.tickets.access import access_ticket, attachments_visible_to
from lpse_support.tickets.attachments.downloads import (
    ATTACHMENT_NOT_FOUND,
    NO_ATTACHMENTS,
    open_stored,
    stored_size,
    zip_members,
)
from lpse_support.tickets.attachments.preview import NOT_PREVIEWABLE, preview_content_type
from lpse_support.tickets.attachments.ranges import (
    CHUNK,
    ByteRange,
    RangeNotSatisfiable,
    if_range_allows,
    read_range,
    requested_range,
)
from lpse_support.tickets.attachments.zipstream import zip_stream
from lpse_support.tickets.models import Ticket, TicketAttachment


def _ticket(request: HttpRequest, number: str) -> Ticket:
    return access_ticket(viewer_of(request), number)  # TicketNotFound: a 404 page (core.middleware)


def private(response: HttpResponseBase) -> HttpResponseBase:
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _validators(response: HttpResponseBase, attachment: TicketAttachment, etag: str) -> None:
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    response["Last-Modified"] = http_date(attachment.created_at.timestamp())
    private(response)


def _file_headers(response: HttpResponseBase, attachment: TicketAttachment, etag: str) -> None:
    response["Content-Type"] = attachment.content_type
    disposition = content_disposition_header(True, attachment.original_name)
    if disposition:
        response["Content-Disposition"] = disposition
    _validators(response, attachment, etag)


def _body(
    request: HttpRequest, attachment: TicketAttachment, wanted: ByteRange | None
) -> HttpResponseBase:
    """The response carrying the bytes (none for HEAD): the whole file, or the one range."""
    status = 200 if wanted is None else 206
    if request.method == "HEAD":
        return HttpResponse(status=status)
    try:
        handle = open_stored(attachment)
    except FileNotFoundError as exc:
        raise Http404(ATTACHMENT_NOT_FOUND) from exc
    if wanted is None:
        response = FileResponse(handle)  # whole file: the server may use sendfile
        response.block_size = CHUNK
        return response
    return StreamingHttpResponse(read_range(handle, wanted.start, wanted.length), status=206)


def _attachment(request: HttpRequest, number: str, sequence: int) -> TicketAttachment:
    """The attachment if the user may see it (the one scoping function); else 404."""
    ticket = _ticket(request, number)
    visible = attachments_visible_to(viewer_of(request), ticket)
    attachment = visible.filter(sequence=sequence).first()
    if attachment is None:
        raise Http404(ATTACHMENT_NOT_FOUND)
    return attachment


def _presigned_redirect(
    request: HttpRequest, attachment: TicketAttachment
) -> HttpResponseBase | None:
    """302 to a short-lived signed URL of the object (S3 with ``S3_PRESIGNED_REDIRECT`` only);
    ``None`` when the bytes go through the application."""
    storage = attachment.file.storage
    sign = getattr(storage, "presigned_download_url", None)
    if request.method != "GET" or sign is None or not settings.S3_PRESIGNED_REDIRECT:
        return None
    url = sign(
        attachment.file.name,
        filename_header=content_disposition_header(True, attachment.original_name) or "attachment",
        content_type=attachment.content_type,
        seconds=int(settings.S3_PRESIGNED_SECONDS),
    )
    return private(HttpResponseRedirect(url))


@require_safe
@login_required
def attachment_download(request: HttpRequest, number: str, sequence: int) -> HttpResponseBase:
    attachment = _attachment(request, number, sequence)
    redirect = _presigned_redirect(request, attachment)
    if redirect is not None:
        return redirect
    try:
        size = stored_size(attachment)
    except FileNotFoundError as exc:
        raise Http404(ATTACHMENT_NOT_FOUND) from exc
    etag = f'"{attachment.sha256}"'
    wanted: ByteRange | None = None
    if if_range_allows(
        request.headers.get("If-Range"), etag=etag, last_modified=attachment.created_at
    ):
        try:
            wanted = requested_range(request.headers.get("Range"), size)
        except RangeNotSatisfiable:
            refused = HttpResponse(status=416)
            refused["Content-Range"] = f"bytes */{size}"
            _validators(refused, attachment, etag)
            return refused
    response = _body(request, attachment, wanted)
    _file_headers(response, attachment, etag)
    response["Content-Length"] = str(size if wanted is None else wanted.length)
    if wanted is not None:
        response["Content-Range"] = wanted.content_range(size)
    return response


@require_safe
@login_required
def attachment_preview(request: HttpRequest, number: str, sequence: int) -> HttpResponseBase:
    """Pratinjau: a PNG, JPEG or PDF answered inline, sandboxed; anything else 404."""
    attachment = _attachment(request, number, sequence)
    try:
        content_type = preview_content_type(attachment)
        size = stored_size(attachment)
    except FileNotFoundError as exc:
        raise Http404(ATTACHMENT_NOT_FOUND) from exc
    if content_type is None:
        raise Http404(NOT_PREVIEWABLE)
    response = _body(request, attachment, None)
    response["Content-Type"] = content_type
    disposition = content_disposition_header(False, attachment.original_name)
    if disposition:
        response["Content-Disposition"] = disposition
    response["Content-Length"] = str(size)
    # Opened on its own, the file is an opaque-origin document: no script, no form, no
    # same-origin access (the CSP middleware keeps a header that is already set).
    response["Content-Security-Policy"] = "sandbox"
    return private(response)


@require_safe
@login_required
def attachments_zip(request: HttpRequest, number: str) -> HttpResponseBase:
    """Unduh Semua Lampiran: every attachment the user may see, named by its stored name."""
    ticket = _ticket(request, number)
    attachments = list(attachments_visible_to(viewer_of(request), ticket))
    if not attachments:
        raise Http404(NO_ATTACHMENTS)
    # HEAD: the same streamed response without a body — no file is opened, and (like GET) no
    # Content-Length, which a streamed zip cannot know in advance.
    body = iter(()) if request.method == "HEAD" else zip_stream(zip_members(attachments))
    response = StreamingHttpResponse(body, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{ticket.number}_lampiran.zip"'
    response["Accept-Ranges"] = "none"
    return private(response)

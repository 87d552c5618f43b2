"""A small tus 1.0.0 server at ``/unggah/`` (core protocol + creation and termination) for files
sent as soon as they are chosen (issue 14 item 8, docs/attachments.md "Unggahan tertunda").

- ``OPTIONS /unggah/`` — the protocol's capabilities;
- ``POST /unggah/`` (``Upload-Length``, ``Upload-Metadata``: ``filename``, ``form_key``) — a new
  ``PendingUpload`` of the signed-in user, ``Location`` in the answer (201). Refused before a
  byte is sent: over ``FILE_UPLOAD_MAX_MB`` (413), a type that is not allowed (415), past the
  per-user quota counting the user's other pending uploads (429);
- ``HEAD /unggah/<id>/`` — ``Upload-Offset``: how much arrived, so the client resumes there;
  404 on a node that does not hold the unfinished upload's bytes (its node died: the client
  starts a new upload), the full length once finished (on any node);
- ``PATCH /unggah/<id>/`` (``Upload-Offset`` = the current offset, else 409) — bytes appended,
  streamed to the file in 1 MiB pieces; what arrived before a dropped connection is kept. The
  last piece runs the attachment checks: a refused file is deleted and its Indonesian reason
  answered (``{"code", "message"}``, 413/415/422); an accepted one is moved into the shared
  storage (``stage_received``), so the form may be posted to any node;
- ``DELETE /unggah/<id>/`` — cancel: the file and its row are removed (204).

Login required (403 otherwise); POST/PATCH/DELETE need the CSRF header like every unsafe
request; another user's upload is 404."""

from __future__ import annotations

import base64
import binascii
import fcntl
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import timedelta
from typing import IO, Any

from django.conf import settings
from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache

from lpse_support.accounts.models import User
from lpse_support.core.errors import ApplicationError
from lpse_support.tickets.attachments.errors import (
    AttachmentTooLarge,
    FileTypeNotAllowed,
    is_disk_full,
    storage_full,
)
from lpse_support.tickets.attachments.pending import (
    discard,
    open_received,
    path_of,
    pending_dir,
    stage_received,
)
from lpse_support.tickets.attachments.quota import MB, quota_refusal
from lpse_support.tickets.attachments.validation import (
    ALLOWED_LABEL,
    FAMILY_BY_EXTENSION,
    check_upload,
    clean_original_name,
    max_upload_bytes,
)
from lpse_support.tickets.models import PendingUpload

TUS_VERSION = "1.0.0"
CHUNK = 1024 * 1024
OFFSET_TYPE = "application/offset+octet-stream"


def _tus(response: HttpResponse) -> HttpResponse:
    response["Tus-Resumable"] = TUS_VERSION
    response["Cache-Control"] = "no-store"
    return response


def _plain(status: int, message: str = "") -> HttpResponse:
    return _tus(HttpResponse(message, status=status, content_type="text/plain; charset=utf-8"))


def _refused(error: ApplicationError) -> HttpResponse:
    body = {"code": error.code, "message": error.message}
    return _tus(JsonResponse(body, status=error.http_status))


def _expires(upload: PendingUpload) -> str:
    return http_date(
        (upload.created_at + timedelta(hours=settings.PENDING_UPLOAD_HOURS)).timestamp()
    )


def _metadata(header: str) -> dict[str, str]:
    """``Upload-Metadata``: comma-separated ``key base64value`` pairs."""
    values: dict[str, str] = {}
    for pair in header.split(","):
        parts = pair.strip().split(" ")
        if not parts[0]:
            continue
        raw = parts[1] if len(parts) > 1 else ""
        try:
            values[parts[0]] = base64.b64decode(raw, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise ValueError(parts[0]) from None
    return values


def _header_int(request: HttpRequest, name: str) -> int | None:
    value = request.headers.get(name, "")
    return int(value) if value.isdigit() else None


def _check_quota(owner: User, length: int) -> None:
    """The pending uploads of the last day count against the quota like stored files do."""
    since = timezone.now() - timedelta(hours=settings.PENDING_UPLOAD_HOURS)
    used = PendingUpload.objects.filter(
        owner=owner, used_at__isnull=True, created_at__gte=since
    ).aggregate(files=Count("pk"), size=Sum("size"))
    files = used["files"] + 1
    size = (used["size"] or 0) + length
    if files > int(settings.UPLOAD_QUOTA_FILES) or size > int(settings.UPLOAD_QUOTA_MB) * MB:
        raise quota_refusal(None)


def _create(request: HttpRequest, owner: User) -> HttpResponse:
    length = _header_int(request, "Upload-Length")
    if length is None:
        return _plain(400, gettext("Header Upload-Length wajib diisi."))
    try:
        meta = _metadata(request.headers.get("Upload-Metadata", ""))
        form_key = uuid.UUID(meta.get("form_key", ""))
    except ValueError:
        return _plain(400, gettext("Upload-Metadata tidak valid."))
    name = clean_original_name(meta.get("filename"))
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    try:
        if length > max_upload_bytes():
            raise AttachmentTooLarge(name=name, limit=settings.FILE_UPLOAD_MAX_MB)
        if extension not in FAMILY_BY_EXTENSION:
            raise FileTypeNotAllowed(name=name, allowed=ALLOWED_LABEL)
        _check_quota(owner, length)
        folder = pending_dir()
        folder.mkdir(parents=True, exist_ok=True)
        upload = PendingUpload(owner=owner, form_key=form_key, filename=name, size=length)
        upload.path = f"{upload.pk.hex}.part"
        try:
            path_of(upload).touch(exist_ok=False)
        except OSError as exc:
            if is_disk_full(exc):
                raise storage_full() from exc
            raise
        upload.save()
    except ApplicationError as error:
        return _refused(error)
    response = _plain(201)
    response["Location"] = request.build_absolute_uri(reverse("unggah:upload", args=[upload.pk]))
    response["Upload-Expires"] = _expires(upload)
    return response


def tus_collection(request: HttpRequest) -> HttpResponse:
    """``/unggah/``: OPTIONS (capabilities) and POST (creation)."""
    if request.method == "OPTIONS":
        response = _plain(204)
        response["Tus-Version"] = TUS_VERSION
        response["Tus-Extension"] = "creation,termination,expiration"
        response["Tus-Max-Size"] = str(max_upload_bytes())
        return response
    if not request.user.is_authenticated:
        return _plain(403, gettext("Silakan masuk terlebih dahulu."))
    if request.method != "POST":
        return _plain(405)
    if request.headers.get("Tus-Resumable") != TUS_VERSION:
        return _plain(412)
    assert isinstance(request.user, User)
    return _create(request, request.user)


@contextmanager
def _locked(file: IO[bytes]) -> Iterator[bool]:
    """An exclusive lock on the upload's file: one PATCH at a time (423 for a second)."""
    try:
        fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        yield False
        return
    try:
        yield True
    finally:
        fcntl.flock(file.fileno(), fcntl.LOCK_UN)


def _append(request: HttpRequest, file: IO[bytes], room: int) -> tuple[int, bool]:
    """Copy the body to ``file`` piece by piece; returns (bytes written, too long). A dropped
    connection ends the copy: what arrived is kept (flushed) for the resume."""
    written = 0
    try:
        while True:
            piece = request.read(CHUNK)
            if not piece:
                break
            if written + len(piece) > room:
                return written, True
            file.write(piece)
            written += len(piece)
    except OSError as exc:
        if is_disk_full(exc):
            raise
    finally:
        with suppress(OSError):
            file.flush()
    return written, False


def _finish(upload: PendingUpload) -> HttpResponse | None:
    """The last byte arrived: the same checks as any attachment, then the file moves into the
    shared storage; a refused file (or one the storage could not take) is deleted."""
    upload.completed_at = timezone.now()
    opened = open_received(upload)
    try:
        check_upload(opened)
    except ApplicationError as error:
        opened.close()
        discard(upload)
        return _refused(error)
    opened.close()
    try:
        stage_received(upload)
    except ApplicationError as error:
        discard(upload)
        return _refused(error)
    except BaseException:
        discard(upload)  # the client's HEAD then gets 404 and it starts again
        raise
    upload.save(update_fields=["offset", "completed_at"])
    return None


def _offset_conflict(offset: int) -> HttpResponse:
    response = _plain(409)
    response["Upload-Offset"] = str(offset)
    return response


def _patch(request: HttpRequest, upload: PendingUpload) -> HttpResponse:
    if request.content_type != OFFSET_TYPE:
        return _plain(415)
    offset = _header_int(request, "Upload-Offset")
    if upload.complete:
        return _offset_conflict(upload.size)
    path = path_of(upload)
    try:
        file = open(path, "r+b")  # noqa: SIM115 — closed below
    except FileNotFoundError:
        return _plain(404)  # received by another node, which is gone: start again
    with file, _locked(file) as locked:
        if not locked:
            return _plain(423)
        current = os.fstat(file.fileno()).st_size
        if offset is None or offset != current:
            return _offset_conflict(current)
        file.seek(current)
        try:
            written, too_long = _append(request, file, upload.size - current)
        except OSError:
            file.truncate(current)
            return _refused(storage_full())
        upload.offset = current + written
        if too_long:
            file.truncate(upload.offset)
            PendingUpload.objects.filter(pk=upload.pk).update(offset=upload.offset)
            return _plain(413)
        if upload.offset == upload.size:
            refused = _finish(upload)  # under the lock: a second PATCH meanwhile gets 423
            if refused is not None:
                return refused
        else:
            PendingUpload.objects.filter(pk=upload.pk).update(offset=upload.offset)
    response = _plain(204)
    response["Upload-Offset"] = str(upload.offset)
    response["Upload-Expires"] = _expires(upload)
    return response


def _head(upload: PendingUpload) -> HttpResponse:
    try:
        offset = upload.size if upload.complete else path_of(upload).stat().st_size
    except FileNotFoundError:
        return _plain(404)  # received by another node, which is gone: start again
    response = _plain(200)
    response["Upload-Offset"] = str(offset)
    response["Upload-Length"] = str(upload.size)
    response["Upload-Expires"] = _expires(upload)
    return response


@never_cache
def tus_upload(request: HttpRequest, upload_id: uuid.UUID, **_: Any) -> HttpResponse:
    """``/unggah/<id>/``: HEAD (offset), PATCH (append), DELETE (cancel); the owner's only."""
    if request.method == "OPTIONS":
        return tus_collection(request)
    if not request.user.is_authenticated:
        return _plain(403, gettext("Silakan masuk terlebih dahulu."))
    if request.headers.get("Tus-Resumable") != TUS_VERSION:
        return _plain(412)
    upload = PendingUpload.objects.filter(
        pk=upload_id, owner_id=request.user.pk, used_at__isnull=True
    ).first()
    if upload is None:
        return _plain(404)
    if request.method in ("HEAD", "GET"):
        return _head(upload)
    if request.method == "PATCH":
        return _patch(request, upload)
    if request.method == "DELETE":
        discard(upload)
        return _plain(204)
    return _plain(405)

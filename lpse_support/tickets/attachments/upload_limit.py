"""Refusing oversized uploads while they stream in (R-FILE: 500 MB per file).

``SizeLimitUploadHandler`` sits before Django's ``TemporaryFileUploadHandler`` in
``FILE_UPLOAD_HANDLERS``:

- a request whose ``Content-Length`` exceeds ``FILE_UPLOAD_MAX_MB`` × ``MAX_FILES_PER_REQUEST``
  + 1 MB is refused as soon as its first file starts: the parser stops there
  (``StopUpload(connection_reset=True)``) and the rest of the body is never read. Form fields
  sent before the files (the CSRF token first of all) are still parsed;
- a single file that grows past ``FILE_UPLOAD_MAX_MB`` is dropped (``SkipFile``): the bytes
  already written to its temporary file are deleted, the rest of it is read and thrown away
  chunk by chunk, and the other fields and files of the form still arrive.

Either way the reason, in Indonesian, is left on ``request.upload_rejection`` for the view
(read it with ``upload_rejection(request)``). Nothing is ever held in memory.

``upload_refusal(request)`` gives the pages one coded error for everything the upload handlers
refused: this handler's size refusals (``AttachmentTooLarge``, 413) and files the disk could not
hold (``disk_handler.RefusedUpload``: ``AttachmentStorageFull``, 507). The API needs no such
call for the latter: the ``RefusedUpload`` reaches the service, whose check raises it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload
from django.http import HttpRequest
from django.utils.translation import gettext

from lpse_support.core.errors import ApplicationError
from lpse_support.tickets.attachments.disk_handler import RefusedUpload
from lpse_support.tickets.attachments.errors import AttachmentTooLarge
from lpse_support.tickets.attachments.validation import clean_original_name, max_upload_bytes

MAX_FILES_PER_REQUEST = 10
FORM_ALLOWANCE_BYTES = 1024 * 1024
REJECTION_ATTRIBUTE = "upload_rejection"


def max_request_bytes() -> int:
    """The largest multipart body accepted: every file at the limit plus room for the fields."""
    return max_upload_bytes() * MAX_FILES_PER_REQUEST + FORM_ALLOWANCE_BYTES


def file_too_large_message(name: str) -> str:
    return AttachmentTooLarge(name=name, limit=settings.FILE_UPLOAD_MAX_MB).message


def request_too_large_message() -> str:
    return gettext(
        "Unggahan melebihi batas: maksimal %(maximum)s file, masing-masing %(limit)s MB, dalam "
        "satu pengiriman."
    ) % {"maximum": MAX_FILES_PER_REQUEST, "limit": settings.FILE_UPLOAD_MAX_MB}


def upload_rejection(request: HttpRequest) -> str | None:
    """Why an upload of ``request`` was refused, or None. Parses the body if not done yet."""
    if request.method == "POST":
        request.FILES  # noqa: B018 — parsing runs the upload handlers, which set the reason
    reason = getattr(request, REJECTION_ATTRIBUTE, None)
    return str(reason) if reason else None


def upload_refusal(request: HttpRequest) -> ApplicationError | None:
    """The coded reason the upload handlers refused part of this request's upload, or None.
    A full disk comes first: it is the server's fault and answers 507, not the user's."""
    if request.method == "POST":
        for _field, uploads in request.FILES.lists():
            for upload in uploads:
                if isinstance(upload, RefusedUpload):
                    return upload.refusal
    rejection = upload_rejection(request)
    return AttachmentTooLarge(rejection, field="files") if rejection else None


class SizeLimitUploadHandler(FileUploadHandler):
    """Stops a too-large upload at the first byte past the limit (see module docstring)."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.refuse_files = False
        self.limit = max_upload_bytes()

    def _reject(self, message: str) -> None:
        if self.request is not None and not getattr(self.request, REJECTION_ATTRIBUTE, None):
            setattr(self.request, REJECTION_ATTRIBUTE, message)

    def handle_raw_input(
        self,
        input_data: Any,
        META: dict[str, Any],
        content_length: int,
        boundary: str,
        encoding: str | None = None,
    ) -> None:
        self.limit = max_upload_bytes()
        if content_length and content_length > max_request_bytes():
            # Not refused here: the fields before the first file (CSRF token) still parse.
            self.refuse_files = True
            self._reject(request_too_large_message())

    def new_file(self, field_name: str, file_name: str, *args: Any, **kwargs: Any) -> None:
        super().new_file(field_name, file_name, *args, **kwargs)
        if self.refuse_files:
            raise StopUpload(connection_reset=True)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > self.limit:
            self._reject(file_too_large_message(clean_original_name(self.file_name)))
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        # The next handler (TemporaryFileUploadHandler) builds the uploaded file.
        return None

"""Uploads stream to temporary files; a full temp dir refuses the file instead of failing the
request (issue 11: "Upload temp dir full").

Django's ``TemporaryFileUploadHandler`` lets ``OSError(ENOSPC)`` escape the multipart parser:
the page answered a plain HTML 500, and the half-written temporary file stayed open (held by the
traceback) until the garbage collector ran, so the disk stayed full and every later upload failed
too. ``DiskSpaceUploadHandler`` replaces it in ``FILE_UPLOAD_HANDLERS``: on a full disk it closes
and deletes its temporary file at once, swallows the rest of that file's bytes, and hands the
view a ``RefusedUpload`` in place of the file. The service's ``check_upload`` raises the refusal
it carries (``AttachmentStorageFull``, 507), so the page and the API both answer 507 with the
Indonesian message and nothing is created.
"""

from __future__ import annotations

import io
import os
from contextlib import suppress
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler

from lpse_support.core.errors import ApplicationError
from lpse_support.tickets.attachments.errors import is_disk_full, storage_full


class RefusedUpload(UploadedFile):
    """Stands in for a file the server could not receive; carries the coded reason."""

    def __init__(self, name: str, refusal: ApplicationError) -> None:
        super().__init__(io.BytesIO(), name=name, content_type="application/octet-stream", size=0)
        self.refusal = refusal


class DiskSpaceUploadHandler(TemporaryFileUploadHandler):
    def new_file(self, *args: Any, **kwargs: Any) -> None:
        self.refusal: ApplicationError | None = None
        if hasattr(self, "file"):
            del self.file  # the previous file is the request's now; never clean that one up
        try:
            super().new_file(*args, **kwargs)
        except OSError as exc:
            self._give_up(exc)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if self.refusal is None:
            try:
                self.file.write(raw_data)
            except OSError as exc:
                self._give_up(exc)
        return None

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self.refusal is None:
            try:
                return super().file_complete(file_size)  # its seek(0) flushes the last bytes
            except OSError as exc:
                self._give_up(exc)
        return RefusedUpload(self.file_name or "lampiran", self.refusal or storage_full())

    def _give_up(self, exc: OSError) -> None:
        """Delete the partial file now (its handle too), then refuse — or re-raise an error
        that is not about space, after the same clean-up."""
        upload = getattr(self, "file", None)
        if upload is not None:
            path = upload.temporary_file_path()
            # Closing flushes the buffer, which fails on a full disk too; the handle is closed
            # (and the file unlinked) all the same.
            with suppress(OSError):
                upload.close()
            with suppress(FileNotFoundError):
                os.remove(path)
        if not is_disk_full(exc):
            raise exc
        self.refusal = storage_full()

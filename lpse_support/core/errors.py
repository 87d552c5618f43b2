"""The error catalogue's ground floor: ``ApplicationError`` and its families. The pages and the
API map them to answers (``core/middleware.py``, ``api/errors.py``); docs/errors.md tells how to
add one. Ticket errors live in ``tickets/errors.py`` and ``tickets/attachments/errors.py``."""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Text = str | Promise


class ApplicationError(Exception):
    """A rule of the product refused the request.

    A catalogue class names one violation: a stable snake_case ``code`` (API clients branch on
    it), the family's ``http_status``, the input ``field`` it is about (if any) and an Indonesian
    ``message_template`` (English in locale/en) whose ``%(name)s`` placeholders are filled from
    the keyword arguments: ``TitleTooLong(limit_value=TITLE_MAX)``. The message is translated
    when the error is made, in the language of the request being served. The families also take
    a ready ``message`` for checks at the edge that have no class of their own."""

    code: ClassVar[str] = "application_error"
    http_status: ClassVar[int] = 400
    message_template: ClassVar[Text] = _("Permintaan tidak dapat diproses.")
    field: str | None = None

    def __init__(
        self, message: Text | None = None, *, field: str | None = None, **params: Any
    ) -> None:
        text = str(self.message_template if message is None else message)
        if params:
            text = text % params
        super().__init__(text)
        self.message = text
        if field is not None:
            self.field = field


class NotFound(ApplicationError):
    """Missing or outside the caller's scope: one code for both, so a 404 never tells which."""

    code = "not_found"
    http_status = 404
    message_template = _("Tidak ditemukan.")


class InvalidInput(ApplicationError):
    code = "invalid_input"
    http_status = 422
    message_template = _("Data tidak valid.")


class Conflict(ApplicationError):
    code = "conflict"
    http_status = 409
    message_template = _("Permintaan tidak sesuai dengan keadaan data saat ini.")


class ImportRejected(ApplicationError):
    """A data import found bad rows; nothing was written. ``errors`` lists every bad row."""

    code = "import_rejected"
    http_status = 422
    message_template = _("Impor ditolak: %(count)s kesalahan, tidak ada data yang disimpan.")

    def __init__(self, message: Text | None = None, *, errors: list[str], **params: Any) -> None:
        super().__init__(message, **params)
        self.errors = errors


class RateLimited(ApplicationError):
    """Too much in too little time from one user; the pages and the API answer 429."""

    code = "rate_limited"
    http_status = 429
    message_template = _("Terlalu banyak permintaan. Coba lagi sebentar lagi.")


class StorageFull(ApplicationError):
    """The server's disk (upload temp dir or file storage) is full: nothing was kept (507)."""

    code = "storage_full"
    http_status = 507
    message_template = _(
        "Ruang penyimpanan server sedang penuh. Coba lagi beberapa saat lagi atau hubungi admin "
        "LPSE Support."
    )


def page_status(error: ApplicationError, default: int) -> int:
    """The status a page answers for ``error`` it shows next to the form: ``default`` (the
    page's usual one for bad input) unless the request was refused for reasons that are not the
    input's — too many uploads (429), a full disk (507) — which keep their own status."""
    return error.http_status if isinstance(error, RateLimited | StorageFull) else default

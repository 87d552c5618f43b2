"""Coded application errors raised by services; the pages and the API map them to answers."""

from __future__ import annotations


class ApplicationError(Exception):
    """A rule of the product refused the request. ``message`` is shown to the user (Indonesian)."""

    code = "application_error"
    http_status = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(ApplicationError):
    code = "not_found"
    http_status = 404


class InvalidInput(ApplicationError):
    code = "invalid_input"
    http_status = 422


class Conflict(ApplicationError):
    code = "conflict"
    http_status = 409


class ImportRejected(ApplicationError):
    """A data import found bad rows; nothing was written. ``errors`` lists every bad row."""

    code = "import_rejected"
    http_status = 422

    def __init__(self, message: str, *, errors: list[str]) -> None:
        super().__init__(message)
        self.errors = errors


class RateLimited(ApplicationError):
    """Too much in too little time from one user; the pages and the API answer 429."""

    code = "rate_limited"
    http_status = 429


class StorageFull(ApplicationError):
    """The server's disk (upload temp dir or file storage) is full: nothing was kept (507)."""

    code = "storage_full"
    http_status = 507


def page_status(error: ApplicationError, default: int) -> int:
    """The status a page answers for ``error`` it shows next to the form: ``default`` (the
    page's usual one for bad input) unless the request was refused for reasons that are not the
    input's — too many uploads (429), a full disk (507) — which keep their own status."""
    return error.http_status if isinstance(error, RateLimited | StorageFull) else default

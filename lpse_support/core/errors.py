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

"""The request id (issue 15): taken from the proxy's ``X-Request-ID`` when it looks like one,
otherwise made here; echoed in the response, put on every log record of the request (a logging
filter reads a context variable) and carried to the background work the request leaves behind
(a task's ``request_id`` argument, an e-mail delivery's ``request_id`` column), so the worker's
log lines for that work carry the same id (docs/operations.md, "Logs")."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponseBase

HEADER = "X-Request-ID"
# What a proxy may hand us: letters, digits and - _ . : (a UUID, nginx's $request_id, …).
VALID = re.compile(r"[A-Za-z0-9._:-]{8,64}")

_current: ContextVar[str] = ContextVar("lpse_request_id", default="")


def current() -> str:
    """The id of the request (or task) being served; "" outside of one."""
    return _current.get()


def new_id() -> str:
    return uuid.uuid4().hex


def accepted(value: str | None) -> str:
    """``value`` when it is a well-formed id, else ""."""
    value = (value or "").strip()
    return value if VALID.fullmatch(value) else ""


@contextmanager
def bound(request_id: str) -> Iterator[None]:
    """Log lines written inside carry ``request_id`` (a task or an e-mail run by the worker)."""
    token = _current.set(accepted(request_id))
    try:
        yield
    finally:
        _current.reset(token)


class RequestIdMiddleware:
    """First middleware: every later log line of the request carries its id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request_id = accepted(request.headers.get(HEADER)) or new_id()
        request.request_id = request_id  # type: ignore[attr-defined]
        token = _current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (an empty string outside a request or task). Django
    logs a 4xx/5xx answer ("django.request") after the middleware has returned; that record
    carries the request itself, whose id is read from it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "request_id", "") or current()
        return True

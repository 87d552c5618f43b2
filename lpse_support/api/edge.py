"""The edge of the JSON API (R-API): every request under ``/api/`` is read here first and every
answer under ``/api/`` leaves through here, so that whatever goes wrong the client gets the
``{"detail", "code", "field"}`` envelope — never one of Django's HTML pages.

On the way in, before sessions, CSRF, authentication or any view:

- the query string and the body are parsed once and Django's refusals answered: too many
  fields (``DATA_UPLOAD_MAX_NUMBER_FIELDS``) or files (``DATA_UPLOAD_MAX_NUMBER_FILES``) → 400,
  a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` → 413, a broken multipart body → 422;
- an upload refused by the size-limit upload handler (``tickets/attachments/upload_limit.py``:
  a file over ``FILE_UPLOAD_MAX_MB``, or a declared ``Content-Length`` larger than any allowed
  upload) → 413 naming the file. The handler drops such a file and lets the rest of the form
  through, which suits the page (it shows the form again with the error) but would make an API
  call act without the file; here nothing runs at all.

On the way out, an error (4xx/5xx) that is not JSON — Django's 404, 400 and 500 pages, ninja's
bare 405, a CSRF refusal — becomes the envelope with the same status and headers (``Allow``…).

It must be the first middleware so that its answers cover every layer after it."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest
from django.http.multipartparser import MultiPartParserError
from django.http.response import HttpResponseBase

from lpse_support.api.errors import (
    SERVER_ERROR,
    TOO_LARGE,
    UNREADABLE_FORM,
    envelope_response,
    error_response,
    status_envelope,
)
from lpse_support.api.media_types import FORM_TYPES, content_length
from lpse_support.tickets.attachments import AttachmentTooLarge
from lpse_support.tickets.attachments.upload_limit import upload_rejection

logger = logging.getLogger("lpse_support.api")

API_PREFIX = "/api/"
# Headers that describe the replaced body; every other header (Allow, Retry-After, Vary…) stays.
BODY_HEADERS = frozenset({"content-type", "content-length", "content-disposition"})


def too_many_fields_message() -> str:
    return (
        "Terlalu banyak kolom dalam satu permintaan "
        f"(maksimal {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS})."
    )


def too_many_files_message() -> str:
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FILES
    return f"Terlalu banyak file dalam satu permintaan (maksimal {limit})."


def _read(request: HttpRequest) -> HttpResponseBase | None:
    """Parse the query string and the body now; Django's refusals as envelopes, else None."""
    try:
        request.GET  # noqa: B018 — building the QueryDict enforces the field limit
        if request.method == "POST" and request.content_type in FORM_TYPES:
            request.POST  # noqa: B018 — runs the upload handlers (size limit) once, here
        elif content_length(request):
            request.body  # noqa: B018 — enforces DATA_UPLOAD_MAX_MEMORY_SIZE
    except TooManyFieldsSent:
        return error_response(400, too_many_fields_message(), "too_many_fields")
    except TooManyFilesSent:
        return error_response(400, too_many_files_message(), "too_many_files")
    except RequestDataTooBig:
        return error_response(413, TOO_LARGE, "too_large")
    except MultiPartParserError:
        return error_response(422, UNREADABLE_FORM, "invalid_input")
    rejection = upload_rejection(request)
    if rejection:
        return error_response(413, rejection, AttachmentTooLarge.code, "files")
    return None


def _is_json(response: HttpResponseBase) -> bool:
    media_type = response.get("Content-Type", "").split(";", 1)[0].strip().lower()
    return media_type == "application/json"


def as_envelope(response: HttpResponseBase) -> HttpResponseBase:
    """``response`` itself, or — for a non-JSON error — the envelope with its status and
    headers."""
    if response.status_code < 400 or _is_json(response):
        return response
    envelope = envelope_response(status_envelope(response.status_code), response.status_code)
    for name, value in response.items():
        if name.lower() not in BODY_HEADERS:
            envelope[name] = value
    envelope.cookies = response.cookies
    # Not response.close(): that signals request_finished (closing the database connection)
    # while the request is still being answered; these error pages hold no open resources.
    return envelope


class ApiEnvelopeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        try:
            refusal = _read(request)
        except Exception:
            # Being the outermost layer, nothing else would turn this into an answer.
            logger.exception("Unhandled API error on %s %s", request.method, request.path)
            return error_response(500, SERVER_ERROR, "server_error")
        if refusal is not None:
            return refusal
        return as_envelope(self.get_response(request))

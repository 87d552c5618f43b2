"""One error envelope for the whole API: ``{"detail", "code", "field"}`` (R-API).

Services raise ``ApplicationError``s with their own status (404 out of scope, 409 wrong state,
413/415 refused file, 422 invalid input); validation, authentication, throttling, missing rows
and unexpected failures are mapped here so no response is ever an HTML page. Answers given
outside ninja (wrong method, unknown path, unreadable body, middleware failures) get the same
envelope from ``api/edge.py``, with the texts and codes of ``STATUS_ENVELOPES``."""

from __future__ import annotations

import logging
import math
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ObjectDoesNotExist, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from lpse_support.core import outage
from lpse_support.core.errors import ApplicationError

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger("lpse_support.api")

UNAUTHORIZED = "Autentikasi diperlukan."
NOT_FOUND = "Tidak ditemukan."
TOO_LARGE = "Ukuran permintaan melebihi batas."
THROTTLED = "Terlalu banyak permintaan. Coba lagi sebentar lagi."
SERVER_ERROR = "Terjadi kesalahan pada server."
INVALID = "Data tidak valid."
UNREADABLE = "Isi permintaan tidak dapat dibaca (JSON tidak valid)."
UNREADABLE_FORM = "Isi permintaan tidak dapat dibaca (multipart/form-data tidak valid)."
BAD_REQUEST = "Permintaan tidak valid."
FORBIDDEN = "Akses ditolak."
METHOD_NOT_ALLOWED = "Metode HTTP ini tidak diizinkan untuk alamat ini."
UNSUPPORTED_JSON = "Jenis isi permintaan tidak didukung: kirim Content-Type application/json."
UNSUPPORTED_FORM = (
    "Jenis isi permintaan tidak didukung: kirim Content-Type multipart/form-data "
    "atau application/x-www-form-urlencoded."
)
UNAVAILABLE = "Layanan sedang tidak tersedia. Coba lagi sebentar lagi."
UNPROCESSABLE = "Permintaan tidak dapat diproses."

# An HTTP status produced outside ninja (Django, a middleware) → the envelope's detail and code.
STATUS_ENVELOPES: dict[int, tuple[str, str]] = {
    400: (BAD_REQUEST, "bad_request"),
    401: (UNAUTHORIZED, "unauthorized"),
    403: (FORBIDDEN, "forbidden"),
    404: (NOT_FOUND, "not_found"),
    405: (METHOD_NOT_ALLOWED, "method_not_allowed"),
    413: (TOO_LARGE, "too_large"),
    415: (UNSUPPORTED_JSON, "unsupported_media_type"),
    429: (THROTTLED, "rate_limited"),
    500: (SERVER_ERROR, "server_error"),
    503: (UNAVAILABLE, "unavailable"),
}

# pydantic error types → Indonesian messages (the rest fall back to INVALID).
VALIDATION_MESSAGES = {
    "missing": "Wajib diisi.",
    "int_parsing": "Harus berupa bilangan bulat.",
    "int_type": "Harus berupa bilangan bulat.",
    "float_parsing": "Harus berupa angka.",
    "decimal_parsing": "Harus berupa angka.",
    "bool_parsing": "Harus berupa nilai benar/salah.",
    "string_type": "Harus berupa teks.",
    "string_too_short": "Teks terlalu pendek.",
    "string_too_long": "Teks terlalu panjang.",
    "greater_than": "Nilai terlalu kecil.",
    "greater_than_equal": "Nilai terlalu kecil.",
    "less_than": "Nilai terlalu besar.",
    "less_than_equal": "Nilai terlalu besar.",
    "date_parsing": "Format tanggal tidak valid (YYYY-MM-DD).",
    "date_from_datetime_parsing": "Format tanggal tidak valid (YYYY-MM-DD).",
    "datetime_parsing": "Format tanggal-waktu tidak valid.",
    "enum": "Pilihan tidak valid.",
    "literal_error": "Pilihan tidak valid.",
    "json_invalid": "JSON tidak valid.",
    "model_attributes_type": "Format data tidak valid.",
    "dict_type": "Format data tidak valid.",
    "list_type": "Harus berupa daftar.",
    "extra_forbidden": "Kolom tidak dikenal.",
}


class CsrfFailed(ApplicationError):
    code = "csrf_failed"
    http_status = 403
    message_template = _("Token CSRF tidak valid atau tidak ada.")


def error_body(detail: str, code: str, field: str | None = None) -> dict[str, Any]:
    return {"detail": detail, "code": code, "field": field}


def envelope_response(body: dict[str, Any], status: int) -> JsonResponse:
    """The envelope as a response, for answers given before (or outside) a ninja operation."""
    response = JsonResponse(body, status=status)
    # The edge middleware answers outside CommonMiddleware, which would otherwise add it; without
    # it a client reads until the connection closes (after a dev server drained the body).
    response["Content-Length"] = str(len(response.content))
    # Answered before SecurityMiddleware runs (the edge is outermost), so set what it would.
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


def error_response(status: int, detail: str, code: str, field: str | None = None) -> JsonResponse:
    return envelope_response(error_body(detail, code, field), status)


def status_envelope(status: int) -> dict[str, Any]:
    """The envelope for a bare HTTP status (any 5xx is a server error, other 4xx unprocessable)."""
    if status in STATUS_ENVELOPES:
        detail, code = STATUS_ENVELOPES[status]
    elif status >= 500:
        detail, code = STATUS_ENVELOPES[500]
    else:
        detail, code = UNPROCESSABLE, "http_error"
    return error_body(detail, code)


def _field_of(loc: Any) -> str | None:
    """The field a pydantic error is about: the last named element of its ``loc``
    (``("body", "payload", "subcategory_id")`` → ``subcategory_id``)."""
    if not isinstance(loc, list | tuple):
        return None
    names = [str(part) for part in loc if isinstance(part, str)]
    sources = {"body", "query", "path", "form", "file", "header", "cookie", "payload"}
    meaningful = [name for name in names if name not in sources]
    return meaningful[-1] if meaningful else None


def validation_body(errors: list[dict[str, Any]]) -> dict[str, Any]:
    first = errors[0] if errors else {}
    field = _field_of(first.get("loc"))
    message = VALIDATION_MESSAGES.get(str(first.get("type", "")), INVALID)
    detail = f"{field}: {message}" if field else message
    return error_body(detail, "invalid_input", field)


def install_exception_handlers(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, body: dict[str, Any], status: int) -> HttpResponse:
        return api.create_response(request, body, status=status)

    def on_application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        return respond(request, error_body(exc.message, exc.code, exc.field), exc.http_status)

    def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return respond(request, validation_body(list(exc.errors)), 422)

    def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, error_body(NOT_FOUND, "not_found"), 404)

    def on_too_big(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, error_body(TOO_LARGE, "too_large"), 413)

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc, AuthenticationError) or exc.status_code == 401:
            return respond(request, error_body(UNAUTHORIZED, "unauthorized"), 401)
        if isinstance(exc, Throttled):
            response = respond(request, error_body(THROTTLED, "rate_limited"), 429)
            if exc.wait is not None:
                response["Retry-After"] = str(math.ceil(exc.wait))
            return response
        codes = {403: "forbidden", 404: "not_found", 405: "method_not_allowed"}
        code = codes.get(exc.status_code, "http_error")
        if exc.status_code == 404:
            return respond(request, error_body(NOT_FOUND, code), 404)
        if exc.status_code == 400:
            # ninja's only 400 is an unreadable body (broken JSON): invalid input like the rest.
            return respond(request, error_body(UNREADABLE, "invalid_input"), 422)
        return respond(request, error_body(str(exc.message), code), exc.status_code)

    def on_database_down(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.warning("Database unavailable on %s %s: %s", request.method, request.path, exc)
        return outage.api_response()

    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("Unhandled API error on %s %s", request.method, request.path)
        return respond(request, error_body(SERVER_ERROR, "server_error"), 500)

    # ninja looks handlers up along the exception's MRO, so the most specific class wins.
    handlers: list[tuple[type[Exception], Any]] = [
        (ApplicationError, on_application_error),
        (ValidationError, on_validation_error),
        (Http404, on_not_found),
        (ObjectDoesNotExist, on_not_found),
        (RequestDataTooBig, on_too_big),
        (HttpError, on_http_error),
        *[(exc_class, on_database_down) for exc_class in outage.DATABASE_DOWN],
        (Exception, on_unexpected),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, handler)

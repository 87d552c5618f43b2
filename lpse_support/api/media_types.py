"""415 for a request body an API operation cannot read (R-API).

ninja reads a JSON body whatever its declared type (``text/plain`` included) and reads form
fields from ``request.POST``, which is silently empty for any other type — so a wrong
``Content-Type`` was either accepted or reported as "missing field". Each operation's parameters
tell which body it reads; ``refuse_unreadable_body`` (an API-wide decorator, see ``app.py``)
answers 415 before authentication and before any parameter is parsed when a body of another
type is sent. A request without a body is left to validation (422 naming the missing field)."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from functools import wraps
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from ninja.operation import Operation
from ninja.params.models import BodyModel, FileModel, FormModel

from lpse_support.api.errors import UNSUPPORTED_FORM, UNSUPPORTED_JSON, error_response

FORM_TYPES = frozenset({"multipart/form-data", "application/x-www-form-urlencoded"})
UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"

Run = Callable[..., HttpResponseBase]


class BodyKind(Enum):
    JSON = "json"
    FORM = "form"


def content_length(request: HttpRequest) -> int:
    """The declared body length; unreadable or missing counts as none, as Django does."""
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def body_kind(operation: Operation) -> BodyKind | None:
    """What ``operation`` reads from the body: form fields/files, a JSON document, or nothing."""
    models = operation.models
    if any(issubclass(model, FormModel | FileModel) for model in models):
        return BodyKind.FORM
    if any(issubclass(model, BodyModel) for model in models):
        return BodyKind.JSON
    return None


def _is_json(media_type: str) -> bool:
    return media_type == "application/json" or (
        media_type.startswith("application/") and media_type.endswith("+json")
    )


def media_type_refusal(request: HttpRequest, kind: BodyKind) -> HttpResponseBase | None:
    """The 415 answer when ``request`` carries a body that is not of ``kind``, else None."""
    if content_length(request) == 0:
        return None
    media_type = (request.content_type or "").lower()
    if kind is BodyKind.JSON and not _is_json(media_type):
        return error_response(415, UNSUPPORTED_JSON, UNSUPPORTED_MEDIA_TYPE)
    if kind is BodyKind.FORM and media_type not in FORM_TYPES:
        return error_response(415, UNSUPPORTED_FORM, UNSUPPORTED_MEDIA_TYPE)
    return None


def refuse_unreadable_body(run: Run) -> Run:
    """ninja "view" decorator: wraps ``Operation.run`` (auth, throttle, parsing, the view)."""
    operation = getattr(run, "__self__", None)
    if not isinstance(operation, Operation):
        # Another view decorator was applied first: this one needs the operation itself.
        raise ImproperlyConfigured("refuse_unreadable_body must be the first view decorator.")
    kind = body_kind(operation)
    if kind is None:
        return run

    @wraps(run)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return media_type_refusal(request, kind) or run(request, *args, **kwargs)

    return checked

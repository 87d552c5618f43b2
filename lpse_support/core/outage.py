"""While the database is unreachable (restart, outage, failover) every request answers 503 with
``Retry-After`` instead of a 500: the API its JSON envelope, pages a short Indonesian page that
is rendered without touching the database (no request context, so no context processor runs).

View errors arrive in ``process_exception``. Errors raised inside another middleware (sessions,
authentication, the login throttle) are turned into 500 responses by Django before they reach
us, so the ``got_request_exception`` signal marks the request and the 500 is replaced here.
The API's own handler (api/errors.py) answers with ``api_response`` for errors in its views."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static

logger = logging.getLogger(__name__)

DATABASE_DOWN = (OperationalError, InterfaceError)
MESSAGE = "Layanan sedang gangguan, coba lagi beberapa saat lagi."
CODE = "service_unavailable"
MARK = "_lpse_database_down"


def _unavailable(response: HttpResponse) -> HttpResponse:
    response["Retry-After"] = str(settings.SERVICE_UNAVAILABLE_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


def api_response() -> HttpResponse:
    body = {"detail": MESSAGE, "code": CODE, "field": None}
    return _unavailable(JsonResponse(body, status=503))


def _stylesheet() -> str:
    try:
        return static("vendor/bootstrap/bootstrap.min.css")
    except ValueError:  # no manifest entry (collectstatic not run): the page works unstyled
        return ""


def page_response(request: HttpRequest) -> HttpResponse:
    html = render_to_string(
        "core/outage.html",
        {
            "stylesheet": _stylesheet(),
            "retry_after": settings.SERVICE_UNAVAILABLE_RETRY_AFTER,
            "retry_url": request.get_full_path() if request.method == "GET" else "",
        },
    )
    return _unavailable(HttpResponse(html, status=503))


def outage_response(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        return api_response()
    return page_response(request)


def _mark_request(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    if request is not None and isinstance(sys.exc_info()[1], DATABASE_DOWN):
        setattr(request, MARK, True)


got_request_exception.connect(_mark_request, dispatch_uid="lpse_support.core.outage")


class DatabaseOutageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response: HttpResponseBase = self.get_response(request)
        if response.status_code == 500 and getattr(request, MARK, False):
            return outage_response(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DATABASE_DOWN):
            return None
        logger.warning(
            "Basis data tidak dapat dihubungi (%s %s): %s", request.method, request.path, exception
        )
        return outage_response(request)

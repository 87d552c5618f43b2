"""Read-your-writes with a read replica: a request that writes (POST/PUT/PATCH/DELETE, or any row
saved or deleted while it runs) reads the primary, and so do the same user's requests for the
next ``REPLICA_PIN_SECONDS`` — remembered in a cookie (this browser, no shared state needed) and
in the shared cache under the user's id (API clients without cookies, other tabs and devices).
Without a replica the middleware does nothing (core/replica.py)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponseBase

from lpse_support.core.replica import (
    RequestPin,
    current_pin,
    end_request,
    pin_to_primary,
    replica_configured,
    start_request,
)

COOKIE = "lpse_primary_until"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def user_cache_key(user_id: object) -> str:
    return f"replica-pin:{user_id}"


def _cookie_deadline(request: HttpRequest) -> float:
    try:
        return float(request.COOKIES.get(COOKIE, "0"))
    except ValueError:
        return 0.0


def _user_id(request: HttpRequest) -> object | None:
    """The session's user, or the API token's (django-ninja puts it in ``request.auth``)."""
    for who in (getattr(request, "user", None), getattr(request, "auth", None)):
        if who is not None and getattr(who, "is_authenticated", False):
            return who.pk
    return None


def _earlier_write(request: HttpRequest) -> Callable[[], bool]:
    def pinned() -> bool:
        if _cookie_deadline(request) > time.time():
            return True
        user_id = _user_id(request)
        return user_id is not None and bool(cache.get(user_cache_key(user_id)))

    return pinned


class ReplicaPinMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not replica_configured():
            return self.get_response(request)
        pin = RequestPin(
            wrote=request.method not in SAFE_METHODS, earlier_write=_earlier_write(request)
        )
        token = start_request(pin)
        try:
            response = self.get_response(request)
        finally:
            end_request(token)
        if pin.wrote:
            seconds = settings.REPLICA_PIN_SECONDS
            response.set_cookie(
                COOKIE,
                str(int(time.time()) + seconds + 1),
                max_age=seconds + 1,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
            user_id = _user_id(request)
            if user_id is not None:
                cache.set(user_cache_key(user_id), 1, timeout=seconds)
        return response


def _row_written(sender: Any, **kwargs: Any) -> None:
    if current_pin() is not None:
        pin_to_primary()


def connect_signals() -> None:
    """A GET that saves a row (a page that marks something read) pins like a POST."""
    post_save.connect(_row_written, dispatch_uid="lpse_replica_pin_save")
    post_delete.connect(_row_written, dispatch_uid="lpse_replica_pin_delete")

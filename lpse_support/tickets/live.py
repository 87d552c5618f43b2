"""Live updates (R-UI-8) by conditional polling: an open list, dashboard or detail page asks for
itself again every ``poll_seconds()`` (10 by default) with ``If-None-Match``; the answer is
``304 Not Modified`` (one index-only query, no rendering) until a ticket event happened since the
page was drawn — every change to a ticket goes through a service that writes a ``TicketEvent``, so
the newest event id is a complete change stamp. Only then is the page rendered again, and
static/js/live.js swaps the regions marked ``data-live-region`` that changed, leaving any region
with a field being typed in alone. The reasoning and the cost per open page are in
docs/live-updates.md.

The ETag is an HMAC (SECRET_KEY) of the user, the URL, the language, the change stamp and the
current minute (so "Sisa 3 jam" texts move on): it cannot be guessed to probe another user's
ticket, and it says nothing about the content.

The unnarrowed stamp (lists, dashboard) is shared through the cache (issue 15): each committed
event publishes its id there (tickets/committed.py), so a poll costs no query on any node. On a
miss — Redis down, the key expired (after ``LIVE_STAMP_CACHE_SECONDS``) or never set — the stamp
is read from the database as before, so a Redis outage costs one query per poll and no update is
lost; ``LIVE_STAMP_CACHE_SECONDS = 0`` reads the database always."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language

from lpse_support.tickets.models import TicketEvent

LIVE_POLL_SECONDS = 10
STAMP_KEY = "tickets:live:stamp:v1"
# A published stamp lives this long: the bound on a stamp left stale by a write Redis dropped.
LIVE_STAMP_CACHE_SECONDS = 60


def poll_seconds() -> int:
    """Seconds between two checks of an open page (``LPSE_SUPPORT["LIVE_POLL_SECONDS"]``)."""
    return int(settings.LPSE_SUPPORT.get("LIVE_POLL_SECONDS", LIVE_POLL_SECONDS))


def latest_event_id(*conditions: Q, **filters: Any) -> int:
    """The newest ticket event (all tickets, or those matching ``conditions`` and ``filters``):
    one index lookup."""
    newest = (
        TicketEvent.objects.filter(*conditions, **filters)
        .order_by("-pk")
        .values_list("pk", flat=True)
    )
    return int(newest.first() or 0)


# Caches private to one process: a stamp published there would not reach the other processes
# (the web server's, the worker's), so with them the database is the stamp.
PROCESS_CACHES = ("LocMemCache", "DummyCache")


def stamp_cache_seconds() -> int:
    """How long the shared stamp lives in the cache; 0 (the database) unless the cache is shared."""
    if str(settings.CACHES["default"]["BACKEND"]).endswith(PROCESS_CACHES):
        return 0
    return int(settings.LPSE_SUPPORT.get("LIVE_STAMP_CACHE_SECONDS", LIVE_STAMP_CACHE_SECONDS))


def change_stamp() -> int:
    """The stamp of every ticket: the id of the newest committed event, from the shared cache
    when it holds one, else from the database (and offered to the cache)."""
    seconds = stamp_cache_seconds()
    if seconds <= 0:
        return latest_event_id()
    cached = cache.get(STAMP_KEY)
    if isinstance(cached, int):
        return cached
    newest = latest_event_id()
    cache.add(STAMP_KEY, newest, timeout=seconds)
    return newest


def publish_change(event_id: int) -> None:
    """After an event commits: every node's next poll sees a new stamp. Any new value makes the
    open pages draw themselves again from the database, so two commits publishing out of order
    still show both events."""
    seconds = stamp_cache_seconds()
    if seconds > 0:
        cache.set(STAMP_KEY, event_id, timeout=seconds)


def page_etag(request: HttpRequest, stamp: int) -> str:
    parts = (
        getattr(request.user, "pk", ""),
        request.get_full_path(),
        get_language() or "",
        stamp,
        int(time.time() // 60),
    )
    digest = salted_hmac("lpse_support.live", "|".join(str(part) for part in parts)).hexdigest()
    return f'"{digest[:32]}"'


def _matches(request: HttpRequest, etag: str) -> bool:
    header = request.headers.get("If-None-Match", "")
    return any(tag.strip() in (etag, "W/" + etag) for tag in header.split(",") if tag.strip())


class LivePageMixin:
    """For a page view: answers 304 while nothing changed, marks the page for live.js."""

    request: HttpRequest
    live_etag: str = ""

    def live_stamp(self) -> int:
        """The change stamp of what this page shows; pages narrow it where they can."""
        return change_stamp()

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method in ("GET", "HEAD") and getattr(request.user, "is_authenticated", False):
            self.kwargs = kwargs
            self.live_etag = page_etag(request, self.live_stamp())
            if _matches(request, self.live_etag):
                not_modified = HttpResponseNotModified()
                not_modified["ETag"] = self.live_etag
                return not_modified
        response: HttpResponseBase = super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        if self.live_etag and isinstance(response, HttpResponse) and response.status_code == 200:
            response["ETag"] = self.live_etag
            response["Cache-Control"] = "private, no-cache"
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.update(live_etag=self.live_etag, live_seconds=poll_seconds())
        return context

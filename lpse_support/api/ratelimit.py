"""Per-client rate limit (R-API): ``API_RATE_LIMIT_PER_MINUTE`` requests per fixed one-minute
window, counted in the Django cache per token (or per user for a session). Over the limit the
API answers 429 with ``Retry-After`` (seconds until the window ends).

The count is only as shared as the cache: with several server processes it must be Redis
(``REDIS_URL``; ``check --deploy`` warns otherwise, lpse_support.W010). When Redis cannot be
reached the cache answers nothing (django-redis ``IGNORE_EXCEPTIONS``) and the limit fails open:
it protects capacity, not secrets, and refusing every call would turn a cache outage into an API
outage. Login throttling is counted in the database and stays closed (docs/deploy.md)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from lpse_support.core import ratelimit

WINDOW_SECONDS = 60
DEFAULT_LIMIT = 600


def rate_limit() -> int:
    return int(getattr(settings, "API_RATE_LIMIT_PER_MINUTE", DEFAULT_LIMIT))


def client_key(request: HttpRequest) -> str | None:
    token = getattr(request, "api_token", None)
    if token is not None:
        return f"token:{token.pk}"
    user = getattr(request, "auth", None) or getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return f"user:{user.pk}"
    return None


class FixedWindowThrottle(BaseThrottle):
    """Fixed window counted by ``core/ratelimit.hit`` (the key names the current minute, so it
    simply expires). Stateless apart from the cache (one instance serves every thread)."""

    def allow_request(self, request: HttpRequest) -> bool:
        ident = client_key(request)
        if ident is None:
            return True
        return ratelimit.hit(f"api-rate:{ident}", limit=rate_limit(), seconds=WINDOW_SECONDS)

    def wait(self) -> float:
        return ratelimit.seconds_left(WINDOW_SECONDS)

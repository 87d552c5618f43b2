"""Fixed-window counters in the Django cache, shared by the API rate limit and the password-reset
throttle: the counter's key names the current window, so it simply expires.

The count is only as shared as the cache: with several server processes it must be Redis
(``REDIS_URL``; ``check --deploy`` warns otherwise, lpse_support.W010). When Redis cannot be
reached the cache answers nothing (django-redis ``IGNORE_EXCEPTIONS``) and every window fails
open: these limits protect capacity and mailboxes, not secrets."""

from __future__ import annotations

import logging
import time

from django.core.cache import cache

from lpse_support.core import metrics

logger = logging.getLogger(__name__)


def window_index(seconds: int) -> int:
    return int(time.time() // seconds)


def seconds_left(seconds: int) -> float:
    """Seconds until the current window of ``seconds`` ends (at least one)."""
    return max(1.0, seconds - (time.time() % seconds))


def hit(key: str, *, limit: int, seconds: int) -> bool:
    """Count one hit on ``key`` in the current window; False once the window holds more than
    ``limit`` hits. ``limit <= 0`` means no limit."""
    if limit <= 0:
        return True
    window_key = f"{key}:{window_index(seconds)}"
    # add() is atomic on every backend: only the first hit of the window creates the counter.
    if cache.add(window_key, 1, timeout=seconds + 5):
        return True
    try:
        count = cache.incr(window_key)
    except ValueError:  # expired between add() and incr()
        cache.add(window_key, 1, timeout=seconds + 5)
        return True
    if count is None:
        # The cache is unreachable and its errors are ignored — fail open (see above), counted
        # (lpse_rate_limit_cache_unavailable_total) and logged so the outage is seen.
        metrics.RATE_LIMIT_CACHE_ERRORS.inc()
        logger.warning("Batas laju tidak dihitung (cache tidak terjangkau): %s", key.split(":")[0])
        return True
    return int(count) <= limit

"""A small thread-safe circuit breaker for the data-warehouse connector (R-DW).

Closed: calls go through; each failed call adds one to a counter, a successful call resets it.
After ``failure_threshold`` consecutive failed calls the breaker opens: calls are refused without
touching the network for ``open_seconds``. Then it is half-open: exactly one trial call is let
through (concurrent callers are still refused); success closes the breaker, failure opens it again
for another full period.

The thresholds are passed on each call rather than fixed at construction because they live in
``settings.LPSE_SUPPORT`` and may change at run time (tests switch them per test).

``CircuitBreaker`` keeps its state in the process; ``SharedCircuitBreaker`` (the warehouse's)
keeps it in the Django cache, so with Redis (``REDIS_URL``) every process and node sees the same
breaker: one node's failures open it for all, and one trial call is let through cluster-wide.
Redis down: the cache answers nothing, the breaker reads as closed and calls go out, each still
bounded by the connector's timeout and retries (docs/operations.md, "Redis").
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, Literal, Protocol

from django.core.cache import cache as default_cache

BreakerState = Literal["closed", "open", "half_open"]


class Breaker(Protocol):
    def allow(self, *, open_seconds: float) -> bool: ...
    def record_success(self) -> None: ...
    def record_failure(self, *, failure_threshold: int) -> None: ...
    def state(self, *, open_seconds: float) -> BreakerState: ...
    def reset(self) -> None: ...


class CircuitBreaker:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._failures = 0
        self._opened_at: float | None = None
        self._trial_running = False

    def allow(self, *, open_seconds: float) -> bool:
        """May a call go out now? In half-open state, True is answered to one caller only."""
        with self._lock:
            if self._opened_at is None:
                return True
            if self._trial_running:
                return False
            if self.clock() - self._opened_at < open_seconds:
                return False
            self._trial_running = True
            return True

    def record_success(self) -> None:
        with self._lock:
            self._failures = 0
            self._opened_at = None
            self._trial_running = False

    def record_failure(self, *, failure_threshold: int) -> None:
        """Count one failed call; ``failure_threshold`` ≤ 0 disables opening."""
        with self._lock:
            if self._trial_running:
                self._trial_running = False
                self._opened_at = self.clock()
                return
            self._failures += 1
            if (
                failure_threshold > 0
                and self._failures >= failure_threshold
                and self._opened_at is None
            ):
                self._opened_at = self.clock()

    def state(self, *, open_seconds: float) -> BreakerState:
        with self._lock:
            if self._opened_at is None:
                return "closed"
            if self._trial_running or self.clock() - self._opened_at >= open_seconds:
                return "half_open"
            return "open"

    @property
    def consecutive_failures(self) -> int:
        with self._lock:
            return self._failures

    def reset(self) -> None:
        with self._lock:
            self._failures = 0
            self._opened_at = None
            self._trial_running = False


# Keys of a shared breaker outlive any sensible open period, and then go (nothing lingers forever).
SHARED_STATE_SECONDS = 24 * 3600


class SharedCircuitBreaker:
    """The same rules as ``CircuitBreaker`` with the state in the cache under ``name``: the count
    of consecutive failures (an atomic counter), the wall-clock time it opened, and the half-open
    trial (an ``add``, which only one caller on any node wins; it expires after the open period,
    so a trial whose process died does not keep the breaker shut)."""

    def __init__(
        self, name: str, *, cache: Any = None, clock: Callable[[], float] = time.time
    ) -> None:
        self.name = name
        self._cache = cache
        self.clock = clock

    @property
    def cache(self) -> Any:
        return self._cache if self._cache is not None else default_cache

    def _key(self, part: str) -> str:
        return f"breaker:{self.name}:{part}"

    def _opened_at(self) -> float | None:
        value = self.cache.get(self._key("opened"))
        return float(value) if isinstance(value, (int, float)) else None

    def allow(self, *, open_seconds: float) -> bool:
        opened = self._opened_at()
        if opened is None:
            return True
        if self.clock() - opened < open_seconds:
            return False
        trial_seconds = max(1, int(open_seconds) + 1)
        return bool(self.cache.add(self._key("trial"), 1, timeout=trial_seconds))

    def record_success(self) -> None:
        self.cache.delete_many([self._key("failures"), self._key("opened"), self._key("trial")])

    def record_failure(self, *, failure_threshold: int) -> None:
        if self.cache.get(self._key("trial")) is not None and self._opened_at() is not None:
            # The trial failed: open again for a full period.
            self.cache.set(self._key("opened"), self.clock(), timeout=SHARED_STATE_SECONDS)
            self.cache.delete(self._key("trial"))
            return
        failures = self._count_failure()
        if failure_threshold > 0 and failures >= failure_threshold:
            self.cache.add(self._key("opened"), self.clock(), timeout=SHARED_STATE_SECONDS)

    def _count_failure(self) -> int:
        key = self._key("failures")
        if self.cache.add(key, 1, timeout=SHARED_STATE_SECONDS):
            return 1
        try:
            count = self.cache.incr(key)
        except ValueError:  # expired between add() and incr()
            self.cache.add(key, 1, timeout=SHARED_STATE_SECONDS)
            return 1
        return int(count or 0)

    def state(self, *, open_seconds: float) -> BreakerState:
        opened = self._opened_at()
        if opened is None:
            return "closed"
        if self.cache.get(self._key("trial")) is not None:
            return "half_open"
        if self.clock() - opened >= open_seconds:
            return "half_open"
        return "open"

    @property
    def consecutive_failures(self) -> int:
        return int(self.cache.get(self._key("failures")) or 0)

    def reset(self) -> None:
        self.record_success()


# The warehouse's breaker: every connector instance (one per request), in every process sharing
# the cache, reads and writes the same state.
warehouse_breaker = SharedCircuitBreaker("tenders-warehouse")


def reset_warehouse_breaker() -> None:
    """Close the shared breaker and forget failures (tests; an operator after fixing the link)."""
    warehouse_breaker.reset()

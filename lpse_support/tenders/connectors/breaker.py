"""A small thread-safe circuit breaker for the data-warehouse connector (R-DW).

Closed: calls go through; each failed call adds one to a counter, a successful call resets it.
After ``failure_threshold`` consecutive failed calls the breaker opens: calls are refused without
touching the network for ``open_seconds``. Then it is half-open: exactly one trial call is let
through (concurrent callers are still refused); success closes the breaker, failure opens it again
for another full period.

The thresholds are passed on each call rather than fixed at construction because they live in
``settings.LPSE_SUPPORT`` and may change at run time (tests switch them per test).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Literal

BreakerState = Literal["closed", "open", "half_open"]


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


# One breaker per process for the warehouse: every connector instance (one per request) shares it.
warehouse_breaker = CircuitBreaker()


def reset_warehouse_breaker() -> None:
    """Close the shared breaker and forget failures (tests; an operator after fixing the link)."""
    warehouse_breaker.reset()

"""Which database a read that may be a few seconds stale goes to (docs/deploy.md, "Read replica").

Only code that opts in reads the replica: REPORTING, the exports and the lists' capped counts,
through ``reading_replica()`` (queries run inside the block) or ``replica_alias()`` (for a
queryset evaluated later, e.g. a streamed export: ``tickets.using(replica_alias())``). Every
other read, and every write, goes to the primary. Even where code opts in, the primary answers
when

- no replica is configured (``DATABASE_REPLICA_URL`` unset: ``make run``, the unit tests);
- this request wrote, or the same user wrote within ``REPLICA_PIN_SECONDS`` (read-your-writes:
  ``core/replica_pin.py`` keeps that pin in a cookie and in the shared cache);
- the code runs inside a transaction on the primary (it must see its own uncommitted rows);
- the replica is unreachable or more than ``REPLICA_MAX_LAG_SECONDS`` behind — measured at most
  every ``REPLICA_CHECK_SECONDS`` per process, so the check costs one tiny query now and then.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

logger = logging.getLogger(__name__)

# The standby's replay delay in seconds: 0 when everything received is replayed (an idle primary
# sends nothing to replay), the age of the last replayed transaction otherwise; NULL (never
# replayed since start, with WAL waiting) counts as far behind. Not in recovery: a primary, 0.
LAG_SQL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN 0
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
    ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 1e9)
END
"""


@dataclass
class RequestPin:
    """One request's read-your-writes state (set by ``ReplicaPinMiddleware``)."""

    # This request wrote: an unsafe method, or a row saved or deleted while it ran.
    wrote: bool = False
    # The user's earlier write (cookie or shared cache) still pins the primary; evaluated at
    # most once, and only when some code asks for the replica.
    earlier_write: Callable[[], bool] | None = None
    _earlier: bool | None = None

    def pinned(self) -> bool:
        if self.wrote:
            return True
        if self._earlier is None:
            self._earlier = bool(self.earlier_write and self.earlier_write())
        return self._earlier


_request_pin: ContextVar[RequestPin | None] = ContextVar("lpse_request_pin", default=None)
_reading: ContextVar[str | None] = ContextVar("lpse_reading_replica", default=None)


def replica_configured() -> bool:
    return bool(settings.REPLICA_DATABASE)


def current_pin() -> RequestPin | None:
    return _request_pin.get()


def start_request(pin: RequestPin) -> object:
    return _request_pin.set(pin)


def end_request(token: object) -> None:
    _request_pin.reset(token)  # type: ignore[arg-type]


def pin_to_primary() -> None:
    """This request wrote: it and the user's next requests read the primary."""
    pin = _request_pin.get()
    if pin is not None:
        pin.wrote = True


def is_pinned() -> bool:
    pin = _request_pin.get()
    return pin is not None and pin.pinned()


class _LagCache:
    """The last measurement of the replica, per process (thread-safe)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.checked_at = float("-inf")
        self.usable = False

    def forget(self) -> None:
        with self.lock:
            self.checked_at = float("-inf")


_lag = _LagCache()


def measure_lag(alias: str) -> float | None:
    """Seconds the replica ``alias`` is behind, or None when it cannot be asked."""
    try:
        with connections[alias].cursor() as cursor:
            if connections[alias].vendor != "postgresql":
                return 0.0  # a mirror in tests, or another engine: nothing to measure
            cursor.execute(LAG_SQL)
            row = cursor.fetchone()
    except DatabaseError as exc:
        logger.warning("Replika basis data tidak dapat dihubungi: %s", exc)
        connections[alias].close_if_unusable_or_obsolete()
        return None
    return float(row[0]) if row and row[0] is not None else None


def replica_usable() -> bool:
    """Whether the replica answers and is at most ``REPLICA_MAX_LAG_SECONDS`` behind; the answer
    is reused for ``REPLICA_CHECK_SECONDS`` in this process."""
    now = time.monotonic()
    with _lag.lock:
        if now - _lag.checked_at < settings.REPLICA_CHECK_SECONDS:
            return _lag.usable
    lag = measure_lag(settings.REPLICA_DATABASE)
    usable = lag is not None and lag <= settings.REPLICA_MAX_LAG_SECONDS
    if lag is not None and not usable:
        logger.warning("Replika tertinggal %.1f detik: membaca dari primary", lag)
    with _lag.lock:
        _lag.checked_at, _lag.usable = time.monotonic(), usable
    return usable


def forget_replica_state() -> None:
    """Measure the replica again at the next question (tests, after a failover)."""
    _lag.forget()


def replica_alias() -> str:
    """The alias for a read that may be slightly stale: the replica, or the primary whenever one
    of the rules in this module's docstring says so."""
    if not replica_configured():
        return DEFAULT_DB_ALIAS
    if connections[DEFAULT_DB_ALIAS].in_atomic_block or is_pinned():
        return DEFAULT_DB_ALIAS
    return settings.REPLICA_DATABASE if replica_usable() else DEFAULT_DB_ALIAS


def reading_alias() -> str | None:
    """The alias chosen by the innermost ``reading_replica()`` block, or None outside one."""
    return _reading.get()


@contextmanager
def reading_replica() -> Iterator[str]:
    """Reads inside the block (through the router, ``core/db_router.py``) go to the alias that
    ``replica_alias()`` picks once at the start; the alias is also given to the block."""
    alias = replica_alias()
    token = _reading.set(alias)
    try:
        yield alias
    finally:
        _reading.reset(token)

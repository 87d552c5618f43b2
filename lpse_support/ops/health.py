"""Readiness checks (``/readyz``, issue 15): the databases, Redis when configured, the default
file storage (S3 when configured) and the background backlog against its thresholds. Each check
answers its details (a list under ``over`` marks it failed) or raises; the answer names what
failed (an exception class, a count), never an address, a key or a message that could hold one."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connections

from lpse_support.ops.backlog import email_counts, task_counts

# A name no upload can have: asking whether it exists is one cheap HEAD (S3) or stat (disk).
STORAGE_PROBE = "readyz/probe"

Check = Callable[[], dict[str, Any]]


def _database(alias: str) -> Check:
    def check() -> dict[str, Any]:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return {}

    return check


def _redis() -> dict[str, Any]:
    from django_redis import get_redis_connection

    get_redis_connection("default").ping()
    return {}


def _storage() -> dict[str, Any]:
    default_storage.exists(STORAGE_PROBE)
    return {"backend": type(default_storage).__name__}


def threshold(name: str, default: int) -> int:
    return int(getattr(settings, "READYZ", {}).get(name, default))


def _backlog() -> dict[str, Any]:
    tasks = task_counts()
    emails = email_counts()
    detail: dict[str, Any] = {
        "tasks_queued": tasks["READY"],
        "tasks_failed": tasks["FAILED"],
        "emails_pending": emails["pending"],
        "emails_failed": emails["failed"],
    }
    limits = {
        "tasks_queued": threshold("MAX_QUEUED_TASKS", 1000),
        "emails_pending": threshold("MAX_PENDING_EMAILS", 1000),
    }
    over = [name for name, limit in limits.items() if limit > 0 and detail[name] > limit]
    if over:
        detail["over"] = over
    return detail


def uses_redis() -> bool:
    return str(settings.CACHES["default"]["BACKEND"]).startswith("django_redis.")


def checks() -> dict[str, Check]:
    found: dict[str, Check] = {"database": _database("default")}
    if "replica" in settings.DATABASES:
        found["database_replica"] = _database("replica")
    if uses_redis():
        found["redis"] = _redis
    found["storage"] = _storage
    found["backlog"] = _backlog
    return found


# What the site serves without (docs/operations.md): Redis has its fail-safe, reads of the replica
# fall back to the primary, a backlog only delays mail and tasks. Every node shares them, so a
# load balancer that took nodes out for them would turn a degraded site into no site at all: its
# probe (``/readyz?lb=1``) reports them but does not fail on them.
FAIL_SAFE = frozenset({"redis", "database_replica", "backlog"})


def serves(results: dict[str, dict[str, Any]]) -> bool:
    """Whether the node can serve: every check outside ``FAIL_SAFE`` passed."""
    return all(result["ok"] for name, result in results.items() if name not in FAIL_SAFE)


def run_checks() -> tuple[bool, dict[str, dict[str, Any]]]:
    """Every check, each timed; ``ok`` only when all passed."""
    results: dict[str, dict[str, Any]] = {}
    for name, check in checks().items():
        started = time.perf_counter()
        try:
            detail = check()
            result: dict[str, Any] = {"ok": not detail.get("over"), **detail}
        except Exception as exc:
            result = {"ok": False, "error": type(exc).__name__}
        result["ms"] = round((time.perf_counter() - started) * 1000, 1)
        results[name] = result
    return all(result["ok"] for result in results.values()), results

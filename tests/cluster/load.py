"""Clients that file and act on tickets through the proxy, recording every attempt (status or
connection error, when) and every operation's final answer: the failover test's evidence.

A client retries an operation whose attempt failed with a connection error or a 5xx, with the same
``Idempotency-Key``, at most ``ATTEMPTS`` times: the documented answer to a request that was in
flight on a node that died (docs/deploy.md, "Cluster tests")."""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field

import requests

ATTEMPTS = 6
RETRY_PAUSE = 0.5


@dataclass
class Attempt:
    at: float
    status: int  # 0: no HTTP answer (connection refused or reset)
    what: str


@dataclass
class Evidence:
    lock: threading.Lock = field(default_factory=threading.Lock)
    attempts: list[Attempt] = field(default_factory=list)
    created: dict[str, str] = field(default_factory=dict)  # idempotency key → ticket number
    taken: list[str] = field(default_factory=list)
    unfinished: list[str] = field(default_factory=list)  # operations without any 2xx

    def record(self, attempt: Attempt) -> None:
        with self.lock:
            self.attempts.append(attempt)


def call(
    session: requests.Session,
    evidence: Evidence,
    what: str,
    url: str,
    headers: dict[str, str],
    data: dict[str, str] | None = None,
) -> requests.Response | None:
    """POST with retries on 5xx and connection errors; the first non-retried answer."""
    headers = {**headers, "Idempotency-Key": str(uuid.uuid4())}
    for _ in range(ATTEMPTS):
        try:
            response = session.post(url, data=data, headers=headers, timeout=60)
        except requests.RequestException:
            evidence.record(Attempt(time.monotonic(), 0, what))
            time.sleep(RETRY_PAUSE)
            continue
        evidence.record(Attempt(time.monotonic(), response.status_code, what))
        if response.status_code < 500:
            return response
        time.sleep(RETRY_PAUSE)
    with evidence.lock:
        evidence.unfinished.append(f"{what} {url}")
    return None


def client(
    base: str,
    reporter_token: str,
    staff_token: str,
    fields: dict[str, str],
    evidence: Evidence,
    stop: threading.Event,
) -> None:
    """File a ticket, take it as staff, again until ``stop``."""
    session = requests.Session()
    reporter = {"Authorization": f"Bearer {reporter_token}"}
    staff = {"Authorization": f"Bearer {staff_token}"}
    while not stop.is_set():
        created = call(session, evidence, "create", f"{base}/api/v1/tickets", reporter, fields)
        if created is None or not created.ok:
            continue
        number = created.json()["number"]
        with evidence.lock:
            evidence.created[str(created.request.headers["Idempotency-Key"])] = number
        taken = call(session, evidence, "take", f"{base}/api/v1/tickets/{number}/take", staff)
        if taken is not None and taken.ok:
            with evidence.lock:
                evidence.taken.append(number)

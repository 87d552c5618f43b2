"""Redis goes away (issue 15) — a private redis-server this test starts on a port of its own
(16379–16399) and kills, never the shared one. While it is down the site keeps serving: pages
answer 200 (cache misses), a signed-in session is read from the database, a new login works,
the login throttle still locks out (it counts in the database: fails closed), the API rate
limit lets calls through (fails open, counted and logged), live pages still see changes (the
stamp is read from the database) and the warehouse breaker reads closed. No 5xx. When Redis
comes back empty, nothing is lost: the session and every ticket event are still there."""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import redis
from django.test import Client

from config.settings import redis_cache
from lpse_support.api.tokens import token_create
from lpse_support.core import metrics
from lpse_support.tenders.connectors.breaker import warehouse_breaker
from lpse_support.tickets.models import TicketEvent
from lpse_support.tickets.services.ticket_take import ticket_take
from tests.faults.support import wait_for
from tests.support.factories import PASSWORD
from tests.support.ticket_world import TicketWorld, make_ticket

pytestmark = pytest.mark.django_db
PORTS = range(16379, 16400)


def _free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


class PrivateRedis:
    def __init__(self) -> None:
        self.port = next(port for port in PORTS if _free(port))
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for("redis-server", self._answers, timeout=10)

    def _answers(self) -> bool:
        try:
            return bool(redis.Redis.from_url(self.url, socket_timeout=0.5).ping())
        except redis.ConnectionError:
            return False

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def private_redis(settings: Any) -> Iterator[PrivateRedis]:
    server = PrivateRedis()
    server.start()
    settings.CACHES = {"default": redis_cache(server.url)}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.LPSE_SUPPORT = {**settings.LPSE_SUPPORT, "LIVE_STAMP_CACHE_SECONDS": 60}
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.API_RATE_LIMIT_PER_MINUTE = 2
    try:
        yield server
    finally:
        server.kill()


def _login(client: Client, username: str, password: str = PASSWORD) -> int:
    return client.post("/akun/masuk/", {"username": username, "password": password}).status_code


def test_redis_down_the_site_serves_and_nothing_is_lost(
    private_redis: PrivateRedis,
    ticket_world: TicketWorld,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    staff = ticket_world.staff_lpse
    staff.set_password(PASSWORD)
    staff.save()
    reporter = ticket_world.reporter_a
    reporter.set_password(PASSWORD)
    reporter.save()
    signed_in = Client()
    assert _login(signed_in, reporter.username) == 302
    with django_capture_on_commit_callbacks(execute=True):
        ticket = make_ticket(ticket_world, reporter=reporter)
    page = signed_in.get("/tiket/")
    assert page.status_code == 200
    etag = page["ETag"]
    assert redis.Redis.from_url(private_redis.url).dbsize() > 0, "sessions and stamp in Redis"

    private_redis.kill()
    statuses: list[int] = []

    def get(client: Client, path: str, **extra: Any) -> Any:
        response = client.get(path, **extra)
        statuses.append(response.status_code)
        return response

    # The session is read from the database; pages answer.
    assert get(signed_in, "/").status_code == 200
    assert get(signed_in, "/tiket/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    # A change made while Redis is down is seen by the open page (stamp from the database).
    with django_capture_on_commit_callbacks(execute=True):
        ticket_take(ticket_number=ticket.number, actor=staff)
    changed = get(signed_in, "/tiket/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    # A new login works.
    newcomer = Client()
    assert _login(newcomer, reporter.username) == 302
    assert get(newcomer, "/").status_code == 200
    # The login throttle counts in the database: it still locks out (fails closed).
    attacker = Client()
    assert [_login(attacker, staff.username, "salah-sekali") for _ in range(3)][-1] in (200, 429)
    assert _login(attacker, staff.username) == 429
    # The API rate limit fails open: counted and let through.
    secret = token_create(user=reporter, name="SPSE").secret
    before = metrics.RATE_LIMIT_CACHE_ERRORS._value.get()
    api = [
        get(Client(), "/api/v1/dashboard", headers={"Authorization": f"Bearer {secret}"})
        for _ in range(4)
    ]
    assert [response.status_code for response in api] == [200, 200, 200, 200]
    assert metrics.RATE_LIMIT_CACHE_ERRORS._value.get() >= before + 4
    # The breaker reads closed: warehouse calls still go out, each bounded by its timeout.
    assert warehouse_breaker.state(open_seconds=60) == "closed"
    assert warehouse_breaker.allow(open_seconds=60)
    # Readiness says so; liveness does not.
    assert get(Client(), "/healthz").status_code == 200
    ready = Client().get("/readyz")
    assert ready.status_code == 503 and ready.json()["checks"]["redis"]["ok"] is False
    assert all(status < 500 for status in statuses), statuses

    # Redis comes back empty: nothing was lost.
    private_redis.start()
    assert get(signed_in, "/").status_code == 200
    assert get(newcomer, "/").status_code == 200
    assert TicketEvent.objects.filter(ticket=ticket).count() == 2
    assert Client().get("/readyz").status_code == 200

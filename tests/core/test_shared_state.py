"""Shared state in Redis (issue 15): what one node writes, another node reads — the warehouse's
circuit breaker, the live-update change stamp, cached sessions and the rate-limit windows. Each
"node" is a separate cache client on the real Redis (database 8, a key prefix of this test's
own, only that prefix is ever deleted); nothing is kept in a process between the calls."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import redis
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client
from django_redis.cache import RedisCache

from config.settings import redis_cache
from lpse_support.core import ratelimit
from lpse_support.tenders.connectors.breaker import SharedCircuitBreaker
from lpse_support.tickets import live
from lpse_support.tickets.models import TicketEvent
from lpse_support.tickets.services.ticket_take import ticket_take
from tests.support.factories import PASSWORD
from tests.support.ticket_world import TicketWorld, make_ticket
from tests.support.users import make_user

pytestmark = pytest.mark.django_db
REDIS_URL = "redis://127.0.0.1:6379/8"


@pytest.fixture
def prefix(settings: Any) -> Iterator[str]:
    server = redis.Redis.from_url(REDIS_URL)
    try:
        server.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    name = f"lpse-shared-{uuid.uuid4().hex}"
    settings.CACHES = {"default": {**redis_cache(REDIS_URL), "KEY_PREFIX": name}}
    yield name
    for key in server.scan_iter(match=f"{name}:*"):
        server.delete(key)


def node(prefix: str) -> RedisCache:
    """Another server's cache client: its own connection, the same Redis and prefix."""
    config = redis_cache(REDIS_URL)
    return RedisCache(REDIS_URL, {"KEY_PREFIX": prefix, "OPTIONS": config["OPTIONS"]})


def test_one_nodes_failures_open_the_breaker_for_every_node(prefix: str) -> None:
    clock = [1000.0]
    a = SharedCircuitBreaker("warehouse", cache=node(prefix), clock=lambda: clock[0])
    b = SharedCircuitBreaker("warehouse", cache=node(prefix), clock=lambda: clock[0])
    for _ in range(2):
        a.record_failure(failure_threshold=3)
    assert b.consecutive_failures == 2
    b.record_failure(failure_threshold=3)
    assert a.state(open_seconds=30) == "open"
    assert not a.allow(open_seconds=30)
    assert not b.allow(open_seconds=30)
    clock[0] += 31
    # Half-open: one trial call in the whole cluster.
    assert [a.allow(open_seconds=30), b.allow(open_seconds=30)] == [True, False]
    assert b.state(open_seconds=30) == "half_open"
    a.record_success()
    assert b.state(open_seconds=30) == "closed"
    assert b.allow(open_seconds=30)
    assert b.consecutive_failures == 0


def test_a_failed_trial_opens_the_breaker_again_for_everyone(prefix: str) -> None:
    clock = [1000.0]
    a = SharedCircuitBreaker("warehouse", cache=node(prefix), clock=lambda: clock[0])
    b = SharedCircuitBreaker("warehouse", cache=node(prefix), clock=lambda: clock[0])
    a.record_failure(failure_threshold=1)
    clock[0] += 31
    assert b.allow(open_seconds=30)
    b.record_failure(failure_threshold=1)
    assert a.state(open_seconds=30) == "open"
    assert not a.allow(open_seconds=30)


def test_a_committed_event_moves_the_stamp_every_node_reads(
    settings: Any,
    prefix: str,
    ticket_world: TicketWorld,
    django_capture_on_commit_callbacks: Callable[..., Any],
    django_assert_num_queries: Callable[..., Any],
) -> None:
    settings.LPSE_SUPPORT = {**settings.LPSE_SUPPORT, "LIVE_STAMP_CACHE_SECONDS": 60}
    with django_capture_on_commit_callbacks(execute=True):
        ticket = make_ticket(ticket_world)
    first = TicketEvent.objects.latest("pk").pk
    assert node(prefix).get(live.STAMP_KEY) == first
    with django_assert_num_queries(0):
        assert live.change_stamp() == first  # a poll costs no query
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        ticket_take(ticket_number=ticket.number, actor=ticket_world.staff_lpse)
    assert node(prefix).get(live.STAMP_KEY) == first, "not before the commit"
    for callback in waiting:
        callback()
    taken = TicketEvent.objects.latest("pk").pk
    assert taken != first
    assert node(prefix).get(live.STAMP_KEY) == taken


def test_an_expired_stamp_is_read_again_from_the_database(
    settings: Any, prefix: str, ticket_world: TicketWorld
) -> None:
    settings.LPSE_SUPPORT = {**settings.LPSE_SUPPORT, "LIVE_STAMP_CACHE_SECONDS": 60}
    make_ticket(ticket_world)  # in the test's transaction: nothing published
    newest = TicketEvent.objects.latest("pk").pk
    assert node(prefix).get(live.STAMP_KEY) is None
    assert live.change_stamp() == newest
    assert node(prefix).get(live.STAMP_KEY) == newest, "offered to every node"


def test_a_session_lives_in_the_database_and_is_cached_in_redis(settings: Any, prefix: str) -> None:
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    user = make_user(username="sinta")
    client = Client()
    assert (
        client.post("/akun/masuk/", {"username": "sinta", "password": PASSWORD}).status_code == 302
    )
    key = client.cookies["sessionid"].value
    assert Session.objects.filter(session_key=key).exists()
    cached = [k for k in redis.Redis.from_url(REDIS_URL).scan_iter(match=f"{prefix}:*{key}*")]
    assert len(cached) == 1
    # Redis loses it (a restart, an eviction): the database still has it.
    redis.Redis.from_url(REDIS_URL).delete(*cached)
    response = client.get("/akun/profil/")
    assert response.status_code == 200
    assert response.wsgi_request.user == user


def test_the_rate_limit_window_is_counted_across_nodes(prefix: str, monkeypatch: Any) -> None:
    a, b = node(prefix), node(prefix)
    for server, allowed in ((a, True), (b, True), (a, False), (b, False)):
        monkeypatch.setattr(ratelimit, "cache", server)
        assert ratelimit.hit("api-rate:token:1", limit=2, seconds=60) is allowed


def test_an_in_process_cache_never_holds_the_stamp(
    settings: Any,
    ticket_world: TicketWorld,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    """Without Redis the worker's changes must reach the web server's pages: the database is the
    stamp, whatever LIVE_STAMP_CACHE_SECONDS says."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.LPSE_SUPPORT = {**settings.LPSE_SUPPORT, "LIVE_STAMP_CACHE_SECONDS": 60}
    with django_capture_on_commit_callbacks(execute=True):
        make_ticket(ticket_world)
    assert cache.get(live.STAMP_KEY) is None
    TicketEvent.objects.create(
        ticket=TicketEvent.objects.latest("pk").ticket, action="comment", to_status="baru"
    )  # another process's write: nothing published here
    assert live.change_stamp() == TicketEvent.objects.latest("pk").pk

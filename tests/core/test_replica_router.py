"""Read-replica decisions (core/replica.py, core/replica_pin.py, core/db_router.py) without a
replica: which alias a read that opted in gets — the replica only when one is configured, the
request and the user have not just written, the primary is not inside a transaction, and the
replica answers within REPLICA_MAX_LAG_SECONDS. The real streaming replica:
test_replica_streaming.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models.signals import post_save
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from lpse_support.core import replica
from lpse_support.core.db_router import ReplicaRouter
from lpse_support.core.replica import (
    RequestPin,
    end_request,
    is_pinned,
    reading_alias,
    reading_replica,
    replica_alias,
    start_request,
)
from lpse_support.core.replica_pin import COOKIE, ReplicaPinMiddleware, user_cache_key


class Lag:
    """A stand-in for the replica's lag measurement; counts how often it is asked."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.asked = 0

    def __call__(self, alias: str) -> float | None:
        self.asked += 1
        return self.seconds


@pytest.fixture
def with_replica(settings: Any, monkeypatch: Any) -> Iterator[Lag]:
    settings.REPLICA_DATABASE = "replica"
    settings.REPLICA_MAX_LAG_SECONDS = 10
    settings.REPLICA_CHECK_SECONDS = 5
    settings.REPLICA_PIN_SECONDS = 10
    lag = Lag(0.2)
    monkeypatch.setattr(replica, "measure_lag", lag)
    replica.forget_replica_state()
    yield lag
    replica.forget_replica_state()


def test_without_a_replica_everything_reads_the_primary(settings: Any) -> None:
    settings.REPLICA_DATABASE = ""
    assert replica_alias() == "default"
    with reading_replica() as alias:
        assert alias == "default"


def test_opted_in_reads_go_to_a_healthy_replica(with_replica: Lag) -> None:
    assert replica_alias() == "replica"
    with reading_replica() as alias:
        assert alias == "replica"
        assert ReplicaRouter().db_for_read(object) == "replica"
    # Only inside the block: every other read stays on the primary.
    assert reading_alias() is None
    assert ReplicaRouter().db_for_read(object) == "default"


def test_writes_and_migrations_stay_on_the_primary(with_replica: Lag) -> None:
    router = ReplicaRouter()
    with reading_replica():
        assert router.db_for_write(object) == "default"
    assert router.allow_migrate("default", "tickets") is True
    assert router.allow_migrate("replica", "tickets") is False


@pytest.mark.parametrize("lag_seconds", [10.5, 3600.0, None])
def test_a_lagging_or_unreachable_replica_falls_back_to_the_primary(
    with_replica: Lag, lag_seconds: float | None
) -> None:
    with_replica.seconds = lag_seconds
    assert replica_alias() == "default"


def test_the_lag_is_measured_once_per_check_period(with_replica: Lag, settings: Any) -> None:
    for _ in range(5):
        assert replica_alias() == "replica"
    assert with_replica.asked == 1
    with_replica.seconds = None  # went down; not noticed until the next check
    assert replica_alias() == "replica"
    settings.REPLICA_CHECK_SECONDS = 0
    assert replica_alias() == "default"
    assert with_replica.asked == 2


@pytest.mark.parametrize(
    "pin",
    [RequestPin(wrote=True), RequestPin(earlier_write=lambda: True)],
    ids=["this request wrote", "the user wrote recently"],
)
def test_a_pinned_request_reads_the_primary(with_replica: Lag, pin: RequestPin) -> None:
    token = start_request(pin)
    try:
        assert is_pinned()
        assert replica_alias() == "default"
        with reading_replica() as alias:
            assert alias == "default"
            assert ReplicaRouter().db_for_read(object) == "default"
    finally:
        end_request(token)
    # The pinned request decided without asking the replica.
    assert with_replica.asked == 0


def test_an_unpinned_request_reads_the_replica(with_replica: Lag) -> None:
    token = start_request(RequestPin(earlier_write=lambda: False))
    try:
        assert replica_alias() == "replica"
    finally:
        end_request(token)


@pytest.mark.django_db
def test_inside_a_transaction_on_the_primary_reads_stay_there(with_replica: Lag) -> None:
    # pytest-django runs this test inside a transaction: its own rows exist only on the primary.
    assert replica_alias() == "default"


# --- the middleware -------------------------------------------------------------------------


class Seen:
    def __init__(self, write_a_row: bool = False) -> None:
        self.pinned: list[bool] = []
        self.write_a_row = write_a_row

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.write_a_row:
            post_save.send(sender=AnonymousUser, instance=None, created=True)
        self.pinned.append(is_pinned())
        return HttpResponse("ok")


class LoggedIn:
    pk = 4242
    is_authenticated = True


def _request(method: str, cookie: str | None = None, user: Any = None) -> HttpRequest:
    request = RequestFactory().generic(method, "/reporting/")
    if cookie is not None:
        request.COOKIES[COOKIE] = cookie
    request.user = user or AnonymousUser()
    return request


def test_a_post_pins_this_request_and_the_next_ones(with_replica: Lag) -> None:
    cache.delete(user_cache_key(LoggedIn.pk))
    seen = Seen()
    middleware = ReplicaPinMiddleware(seen)
    response = middleware(_request("POST", user=LoggedIn()))
    assert seen.pinned == [True]
    deadline = response.cookies[COOKIE]
    assert deadline["httponly"] and deadline["max-age"] == 11
    assert cache.get(user_cache_key(LoggedIn.pk)) == 1
    # The next request from this browser (cookie) or from the same user elsewhere (cache).
    middleware(_request("GET", cookie=deadline.value))
    middleware(_request("GET", user=LoggedIn()))
    # Someone else, and the same browser once the deadline has passed, read the replica.
    middleware(_request("GET"))
    middleware(_request("GET", cookie="1000"))
    assert seen.pinned == [True, True, True, False, False]
    cache.delete(user_cache_key(LoggedIn.pk))


def test_an_api_token_user_is_pinned_across_requests(with_replica: Lag) -> None:
    # API clients send no cookie: the pin is the user's key in the shared cache.
    cache.delete(user_cache_key(LoggedIn.pk))
    seen = Seen()
    middleware = ReplicaPinMiddleware(seen)
    call = _request("POST")
    call.auth = LoggedIn()  # type: ignore[attr-defined]  # what django-ninja's token auth sets
    middleware(call)
    later = _request("GET")
    later.auth = LoggedIn()  # type: ignore[attr-defined]
    middleware(later)
    assert seen.pinned == [True, True]
    cache.delete(user_cache_key(LoggedIn.pk))


def test_a_get_that_saves_a_row_pins_like_a_post(with_replica: Lag) -> None:
    response = ReplicaPinMiddleware(Seen(write_a_row=True))(_request("GET"))
    assert COOKIE in response.cookies
    quiet = ReplicaPinMiddleware(Seen())(_request("GET"))
    assert COOKIE not in quiet.cookies


def test_without_a_replica_the_middleware_does_nothing(settings: Any) -> None:
    settings.REPLICA_DATABASE = ""
    seen = Seen()
    response = ReplicaPinMiddleware(seen)(_request("POST"))
    assert COOKIE not in response.cookies
    assert seen.pinned == [False]

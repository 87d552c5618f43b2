"""The API rate limit on the Redis cache that ``REDIS_URL`` selects (issue 11 item 7): counted in
Redis (so every server process shares one count), and failing open — never a 500 — when Redis
cannot be reached. Several real processes: tests/faults/test_shared_limits.py."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from django.test import Client

from config.settings import redis_cache
from lpse_support.api.tokens import token_create
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db
REDIS_DB = 13  # a database number of its own; only this test's prefix is ever deleted


def _redis_url() -> str:
    return f"redis://127.0.0.1:6379/{REDIS_DB}"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def redis_prefix(settings: Any) -> Iterator[str]:
    server = redis.Redis.from_url(_redis_url())
    try:
        server.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    prefix = f"lpse-test-{uuid.uuid4().hex}"
    settings.CACHES = {"default": {**redis_cache(_redis_url()), "KEY_PREFIX": prefix}}
    yield prefix
    for key in server.scan_iter(match=f"{prefix}:*"):
        server.delete(key)


def _get(secret: str) -> int:
    response = Client().get("/api/v1/dashboard", headers={"Authorization": f"Bearer {secret}"})
    return response.status_code


def test_the_count_lives_in_redis(settings: Any, redis_prefix: str) -> None:
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    secret = token_create(user=UserFactory.create(), name="SPSE").secret
    assert [_get(secret) for _ in range(4)] == [200, 200, 200, 429]
    keys = list(redis.Redis.from_url(_redis_url()).scan_iter(match=f"{redis_prefix}:*api-rate*"))
    assert len(keys) == 1


def test_redis_down_the_api_answers_and_the_limit_fails_open(settings: Any) -> None:
    settings.API_RATE_LIMIT_PER_MINUTE = 2
    settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{_closed_port()}/0")}
    user = UserFactory.create()
    secret = token_create(user=user, name="SPSE").secret
    assert [_get(secret) for _ in range(4)] == [200, 200, 200, 200]
    # Pages too (the login throttle and sessions live in the database).
    client = Client()
    client.force_login(user)
    assert client.get("/").status_code == 200

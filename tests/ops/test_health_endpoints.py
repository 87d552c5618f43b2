"""/healthz and /readyz (issue 15): liveness touches nothing; readiness checks the database,
Redis when configured, the file storage and the backlog, and answers 503 naming what failed —
without an address or a secret — and both answer anyone, whatever the host, the HTTPS redirect,
the language or the two-factor gate say."""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import default_storage
from django.test import Client
from django_tasks_db.models import DBTaskResult

from config.settings import redis_cache
from lpse_support.accounts.password_reset_mail import password_reset_mail_send
from lpse_support.ops import health
from tests.support.activity import DATABASE_TASKS

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_healthz_answers_without_the_database_host_check_or_https(
    settings: Any, django_assert_num_queries: Callable[..., Any]
) -> None:
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["helpdesk.example.go.id"]
    with django_assert_num_queries(0):
        response = Client().get("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"].startswith("text/plain")
    assert response["Cache-Control"] == "no-store"


def test_readyz_all_checks_pass_and_are_listed(settings: Any) -> None:
    response = Client().get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "storage", "backlog"}
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["backlog"]["tasks_queued"] == 0


def test_readyz_checks_the_replica_when_there_is_one(monkeypatch: Any) -> None:
    assert "database_replica" not in health.checks()
    monkeypatch.setitem(django_settings.DATABASES, "replica", django_settings.DATABASES["default"])
    assert "database_replica" in health.checks()


def test_readyz_fails_while_redis_is_unreachable_and_names_no_address(settings: Any) -> None:
    port = _closed_port()
    settings.CACHES = {"default": redis_cache(f"redis://:s3cret@127.0.0.1:{port}/0")}
    response = Client().get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["redis"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True
    text = response.content.decode()
    assert str(port) not in text and "s3cret" not in text and "127.0.0.1" not in text


def test_the_load_balancers_readyz_keeps_a_node_serving_without_redis(settings: Any) -> None:
    """``?lb=1`` (deploy/haproxy.cfg): Redis has its fail-safe and every node shares it, so its
    outage is reported but does not take the nodes out of rotation."""
    settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{_closed_port()}/0")}
    response = Client().get("/readyz?lb=1")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["redis"]["ok"] is False


def test_the_load_balancers_readyz_still_fails_without_storage(monkeypatch: Any) -> None:
    monkeypatch.setattr(health, "default_storage", _UnreachableStorage())
    response = Client().get("/readyz?lb=1")
    assert response.status_code == 503
    assert response.json()["status"] == "fail"


class _UnreachableStorage:
    def exists(self, name: str) -> bool:
        raise OSError("bucket lpse-prod at 10.1.2.3 unreachable")


def test_readyz_fails_when_the_storage_cannot_be_reached(monkeypatch: Any) -> None:
    assert default_storage.exists(health.STORAGE_PROBE) is False  # the real probe: a cheap miss
    monkeypatch.setattr(health, "default_storage", _UnreachableStorage())
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == {
        "ok": False,
        "error": "OSError",
        "ms": response.json()["checks"]["storage"]["ms"],
    }
    assert "10.1.2.3" not in response.content.decode()


def test_readyz_fails_while_the_task_queue_is_longer_than_its_threshold(settings: Any) -> None:
    settings.TASKS = DATABASE_TASKS
    settings.READYZ = {"MAX_QUEUED_TASKS": 2, "MAX_PENDING_EMAILS": 1000}
    for n in range(3):
        password_reset_mail_send.enqueue(email=f"u{n}@contoh.go.id", language="id")
    assert DBTaskResult.objects.count() == 3
    response = Client().get("/readyz")
    assert response.status_code == 503
    backlog = response.json()["checks"]["backlog"]
    assert (backlog["ok"], backlog["tasks_queued"], backlog["over"]) == (
        False,
        3,
        ["tasks_queued"],
    )
    settings.READYZ = {"MAX_QUEUED_TASKS": 0, "MAX_PENDING_EMAILS": 1000}  # 0: no limit
    assert Client().get("/readyz").status_code == 200


def test_probes_pass_the_two_factor_gate_and_the_language_redirect(settings: Any) -> None:
    from tests.support.factories import UserFactory

    client = Client()
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    for path in ("/healthz", "/readyz"):
        assert client.get(path).status_code == 200, path

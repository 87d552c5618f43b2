"""The request id (issue 15): taken from a well-formed ``X-Request-ID`` or made, echoed in the
response, on every log line of the request (JSON with LOG_FORMAT=json) and carried to the work
the request leaves for the worker: the e-mail outbox rows and the queued tasks."""

from __future__ import annotations

import io
import json
import logging
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from pythonjsonlogger.json import JsonFormatter

from config.settings import redis_cache
from lpse_support.api.tokens import token_create
from lpse_support.core import request_id
from lpse_support.core.request_id import RequestIdFilter
from lpse_support.notifications.delivery import Sender
from lpse_support.notifications.models import EmailDelivery
from lpse_support.notifications.worker import TaskRunner
from lpse_support.tickets.services.ticket_take import ticket_take
from tests.support.activity import DATABASE_TASKS
from tests.support.factories import UserFactory
from tests.support.ticket_world import TicketWorld, make_ticket

pytestmark = pytest.mark.django_db


@contextmanager
def json_log() -> Iterator[io.StringIO]:
    """The root logger writing through the settings' JSON formatter and request id filter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    logging_config: dict[str, Any] = django_settings.LOGGING
    options = dict(logging_config["formatters"]["json"])
    options.pop("()")
    handler.setFormatter(JsonFormatter(options.pop("format"), **options))
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield stream
    finally:
        root.removeHandler(handler)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def test_a_proxy_id_is_kept_and_a_bad_one_replaced() -> None:
    kept = Client().get("/healthz", HTTP_X_REQUEST_ID="nginx-4f1c2a9b")
    assert kept["X-Request-ID"] == "nginx-4f1c2a9b"
    replaced = Client().get("/healthz", HTTP_X_REQUEST_ID="bad id\n<script>")
    assert replaced["X-Request-ID"] != "bad id\n<script>"
    assert len(replaced["X-Request-ID"]) == 32
    made = Client().get("/healthz")["X-Request-ID"]
    assert made != replaced["X-Request-ID"]


def test_the_log_lines_of_a_request_are_json_with_its_id(settings: Any) -> None:
    # Redis unreachable: the API rate limit fails open and logs it, inside the request.
    settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{closed_port()}/0")}
    secret = token_create(user=UserFactory.create(), name="SPSE").secret
    with json_log() as stream:
        response = Client().get(
            "/api/v1/dashboard",
            headers={"Authorization": f"Bearer {secret}", "X-Request-ID": "req-abcdef12"},
        )
        assert response.status_code == 200
        logging.getLogger("lpse_support.test").warning("di luar permintaan")
    records = lines(stream)
    [limit] = [r for r in records if r["logger"] == "lpse_support.core.ratelimit"]
    assert (limit["request_id"], limit["level"]) == ("req-abcdef12", "WARNING")
    assert {"time", "logger", "message", "request_id"} <= set(limit)
    assert (records[-1]["message"], records[-1]["request_id"]) == ("di luar permintaan", "")


def test_a_5xx_line_logged_by_django_after_the_middleware_carries_the_id(
    settings: Any, monkeypatch: Any
) -> None:
    from lpse_support.ops import health

    class Unreachable:
        def exists(self, name: str) -> bool:
            raise OSError("down")

    monkeypatch.setattr(health, "default_storage", Unreachable())
    with json_log() as stream:
        assert Client().get("/readyz", HTTP_X_REQUEST_ID="req-5xx-0001").status_code == 503
    [line] = [r for r in lines(stream) if r["logger"] == "django.request"]
    assert line["request_id"] == "req-5xx-0001"
    assert line["level"] == "ERROR"


def test_outbox_rows_carry_the_request_id_to_the_workers_log_lines(
    settings: Any, ticket_world: TicketWorld
) -> None:
    ticket = make_ticket(ticket_world)
    EmailDelivery.objects.all().delete()
    with request_id.bound("req-take-0001"):
        ticket_take(ticket_number=ticket.number, actor=ticket_world.staff_lpse)
    delivery = EmailDelivery.objects.get()
    assert delivery.request_id == "req-take-0001"
    settings.EMAIL_BACKEND = "tests.notifications.test_delivery.FailingEmailBackend"
    with json_log() as stream:
        assert Sender("w1").deliver_due().failed == 1
    worker_lines = [r for r in lines(stream) if r["logger"].startswith("lpse_support.notif")]
    assert worker_lines, "the failed attempt is logged"
    assert {r["request_id"] for r in worker_lines} == {"req-take-0001"}


def test_a_queued_task_carries_the_request_id_into_the_worker(
    settings: Any, monkeypatch: Any
) -> None:
    settings.TASKS = DATABASE_TASKS
    response = Client().post(
        "/akun/lupa-password/",
        {"email": "siapa@contoh.go.id"},
        HTTP_X_REQUEST_ID="req-reset-0001",
    )
    assert response.status_code in (200, 302)
    seen: list[str] = []
    runner = TaskRunner("w1", "default")
    original = runner._runner.run_task

    def spying(result: Any) -> None:
        seen.append(request_id.current())
        original(result)

    monkeypatch.setattr(runner._runner, "run_task", spying)
    assert runner.run_one() is True
    assert seen == ["req-reset-0001"]
    assert request_id.current() == ""

"""/metrics (issue 15): Prometheus text for allowed addresses or the bearer token only; request
latency and status per view; tickets created and ticket actions counted once the action commits;
SLA breaches counted by the watch and read from the database; the task queue read at scrape."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from lpse_support.accounts.password_reset_mail import password_reset_mail_send
from lpse_support.tickets.models import Ticket
from lpse_support.tickets.services.ticket_sla import sla_watch
from tests.support.activity import DATABASE_TASKS
from tests.support.ticket_world import TicketWorld, make_ticket

pytestmark = pytest.mark.django_db


def scrape(**extra: Any) -> str:
    response = Client().get("/metrics", **extra)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain; version=")
    return response.content.decode()


def value(text: str, name: str, labels: str = "") -> float:
    """The sample ``name{labels}`` in ``text``; 0 when absent (a counter never incremented)."""
    pattern = re.escape(name) + (r"\{" + re.escape(labels) + r"\}" if labels else "") + r" (\S+)"
    found = re.search(r"^" + pattern + "$", text, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


def test_only_allowed_addresses_or_the_token_may_scrape(settings: Any) -> None:
    settings.METRICS_ALLOWED_IPS = ["127.0.0.1"]
    settings.METRICS_TOKEN = ""
    outsider = Client(REMOTE_ADDR="203.0.113.9")
    assert outsider.get("/metrics").status_code == 403
    settings.METRICS_TOKEN = "scrape-token-123"
    assert outsider.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    allowed = outsider.get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-token-123")
    assert allowed.status_code == 200
    assert "lpse_tasks" in allowed.content.decode()
    assert scrape()  # 127.0.0.1, the test client's address


def test_request_latency_and_status_are_counted_per_view() -> None:
    labels = 'method="GET",status="302",view="dashboard:home"'
    before = value(scrape(), "django_http_responses_total_by_status_view_method_total", labels)
    Client().get("/")  # anonymous: redirected to the login
    after = scrape()
    assert (
        value(after, "django_http_responses_total_by_status_view_method_total", labels)
        == before + 1
    )
    assert "django_http_requests_latency_seconds_by_view_method_bucket" in after


def test_filing_a_ticket_moves_the_counters_after_the_commit(
    ticket_world: TicketWorld, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    before = scrape()
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        make_ticket(ticket_world)
    # Not counted before the commit: an action that rolls back is never counted.
    assert value(scrape(), "lpse_tickets_created_total") == value(
        before, "lpse_tickets_created_total"
    )
    for callback in waiting:
        callback()
    after = scrape()
    assert (
        value(after, "lpse_tickets_created_total")
        == value(before, "lpse_tickets_created_total") + 1
    )
    assert value(after, "lpse_ticket_actions_total", 'action="create"') == (
        value(before, "lpse_ticket_actions_total", 'action="create"') + 1
    )


def test_sla_breaches_are_counted_by_the_watch_and_read_at_scrape(
    ticket_world: TicketWorld, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    ticket = make_ticket(ticket_world)
    Ticket.objects.filter(pk=ticket.pk).update(response_due_at=timezone.now() - timedelta(hours=1))
    before = scrape()
    assert value(before, "lpse_tickets_overdue", 'target="response"') == 1
    with django_capture_on_commit_callbacks(execute=True):
        summary = sla_watch()
    assert summary.count("sla_breach") >= 1
    after = scrape()
    assert value(after, "lpse_sla_breaches_total", 'target="response"') == (
        value(before, "lpse_sla_breaches_total", 'target="response"') + 1
    )
    assert value(after, "lpse_sla_breaches_recorded_total", 'target="response"') == 1
    assert value(after, "lpse_metrics_database_up") == 1


def test_the_task_queue_depth_and_failures_are_read_at_scrape(settings: Any) -> None:
    settings.TASKS = DATABASE_TASKS
    password_reset_mail_send.enqueue(email="a@contoh.go.id", language="id")
    password_reset_mail_send.enqueue(email="b@contoh.go.id", language="id")
    text = scrape()
    assert value(text, "lpse_tasks", 'status="READY"') == 2
    assert value(text, "lpse_tasks", 'status="FAILED"') == 0
    assert value(text, "lpse_email_deliveries", 'status="pending"') >= 0

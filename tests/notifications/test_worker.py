"""The worker loop (``manage.py run_worker``): e-mails, django-tasks' database queue and
housekeeping in one turn; task rows left RUNNING by a dead worker are queued again; database
errors are survived with back-off, and a stop request ends even a back-off at once."""

from __future__ import annotations

import logging
import smtplib
import threading
import time
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.db import InterfaceError, OperationalError
from django.utils import timezone
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lpse_support.notifications.delivery import claim_next
from lpse_support.notifications.models import EmailDelivery
from lpse_support.notifications.upkeep import TASK_MAX_RUNS, WorkerLost, requeue_stale_tasks
from lpse_support.notifications.worker import Worker
from tests.notifications.helpers import make_due
from tests.support.outbox import outbox_rows
from tests.support.ticket_world import TicketWorld

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
Sent = EmailDelivery.Status


@task()
def double(value: int) -> int:
    return value * 2


class UnreachableEmailBackend(BaseEmailBackend):
    """A mail server nobody answers for: every connection attempt fails."""

    def open(self) -> bool:
        raise ConnectionRefusedError(111, "Connection refused")

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        raise smtplib.SMTPServerDisconnected("not connected")


@pytest.fixture
def database_tasks(settings: Any) -> None:
    settings.TASKS = DATABASE_TASKS


def _running(row: DBTaskResult, *, worker_ids: list[str], minutes_ago: float) -> None:
    DBTaskResult.objects.filter(pk=row.pk).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - timedelta(minutes=minutes_ago),
        worker_ids=worker_ids,
    )


def _status(result: Any) -> str:
    return str(DBTaskResult.objects.get(pk=result.id).status)


@pytest.mark.django_db(transaction=True)
def test_one_turn_sends_mail_runs_a_task_and_requeues_a_task_whose_worker_died(
    database_tasks: None, ticket_world: TicketWorld
) -> None:
    outbox_rows(ticket_world, 2)
    queued = double.enqueue(21)
    stale = double.enqueue(4)
    _running(DBTaskResult.objects.get(pk=stale.id), worker_ids=["host-lama"], minutes_ago=120)
    worker = Worker(worker_id="uji")

    assert worker.tick() is True
    assert len(mail.outbox) == 2
    assert EmailDelivery.objects.filter(status=Sent.SENT).count() == 2
    assert _status(queued) == TaskResultStatus.SUCCESSFUL
    assert DBTaskResult.objects.get(pk=queued.id).return_value == 42
    assert _status(stale) == TaskResultStatus.READY, "requeued by the housekeeping"

    assert worker.tick() is True
    row = DBTaskResult.objects.get(pk=stale.id)
    assert (row.status, row.return_value) == (TaskResultStatus.SUCCESSFUL, 8)
    assert row.worker_ids == ["host-lama", "uji"]
    assert worker.tick() is False, "nothing left to do"


@pytest.mark.django_db
def test_running_task_of_a_live_worker_is_left_alone_and_a_thrice_lost_one_fails(
    database_tasks: None,
) -> None:
    busy, poison = double.enqueue(1), double.enqueue(2)
    _running(DBTaskResult.objects.get(pk=busy.id), worker_ids=["host-a"], minutes_ago=5)
    lost = [f"host-{n}" for n in range(TASK_MAX_RUNS)]
    _running(DBTaskResult.objects.get(pk=poison.id), worker_ids=lost, minutes_ago=120)

    result = requeue_stale_tasks()

    assert (result.requeued, result.failed) == (0, 1)
    assert _status(busy) == TaskResultStatus.RUNNING
    row = DBTaskResult.objects.get(pk=poison.id)
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == f"{WorkerLost.__module__}.WorkerLost"


@pytest.mark.django_db
def test_start_takes_back_what_the_same_worker_id_left_unfinished(
    database_tasks: None, ticket_world: TicketWorld
) -> None:
    outbox_rows(ticket_world, 1)
    assert claim_next("host-1") is not None
    mine, theirs = double.enqueue(1), double.enqueue(2)
    _running(DBTaskResult.objects.get(pk=mine.id), worker_ids=["host-1"], minutes_ago=1)
    _running(DBTaskResult.objects.get(pk=theirs.id), worker_ids=["host-2"], minutes_ago=1)

    Worker(worker_id="host-1").start()

    assert EmailDelivery.objects.get().status == Sent.PENDING
    assert _status(mine) == TaskResultStatus.READY
    assert _status(theirs) == TaskResultStatus.RUNNING


def test_a_step_is_retried_through_database_errors_until_it_succeeds(
    caplog: pytest.LogCaptureFixture,
) -> None:
    worker = Worker(worker_id="uji", backoff_initial=0.01, backoff_max=0.05)
    failures = iter([OperationalError("could not connect to server"), InterfaceError()])

    def step() -> int:
        failure = next(failures, None)
        if failure is not None:
            raise failure
        return 7

    with caplog.at_level(logging.WARNING, logger="lpse_support.notifications.worker"):
        assert worker.resilient(step) == 7
    assert caplog.text.count("pekerja mencoba lagi") == 2
    assert "could not connect to server" in caplog.text


def test_any_other_failure_is_logged_and_retried_too(caplog: pytest.LogCaptureFixture) -> None:
    worker = Worker(worker_id="uji", backoff_initial=0.01, backoff_max=0.05)
    calls = []

    def step() -> str:
        calls.append(1)
        if len(calls) == 1:
            raise ValueError("bug")
        return "ok"

    assert worker.resilient(step) == "ok"
    assert "Galat di pekerja" in caplog.text


def test_a_stop_request_ends_the_back_off_at_once() -> None:
    worker = Worker(worker_id="uji", backoff_initial=20, backoff_max=30)

    def database_down() -> None:
        raise OperationalError("connection refused")

    threading.Timer(0.3, worker.stop).start()
    started = time.monotonic()
    assert worker.resilient(database_down) is None
    assert time.monotonic() - started < 5


@pytest.mark.django_db(transaction=True)
def test_mail_server_down_pauses_mail_but_not_the_task_queue(
    settings: Any, database_tasks: None, ticket_world: TicketWorld
) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.UnreachableEmailBackend"
    outbox_rows(ticket_world, 3)
    first = double.enqueue(1)
    worker = Worker(worker_id="uji")

    worker.tick()
    assert EmailDelivery.objects.filter(attempts=1).count() == 1, "one try, then the pause"
    assert "ConnectionRefusedError" in EmailDelivery.objects.get(attempts=1).last_error
    assert _status(first) == TaskResultStatus.SUCCESSFUL

    make_due()
    second = double.enqueue(2)
    worker.tick()
    assert EmailDelivery.objects.filter(attempts=0).count() == 2, "mail is paused"
    assert _status(second) == TaskResultStatus.SUCCESSFUL, "the task queue is not"


@pytest.mark.needs_file_db
@pytest.mark.django_db(transaction=True)
def test_the_loop_works_until_it_is_stopped(ticket_world: TicketWorld) -> None:
    outbox_rows(ticket_world, 2)
    worker = Worker(worker_id="uji", interval=0.05)
    thread = threading.Thread(target=worker.run)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while len(mail.outbox) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        worker.stop()
        thread.join(timeout=20)
    assert not thread.is_alive()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "penerima0@contoh.go.id",
        "penerima1@contoh.go.id",
    ]

"""The background worker (``manage.py run_worker``): one loop that sends the outbox's e-mails,
runs django-tasks' database queue and keeps both tidy (issue 11).

It never exits on its own: a database error (restart, outage, failover) or any other failure of
a step is logged, the connections are closed and the step is tried again with exponential
back-off (tenacity) until it succeeds or the worker is told to stop. A mail server that is down
pauses e-mail for a while without holding up the task queue."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from typing import TypeVar

from django.db import Error, OperationalError, close_old_connections, connections
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import task_backends
from django_tasks_db.management.commands.db_worker import Worker as TaskWorker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_when_event_set,
    wait_exponential_jitter,
)

from lpse_support.core import request_id
from lpse_support.notifications.delivery import Sender, conf, release_claims_of
from lpse_support.notifications.schedule import run_due
from lpse_support.notifications.upkeep import purge_finished, requeue_stale_tasks

logger = logging.getLogger(__name__)

T = TypeVar("T")

REQUEUE_EVERY = 60.0
PURGE_EVERY = 3600.0
# How often a worker looks for a periodic job whose period has come (schedule.py).
SCHEDULE_EVERY = 30.0


class TaskRunner:
    """One ready row of django-tasks' database queue per call, claimed exactly as
    ``db_worker`` claims it and run by its own ``run_task`` (result, signals, failures)."""

    def __init__(self, worker_id: str, backend_name: str) -> None:
        self.worker_id = worker_id
        self.backend_name = backend_name
        self._runner = TaskWorker(
            queue_names=["*"],
            interval=0,
            batch=False,
            backend_name=backend_name,
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )

    def run_one(self) -> bool:
        ready = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        with exclusive_transaction(ready.db):
            try:
                result = ready.get_locked()
                if result is not None:
                    result.claim(self.worker_id)
            except OperationalError as exc:
                if is_locked_database_exception(exc):
                    return False  # another worker holds the queue; next turn
                raise
        if result is None:
            return False
        # A task enqueued by a request names it (``request_id`` argument): so do the log lines
        # the task queue writes about it.
        kwargs = (result.args_kwargs or {}).get("kwargs") or {}
        with request_id.bound(str(kwargs.get("request_id") or "")):
            self._runner.run_task(result)
        return True


def database_task_runner(worker_id: str) -> TaskRunner | None:
    """A runner when the default task backend is the database queue (not in the tests)."""
    alias = "default"
    if isinstance(task_backends[alias], DatabaseBackend):
        return TaskRunner(worker_id, alias)
    return None


class Worker:
    def __init__(
        self,
        *,
        worker_id: str,
        interval: float = 1.0,
        batch: int = 50,
        backoff_initial: float = 1.0,
        backoff_max: float = 30.0,
    ) -> None:
        self.worker_id = worker_id
        self.interval = interval
        self.batch = batch
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        self.sender = Sender(worker_id)
        self.tasks = database_task_runner(worker_id)
        self._stop = threading.Event()
        self._mail_paused_until = 0.0
        self._next_requeue = 0.0
        self._next_purge = 0.0
        self._next_schedule = 0.0

    # --- control ------------------------------------------------------------------------
    def stop(self) -> None:
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def run(self) -> None:
        logger.info("Pekerja %s mulai", self.worker_id)
        self.resilient(self.start)
        while not self.stopping:
            busy = self.resilient(self.tick)
            if not busy:
                self._stop.wait(self.interval)
        connections.close_all()
        logger.info("Pekerja %s berhenti", self.worker_id)

    def resilient(self, step: Callable[[], T]) -> T | None:
        """``step()``, tried again with back-off until it succeeds; None when stopped first."""
        retrying = Retrying(
            retry=retry_if_exception_type(Exception),
            wait=wait_exponential_jitter(
                multiplier=self.backoff_initial, max=self.backoff_max, jitter=self.backoff_initial
            ),
            stop=stop_when_event_set(self._stop),
            sleep=self._pause,
            before_sleep=self._recover,
            reraise=True,
        )
        try:
            return retrying(step)
        except Exception:
            return None  # stopped while the step kept failing

    def _pause(self, seconds: float) -> None:
        self._stop.wait(seconds)  # a stop request ends the back-off at once

    def _recover(self, state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        delay = state.next_action.sleep if state.next_action else 0
        if isinstance(exc, Error):  # any database error, InterfaceError included
            logger.warning(
                "Basis data tidak dapat dipakai (%s); pekerja mencoba lagi dalam %.0f detik",
                str(exc).strip() or type(exc).__name__,
                delay,
            )
        else:
            logger.error("Galat di pekerja; dicoba lagi dalam %.0f detik", delay, exc_info=exc)
        # A broken connection is dropped so the next try opens a fresh one.
        for conn in connections.all(initialized_only=True):
            with suppress(Exception):
                conn.close()

    # --- one turn -----------------------------------------------------------------------
    def start(self) -> None:
        released = release_claims_of(self.worker_id)
        requeued = requeue_stale_tasks(worker_id=self.worker_id)
        if released or requeued.requeued or requeued.failed:
            logger.warning(
                "Pekerja %s dimulai ulang: %s email dan %s tugas yang terputus diantrekan lagi",
                self.worker_id,
                released,
                requeued.requeued,
            )

    def tick(self) -> bool:
        """One turn: e-mails, one queued task, housekeeping. True when there was work."""
        close_old_connections()
        self.sender.record_unrecorded()
        busy = False
        if time.monotonic() >= self._mail_paused_until:
            sent = self.sender.deliver_due(limit=self.batch, should_stop=lambda: self.stopping)
            if sent.server_down:
                pause = conf("EMAIL_RETRY_BASE_SECONDS")
                self._mail_paused_until = time.monotonic() + pause
                logger.warning("Server email bermasalah; pengiriman email dijeda %s detik", pause)
            else:
                busy = bool(sent.sent or sent.failed)
        if self.tasks is not None and not self.stopping:
            busy = self.tasks.run_one() or busy
        self.upkeep()
        return busy

    def upkeep(self) -> None:
        now = time.monotonic()
        if now >= self._next_requeue:
            requeued = requeue_stale_tasks()
            if requeued.requeued or requeued.failed:
                logger.warning(
                    "Tugas tanpa pekerja: %s diantrekan lagi, %s digagalkan",
                    requeued.requeued,
                    requeued.failed,
                )
            self._next_requeue = now + REQUEUE_EVERY
        if now >= self._next_purge:
            purged = purge_finished()
            if purged.tasks or purged.emails:
                logger.info(
                    "Dibersihkan: %s baris tugas selesai, %s email terkirim",
                    purged.tasks,
                    purged.emails,
                )
            self._next_purge = now + PURGE_EVERY
        if now >= self._next_schedule and not self.stopping:
            run_due(self.worker_id)
            self._next_schedule = now + SCHEDULE_EVERY

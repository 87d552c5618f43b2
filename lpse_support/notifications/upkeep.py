"""Housekeeping the worker runs on its own (and ``manage.py purge_finished_jobs`` from cron):
task rows left RUNNING by a worker that died are queued again, and finished task rows and sent
e-mails past the retention are deleted (issue 11)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lpse_support.notifications.delivery import conf
from lpse_support.notifications.models import EmailDelivery

# A task whose worker died this many times is not run again: it may be what kills workers.
TASK_MAX_RUNS = 3


class WorkerLost(Exception):
    """Recorded on a task whose worker died while running it, TASK_MAX_RUNS times."""


@dataclass(frozen=True)
class Requeued:
    requeued: int = 0
    failed: int = 0


def requeue_stale_tasks(*, worker_id: str | None = None) -> Requeued:
    """RUNNING task rows whose worker is gone go back to READY (django-tasks' database backend
    never does this itself). With ``worker_id`` — at the start of a worker — the rows that id
    was running: its previous process died. Without it, rows running longer than
    ``TASK_STALE_SECONDS``. Tasks are therefore run at least once and must be idempotent."""
    now = timezone.now()
    rows = DBTaskResult.objects.running()
    if worker_id is None:
        rows = rows.filter(started_at__lt=now - timedelta(seconds=conf("TASK_STALE_SECONDS")))
    requeued = failed = 0
    for row in rows.only("pk", "worker_ids", "started_at"):
        if worker_id is not None and (row.worker_ids or [None])[-1] != worker_id:
            continue
        unchanged = DBTaskResult.objects.filter(
            pk=row.pk, status=TaskResultStatus.RUNNING, started_at=row.started_at
        )
        if len(row.worker_ids) >= TASK_MAX_RUNS:
            failed += unchanged.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
                traceback=f"Pekerja mati saat menjalankan tugas ini {len(row.worker_ids)} kali.",
            )
        else:
            requeued += unchanged.update(status=TaskResultStatus.READY)
    return Requeued(requeued=requeued, failed=failed)


@dataclass(frozen=True)
class Purged:
    tasks: int
    emails: int


def purge_finished(*, days: int | None = None) -> Purged:
    """Delete finished task rows and sent e-mail deliveries older than ``days`` (default
    ``RETENTION_DAYS``). Failed e-mails stay for the admins; notifications stay for the bell."""
    cutoff = timezone.now() - timedelta(days=conf("RETENTION_DAYS") if days is None else days)
    tasks, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    emails, _ = EmailDelivery.objects.filter(
        status=EmailDelivery.Status.SENT, sent_at__lt=cutoff
    ).delete()
    return Purged(tasks=tasks, emails=emails)

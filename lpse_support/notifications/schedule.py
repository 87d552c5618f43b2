"""Periodic jobs (the auto-confirmation of unanswered resolutions, the SLA watch, the upload
sweep), run by
every worker's loop and each exactly once per period across all workers and nodes: a worker runs
a job only after one conditional ``UPDATE`` moved the job's ``next_run_at`` past now — the row is
the lock, on SQLite and PostgreSQL alike, and a worker that dies mid-run just leaves the next
period to whoever comes first (the jobs are idempotent). ``manage.py auto_confirm``,
``manage.py sla_watch`` and ``manage.py sweep_uploads`` stay for cron (docs/notifications.md,
"Periodic jobs")."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from lpse_support.notifications.delivery import conf
from lpse_support.notifications.models import ScheduledJob
from lpse_support.tickets.attachments.sweep import sweep_uploads
from lpse_support.tickets.services.ticket_resolution import auto_confirm_due
from lpse_support.tickets.services.ticket_sla import sla_watch

logger = logging.getLogger(__name__)
RESULT_MAX = 255


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: timedelta
    run: Callable[[], str]


def _auto_confirm() -> str:
    return f"{len(auto_confirm_due())} tiket dikonfirmasi otomatis"


def _sla_watch() -> str:
    return str(sla_watch())


def _sweep_uploads() -> str:
    """Stale staged attachments in the shared storage (and this host's upload temp files)."""
    report = sweep_uploads(older_than=timedelta(hours=conf("SWEEP_UPLOADS_OLDER_THAN_HOURS")))
    return (
        f"{report.temp_removed} file sementara dihapus, "
        f"{report.pending_removed} lampiran tertunda dihapus, "
        f"{report.pending_published} lampiran tertunda diterbitkan"
    )


def periodic_jobs() -> list[PeriodicJob]:
    return [
        PeriodicJob(
            "auto_confirm", timedelta(minutes=conf("AUTO_CONFIRM_EVERY_MINUTES")), _auto_confirm
        ),
        PeriodicJob("sla_watch", timedelta(minutes=conf("SLA_WATCH_EVERY_MINUTES")), _sla_watch),
        PeriodicJob(
            "sweep_uploads",
            timedelta(minutes=conf("SWEEP_UPLOADS_EVERY_MINUTES")),
            _sweep_uploads,
        ),
    ]


def claim(job: PeriodicJob, worker_id: str, now: datetime) -> bool:
    """True when this worker won ``job``'s current period (and moved it on by ``every``)."""
    if not ScheduledJob.objects.filter(name=job.name).exists():
        try:
            with transaction.atomic():
                ScheduledJob.objects.create(name=job.name, next_run_at=now)
        except IntegrityError:
            pass  # another worker created it first: the claim below decides
    won = ScheduledJob.objects.filter(name=job.name, next_run_at__lte=now).update(
        next_run_at=now + job.every, last_started_at=now, last_worker=worker_id
    )
    return won == 1


def run_due(worker_id: str, *, now: datetime | None = None) -> list[str]:
    """Run every job whose period has come and that this worker won; the names it ran. A job
    that fails is logged and retried in its next period."""
    now = now or timezone.now()
    ran = []
    for job in periodic_jobs():
        if not claim(job, worker_id, now):
            continue
        try:
            result = job.run()
        except Exception as exc:  # logged; the loop and the other jobs go on
            logger.exception("Tugas berkala %s gagal", job.name)
            result = f"gagal: {type(exc).__name__}: {exc}"
        else:
            logger.info("Tugas berkala %s: %s", job.name, result)
        ScheduledJob.objects.filter(name=job.name).update(
            last_finished_at=timezone.now(), last_result=result[:RESULT_MAX]
        )
        ran.append(job.name)
    return ran

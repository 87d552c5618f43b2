"""Periodic jobs (issue 17 item 7): the workers run the auto-confirmation on a schedule, each
period exactly once however many workers (nodes) run, and a failing job neither stops the loop
nor the next period."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from lpse_support.notifications import schedule
from lpse_support.notifications.models import ScheduledJob
from lpse_support.notifications.schedule import PeriodicJob, claim, run_due
from lpse_support.notifications.worker import Worker
from lpse_support.tickets.models import Ticket
from lpse_support.tickets.workflow import Status
from tests.support.drive import drive_to
from tests.support.flow import Flow

pytestmark = pytest.mark.django_db


def _job(calls: list[str], fail: bool = False) -> PeriodicJob:
    def run() -> str:
        calls.append("ran")
        if fail:
            raise RuntimeError("basis data sibuk")
        return "ok"

    return PeriodicJob("uji", timedelta(minutes=15), run)


def test_one_worker_wins_each_period() -> None:
    now = timezone.now()
    job = _job([])
    assert [claim(job, worker, now) for worker in ("node-1", "node-2", "node-3")] == [
        True,
        False,
        False,
    ]
    assert claim(job, "node-2", now + timedelta(minutes=14)) is False
    assert claim(job, "node-2", now + timedelta(minutes=15)) is True
    row = ScheduledJob.objects.get(name="uji")
    assert row.last_worker == "node-2"
    assert row.next_run_at == now + timedelta(minutes=30)


def test_a_failing_job_is_recorded_and_runs_again_next_period(monkeypatch: Any) -> None:
    calls: list[str] = []
    monkeypatch.setattr(schedule, "periodic_jobs", lambda: [_job(calls, fail=True)])
    now = timezone.now()
    assert run_due("node-1", now=now) == ["uji"]
    assert run_due("node-2", now=now + timedelta(minutes=1)) == []
    assert ScheduledJob.objects.get(name="uji").last_result.startswith("gagal: RuntimeError")
    assert run_due("node-2", now=now + timedelta(minutes=16)) == ["uji"]
    assert calls == ["ran", "ran"]


def test_the_worker_loop_confirms_resolutions_left_unanswered(flow: Flow, settings: Any) -> None:
    # Before: nothing scheduled auto_confirm, so under `make run` resolved tickets waited for ever.
    ticket = drive_to(flow.world, Status.MENUNGGU_KONFIRMASI)
    days = settings.LPSE_SUPPORT["AUTO_CONFIRM_DAYS"]
    Ticket.objects.filter(pk=ticket.pk).update(
        resolved_at=timezone.now() - timedelta(days=days, minutes=1)
    )
    # The worker's housekeeping step (``tick`` also closes stale connections, which a test's
    # transaction on PostgreSQL or a file database does not survive).
    first, second = Worker(worker_id="node-1"), Worker(worker_id="node-2")
    first.upkeep()
    second.upkeep()
    assert Ticket.objects.get(pk=ticket.pk).status == Status.SELESAI
    row = ScheduledJob.objects.get(name="auto_confirm")
    assert (row.last_worker, row.last_result) == ("node-1", "1 tiket dikonfirmasi otomatis")


def test_the_upload_sweep_is_a_periodic_job(settings: Any, tmp_path: Any) -> None:
    # Before: sweep_uploads ran only from cron; now every worker may run it, once per period.
    import os
    import time

    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    stale, fresh = tmp_path / "tmpab12.upload.pdf", tmp_path / "tmpcd34.upload.pdf"
    stale.write_bytes(b"x")
    fresh.write_bytes(b"y")
    hours = settings.BACKGROUND_WORKER["SWEEP_UPLOADS_OLDER_THAN_HOURS"]
    old = time.time() - (hours * 3600 + 60)
    os.utime(stale, (old, old))
    now = timezone.now()
    assert "sweep_uploads" in run_due("node-1", now=now)
    assert not stale.exists() and fresh.exists()
    assert ScheduledJob.objects.get(name="sweep_uploads").last_result.startswith(
        "1 file sementara dihapus"
    )
    assert "sweep_uploads" not in run_due("node-2", now=now + timedelta(minutes=59))

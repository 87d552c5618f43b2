"""Periodic jobs across nodes (issue 15 item 4): several workers, each on its own database
connection, look for due jobs at the same moment, period after period — each job runs exactly
once per period, decided by the database (one conditional UPDATE), not by "only on node 1"."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from lpse_support.notifications import schedule
from lpse_support.notifications.models import ScheduledJob
from lpse_support.notifications.schedule import PeriodicJob, run_due
from tests.support.race import at_once

pytestmark = [pytest.mark.needs_file_db, pytest.mark.django_db(transaction=True)]

WORKERS = ["node-1-w1", "node-1-w2", "node-2-w1", "node-2-w2"]
PERIODS = 5


def test_each_period_runs_once_however_many_workers_race(monkeypatch: Any) -> None:
    runs: list[tuple[str, int]] = []
    lock = threading.Lock()
    period = {"n": 0}

    def job(name: str) -> PeriodicJob:
        def run() -> str:
            with lock:
                runs.append((name, period["n"]))
            return "ok"

        return PeriodicJob(name, timedelta(minutes=15), run)

    monkeypatch.setattr(schedule, "periodic_jobs", lambda: [job("satu"), job("dua")])
    start = timezone.now()
    winners: list[str] = []
    for n in range(PERIODS):
        period["n"] = n
        now = start + timedelta(minutes=15 * n)

        def look(worker: str, now: datetime = now) -> list[str]:
            return run_due(worker, now=now)

        result = at_once(look, WORKERS)
        assert result.raised == []
        winners += [worker for worker, ran in result.returned if ran]
    assert sorted(runs) == sorted((name, n) for name in ("satu", "dua") for n in range(PERIODS))
    assert ScheduledJob.objects.filter(name__in=["satu", "dua"]).count() == 2
    assert set(winners) <= set(WORKERS)

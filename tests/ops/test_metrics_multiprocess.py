"""Several gunicorn processes (issue 15): with ``PROMETHEUS_MULTIPROC_DIR`` each process writes
its counters into the directory and a scrape answered by any process adds them all up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from lpse_support.ops.endpoints import exposition
from tests.ops.test_metrics_endpoint import value

pytestmark = pytest.mark.django_db

COUNT_ONE_TICKET = "from lpse_support.core import metrics; metrics.TICKETS_CREATED.inc()"


def test_a_scrape_adds_up_the_counters_of_every_process(tmp_path: Path, monkeypatch: Any) -> None:
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    for _ in range(3):  # three "gunicorn processes", each filing one ticket
        subprocess.run([sys.executable, "-c", COUNT_ONE_TICKET], env=env, check=True)
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    text = exposition().decode()
    assert value(text, "lpse_tickets_created_total") == 3
    assert value(text, "lpse_metrics_database_up") == 1, "the database collector still answers"

"""The read replica against a real streaming standby (issue 15 item 3): scripts/pg_replica.sh
starts a private primary and a pg_basebackup replica; the primary is migrated; a separate
process (tests/core/replica_probe.py) drives REPORTING, the list and the CSV export with replay
paused on the replica, so a read that sees the newest ticket came from the primary and one that
misses it from the replica. Skipped without the PostgreSQL server binaries, except in CI
(CI=1 or E2E_REQUIRED=1), where a skip would hide a broken replica set-up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "pg_replica.sh"
# Ports of the private clusters (REPLICA_TEST_PORTS="<primary> <replica>" to move them).
PORTS = os.environ.get("REPLICA_TEST_PORTS", "15440 15441").split()

pytestmark = [pytest.mark.needs_file_db, pytest.mark.replica, pytest.mark.slow]


def _have_postgres() -> bool:
    return any(Path("/usr/lib/postgresql").glob("*/bin/pg_basebackup"))


@pytest.fixture(scope="module")
def cluster() -> Iterator[Path]:
    if not _have_postgres():
        if os.environ.get("CI") == "1" or os.environ.get("E2E_REQUIRED") == "1":
            pytest.fail("PostgreSQL server binaries are missing (apt-get install postgresql)")
        pytest.skip("PostgreSQL server binaries not installed")
    directory = Path(tempfile.mkdtemp(prefix="lpse-replica-"))
    try:
        subprocess.run(
            [str(SCRIPT), "start", str(directory), *PORTS], check=True, timeout=120, cwd=ROOT
        )
        yield directory
    finally:
        subprocess.run([str(SCRIPT), "stop", str(directory)], check=False, timeout=120)
        subprocess.run(["rm", "-rf", str(directory)], check=False)


def _env(primary: str, replica: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "REPLICA_", "TEST_DATABASE"))
    }
    env.update(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{primary}/postgres",
        DATABASE_REPLICA_URL=f"postgres://postgres@127.0.0.1:{replica}/postgres",
        DEBUG="1",  # every connection logs its queries
        REPLICA_MAX_LAG_SECONDS="3600",
        REPLICA_CHECK_SECONDS="0",
        DJANGO_SETTINGS_MODULE="config.settings",
        REDIS_URL="",
        AXES_ENABLED="0",
    )
    return env


def test_reports_exports_and_counts_read_the_replica_and_writers_read_their_writes(
    cluster: Path,
) -> None:
    env = _env(*PORTS)
    python = sys.executable
    migrate = subprocess.run(
        [python, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert migrate.returncode == 0, migrate.stderr[-3000:]
    probe = subprocess.run(
        [python, "-m", "tests.core.replica_probe", str(cluster)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert probe.returncode == 0, probe.stderr[-3000:]
    seen = json.loads(probe.stdout.strip().splitlines()[-1])
    print(json.dumps(seen, indent=1))  # shown with -s or -rP
    number = seen["number"]

    # REPORTING before the write: served by the replica.
    assert seen["before"]["replica_queries"] >= 1
    assert seen["create_status"] == 302 and seen["pin_cookie"]
    # Replay paused: the replica really lacks the new ticket.
    assert seen["on_replica_while_paused"] is False

    # The writer's next requests read the primary: the ticket is listed, counted and exported.
    assert number in seen["writer_list"]["numbers"]
    assert seen["writer_list"]["total"] == 1
    assert seen["writer_list"]["replica_queries"] == 0
    assert seen["writer_export_has_it"] and seen["writer_export_replica_queries"] == 0

    # Another user reads the replica: stale by exactly the paused write.
    assert seen["reader_export_has_it"] is False and seen["reader_export_replica_queries"] >= 1
    assert seen["stale"]["replica_queries"] >= 1
    assert seen["stale"]["total"] == seen["before"]["total"]

    # Lagging beyond REPLICA_MAX_LAG_SECONDS: the primary answers (only the lag check ran there).
    assert seen["lagging"]["total"] == seen["before"]["total"] + 1
    assert seen["lagging"]["replica_queries"] == 0

    # Caught up: the replica again, now with the ticket.
    assert seen["caught_up"]["replica_queries"] >= 1
    assert seen["caught_up"]["total"] == seen["before"]["total"] + 1

    # Replica stopped: the pages still answer, from the primary.
    assert seen["replica_down"]["total"] == seen["before"]["total"] + 1
    assert seen["replica_down"]["replica_queries"] == 0
    assert seen["replica_down_export_has_it"] is True

"""The cluster tests (issue 15 item 6) run only when asked (``make cluster-test`` sets
``RUN_CLUSTER=1``): one local cluster (deploy/local-cluster.sh) is started on free ports for the
whole session and always stopped and deleted at the end, whatever the tests did."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cluster.smtp_sink import Sink, start_sink
from tests.cluster.support import PG_PORTS, SCRIPT, Cluster, free_ports

# The worker test kills a worker mid-send: the other one takes the e-mail over when the lease
# runs out, so the lease is short here (production: 300 s).
LEASE_SECONDS = 6
# How long a writer reads the primary after a write (production: 10 s); the replica test waits
# it out to see the replica answer.
PIN_SECONDS = 4


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    run = os.environ.get("RUN_CLUSTER") == "1"
    skip = pytest.mark.skip(reason="cluster test: run with `make cluster-test` (RUN_CLUSTER=1)")
    for item in items:
        if "tests/cluster/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.cluster)
            if not run:
                item.add_marker(skip)


def _missing() -> list[str]:
    tools = [
        t for t in ("haproxy", "redis-server", "redis-cli", "curl", "psql") if not shutil.which(t)
    ]
    if not any(Path("/usr/lib/postgresql").glob("*/bin/pg_basebackup")):
        tools.append("postgresql")
    return tools


def _tails(state: Path) -> str:
    """The end of every log of the cluster, for a start that failed."""
    parts = []
    for log in sorted((state / "logs").glob("*.log")):
        parts.append(f"\n--- {log.name}\n" + log.read_text(errors="replace")[-1500:])
    return "".join(parts)


@pytest.fixture(scope="session")
def smtp_sink() -> Iterator[tuple[Sink, int]]:
    (port,) = free_ports(1)
    sink, controller = start_sink(port)
    try:
        yield sink, port
    finally:
        controller.stop()


@pytest.fixture(scope="session")
def cluster(smtp_sink: tuple[Sink, int]) -> Iterator[Cluster]:
    missing = _missing()
    if missing:
        pytest.fail(f"missing for the local cluster: {', '.join(missing)}")
    _, smtp_port = smtp_sink
    state = Path(tempfile.mkdtemp(prefix="lpse-cluster-tests-"))
    state.chmod(0o755)  # the postgres OS user reaches its data directories below it
    proxy, app1, app2, redis, s3, master, volume, filer, stats = free_ports(9)
    extra = {
        # The e-mails go to the test's SMTP sink instead of files.
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_TIMEOUT": "30",
        "EMAIL_LEASE_SECONDS": str(LEASE_SECONDS),
        # The replica test pauses replay: the replica must stay in use while it is behind.
        "REPLICA_MAX_LAG_SECONDS": "3600",
        "REPLICA_CHECK_SECONDS": "1",
        "REPLICA_PIN_SECONDS": str(PIN_SECONDS),
    }
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_"))},
        "CLUSTER_DIR": str(state),
        "CLUSTER_PG_PRIMARY_PORT": PG_PORTS[0],
        "CLUSTER_PG_REPLICA_PORT": PG_PORTS[1],
        "CLUSTER_PROXY_PORT": str(proxy),
        "CLUSTER_APP_PORTS": f"{app1} {app2}",
        "CLUSTER_REDIS_PORT": str(redis),
        "CLUSTER_S3_PORT": str(s3),
        "CLUSTER_WEED_MASTER_PORT": str(master),
        "CLUSTER_WEED_VOLUME_PORT": str(volume),
        "CLUSTER_WEED_FILER_PORT": str(filer),
        "CLUSTER_STATS_PORT": str(stats),
        "CLUSTER_SEED_TICKETS": "30",
        "CLUSTER_WAIT_SECONDS": "120",
        "CLUSTER_WEB_CONCURRENCY": "2",
        "CLUSTER_EXTRA_ENV": "\n".join(f"{k}={v}" for k, v in extra.items()),
    }
    begun = time.monotonic()
    try:
        started = subprocess.run(
            [str(SCRIPT), "start"],
            env=env,
            capture_output=True,
            text=True,
            timeout=420,
            check=False,
        )
        assert started.returncode == 0, (
            started.stdout[-3000:] + started.stderr[-3000:] + _tails(state)
        )
        yield Cluster(
            state=state,
            env=env,
            proxy_port=proxy,
            app_ports=[app1, app2],
            redis_port=redis,
            pg_primary=PG_PORTS[0],
            pg_replica=PG_PORTS[1],
            started_seconds=time.monotonic() - begun,
        )
    finally:
        stopped = subprocess.run(
            [str(SCRIPT), "destroy"],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        print(
            f"\ncluster: up and down in {time.monotonic() - begun:.0f}s\n{stopped.stdout[-1500:]}"
        )
        shutil.rmtree(state, ignore_errors=True)

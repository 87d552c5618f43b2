"""The local cluster (issue 15 item 4, deploy/local-cluster.sh): the whole reference topology
starts on loopback — HAProxy, 2 gunicorn nodes, 2 workers, Redis, SeaweedFS S3, PostgreSQL
primary + streaming replica — answers through the proxy on both nodes, and stops leaving no
process behind. Needs haproxy, redis-server and the PostgreSQL server binaries: skipped without
them, a failure in CI (E2E_REQUIRED=1 or CI=1)."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import urllib.request
from pathlib import Path

import pytest

from tests.cluster.support import free_ports

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "deploy" / "local-cluster.sh"
# PostgreSQL ports of this test (CLUSTER_TEST_PG_PORTS="<primary> <replica>" to move them).
PG_PORTS = os.environ.get("CLUSTER_TEST_PG_PORTS", "15444 15445").split()


def _missing() -> list[str]:
    tools = [t for t in ("haproxy", "redis-server", "redis-cli", "curl") if not shutil.which(t)]
    if not any(Path("/usr/lib/postgresql").glob("*/bin/pg_basebackup")):
        tools.append("postgresql")
    return tools


def _get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310  (loopback)
        return int(response.status)


def _alive(pid: int) -> bool:
    try:
        os.killpg(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def test_the_cluster_starts_serves_through_both_nodes_and_stops_cleanly() -> None:
    missing = _missing()
    if missing:
        if os.environ.get("CI") == "1" or os.environ.get("E2E_REQUIRED") == "1":
            pytest.fail(f"missing for the local cluster: {', '.join(missing)}")
        pytest.skip(f"missing for the local cluster: {', '.join(missing)}")
    state = Path(tempfile.mkdtemp(prefix="lpse-cluster-"))
    state.chmod(0o755)  # the postgres OS user reaches its data directories below it
    proxy, app1, app2, redis, s3, master, volume, filer, stats = free_ports(9)
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
        "CLUSTER_WEB_CONCURRENCY": "1",
    }
    pids: dict[str, int] = {}
    try:
        started = subprocess.run(
            [str(SCRIPT), "start"], env=env, capture_output=True, text=True, timeout=420
        )
        assert started.returncode == 0, started.stdout[-2000:] + started.stderr[-2000:]
        pids = {p.name: int(p.read_text()) for p in (state / "pids").iterdir()}
        assert sorted(pids) == ["app1", "app2", "proxy", "redis", "s3", "worker1", "worker2"]

        for n in range(6):
            assert _get(f"http://127.0.0.1:{proxy}/akun/masuk/?uji-cluster={n}") == 200
        # Round robin: both nodes served some of them (the health checks use other URLs).
        for node in ("app1", "app2"):
            log = (state / "logs" / f"{node}.log").read_text()
            assert "/akun/masuk/?uji-cluster=" in log, node

        status = subprocess.run(
            [str(SCRIPT), "status"], env=env, capture_output=True, text=True, timeout=60
        ).stdout
        assert "primary: running" in status and "replica: running" in status
        assert "worker2: running" in status
        replicating = (state / "pg" / "replica" / "standby.signal").exists()
        assert replicating
    finally:
        stopped = subprocess.run(
            [str(SCRIPT), "stop"], env=env, capture_output=True, text=True, timeout=300
        )
        with contextlib.suppress(Exception):
            subprocess.run([str(SCRIPT), "destroy"], env=env, capture_output=True, timeout=120)
        shutil.rmtree(state, ignore_errors=True)
    print(stopped.stdout)
    assert stopped.returncode == 0, stopped.stderr
    # Every process group the script started is gone: nothing left behind.
    assert [name for name, pid in pids.items() if _alive(pid)] == []

"""The running local cluster as the cluster tests see it (deploy/local-cluster.sh on free ports):
its URLs, its state directory, psql on the primary and the replica, Django's shell with the
cluster's environment, process control (kill -9 a node or a worker, start it again the way the
script does) and the memory of a node's gunicorn processes."""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "deploy" / "local-cluster.sh"
BIN = ROOT / ".venv" / "bin"
DEMO_PASSWORD = "Demo#2026"
# PostgreSQL ports of the cluster tests (CLUSTER_TEST_PG_PORTS="<primary> <replica>" moves them).
PG_PORTS = os.environ.get("CLUSTER_TEST_PG_PORTS", "15450 15451").split()


def bindable(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_ports(count: int) -> list[int]:
    """Free ports whose +10000 (SeaweedFS's gRPC ports) is free too."""
    chosen: list[int] = []
    while len(chosen) < count:
        port = random.randint(20000, 45000)
        if port not in chosen and bindable(port) and bindable(port + 10000):
            chosen.append(port)
    return chosen


def wait_until(what: str, check: object, seconds: float, every: float = 0.2) -> object:
    """Poll ``check()`` until it returns something truthy; fail after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        value = check()  # type: ignore[operator]
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {seconds:.0f}s waiting for {what}")
        time.sleep(every)


@dataclass
class Cluster:
    state: Path
    env: dict[str, str]
    proxy_port: int
    app_ports: list[int]
    redis_port: int
    pg_primary: str
    pg_replica: str
    started_seconds: float = 0.0

    # --- URLs -----------------------------------------------------------------------------

    @property
    def proxy(self) -> str:
        return f"http://127.0.0.1:{self.proxy_port}"

    def node(self, index: int) -> str:
        """``index`` 0 is node A (app1), 1 node B (app2)."""
        return f"http://127.0.0.1:{self.app_ports[index]}"

    # --- the database ---------------------------------------------------------------------

    def psql(self, sql: str, *, replica: bool = False, database: str = "lpse_support") -> str:
        port = self.pg_replica if replica else self.pg_primary
        argv = ["psql", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-d", database, "-XAtq"]
        argv += ["-F", "|", "-c", sql]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def rows(self, sql: str, *, replica: bool = False) -> list[list[str]]:
        out = self.psql(sql, replica=replica)
        return [line.split("|") for line in out.splitlines() if line]

    def django(self, code: str) -> str:
        """Run ``code`` in ``manage.py shell`` with the cluster's environment; its stdout."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_"))}
        for line in (self.state / "cluster.env").read_text().splitlines():
            name, _, value = line.partition("=")
            if name and not name.startswith("#"):
                env[name] = value
        done = subprocess.run(
            [str(BIN / "python"), "manage.py", "shell", "-v", "0", "-c", code],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout.strip()

    def tokens(self, username: str, count: int = 1) -> list[str]:
        """``count`` new personal API tokens of ``username`` (one per client: the rate limit
        counts per token)."""
        label = f"cluster-{uuid.uuid4().hex[:8]}"
        out = self.django(
            "from lpse_support.accounts.models import User\n"
            "from lpse_support.api.tokens import token_create\n"
            f"user = User.objects.get(username={username!r})\n"
            f"for n in range({count}):\n"
            f"    print(token_create(user=user, name=f'{label}-{{n}}').secret)"
        )
        secrets = [line for line in out.splitlines() if line.startswith("lps_")]
        assert len(secrets) == count, out
        return secrets

    # --- processes ------------------------------------------------------------------------

    def pid(self, name: str) -> int:
        return int((self.state / "pids" / name).read_text())

    def kill9(self, name: str) -> int:
        """kill -9 the process group the script started as ``name`` (master and children)."""
        pid = self.pid(name)
        os.killpg(pid, signal.SIGKILL)
        wait_until(f"{name} to die", lambda: not _alive(pid), 10)
        return pid

    def stop(self, name: str) -> None:
        pid = self.pid(name)
        os.killpg(pid, signal.SIGTERM)
        wait_until(f"{name} to stop", lambda: not _alive(pid), 15)

    def launch(self, name: str, argv: list[str], env: dict[str, str] | None = None) -> int:
        """Start ``name`` again as deploy/local-cluster.sh does: own session, its log, pid file."""
        log = (self.state / "logs" / f"{name}.log").open("ab")
        process = subprocess.Popen(
            argv,
            cwd=ROOT,
            env={**self.env, **(env or {})},
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        # Reaped as soon as it exits: a zombie child would look alive to the script's stop.
        threading.Thread(target=process.wait, daemon=True).start()
        (self.state / "pids" / name).write_text(f"{process.pid}\n")
        return process.pid

    def restart_app(self, index: int) -> None:
        port = self.app_ports[index]
        self.launch(
            f"app{index + 1}",
            [
                "bash",
                "-c",
                'set -a; . "$0"; set +a; cd "$1"; exec "$1/.venv/bin/gunicorn" -c gunicorn.conf.py',
                str(self.state / "cluster.env"),
                str(ROOT),
            ],
            env={"GUNICORN_BIND": f"127.0.0.1:{port}"},
        )
        wait_until(f"node {index + 1} to answer", lambda: http_status(self.node(index)), 60)

    def restart_worker(self, name: str) -> None:
        self.launch(
            name,
            [
                "bash",
                "-c",
                'set -a; . "$0"; set +a; cd "$1"; '
                'exec "$1/.venv/bin/python" manage.py run_worker --worker-id "cluster-$2"',
                str(self.state / "cluster.env"),
                str(ROOT),
                name,
            ],
        )

    def restart_redis(self) -> None:
        self.launch(
            "redis",
            [
                "redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.state / "redis"),
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "yes",
            ],
        )
        wait_until(
            "Redis",
            lambda: (
                subprocess.run(
                    ["redis-cli", "-p", str(self.redis_port), "ping"],
                    capture_output=True,
                    text=True,
                    check=False,
                ).stdout.strip()
                == "PONG"
            ),
            30,
        )

    def worker_pids(self, name: str) -> list[int]:
        """The gunicorn worker processes of the node ``name`` (children of its master)."""
        master = self.pid(name)
        children = Path(f"/proc/{master}/task/{master}/children")
        try:
            return [int(p) for p in children.read_text().split()]
        except FileNotFoundError:
            return []

    def rss_mb(self, name: str) -> float:
        """Resident memory of the node's master and workers together, in MB."""
        total = 0
        for pid in [self.pid(name), *self.worker_pids(name)]:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except FileNotFoundError:
                continue
            for line in status.splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        return total / 1024


def _alive(pid: int) -> bool:
    try:
        os.killpg(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def http_status(url: str) -> int:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url + "/akun/masuk/", timeout=5) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


@dataclass(frozen=True)
class TicketForm:
    """Valid catalogue choices for filing a ticket as the demo reporter ``ppk1``."""

    version_id: str
    subcategory_id: str

    @classmethod
    def of(cls, cluster: Cluster, username: str = "ppk1") -> TicketForm:
        (row,) = cluster.rows(
            "SELECT t.version_id, t.subcategory_id FROM tickets_ticket t "
            "JOIN accounts_user u ON u.id = t.reporter_id "
            f"WHERE u.username = '{username}' ORDER BY t.id LIMIT 1"
        )
        return cls(*row)

    def fields(self, title: str) -> dict[str, str]:
        return {
            "title": title,
            "version_id": self.version_id,
            "subcategory_id": self.subcategory_id,
            "description": f"{title}: dilaporkan oleh uji cluster melalui API.",
        }

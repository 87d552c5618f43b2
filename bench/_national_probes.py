"""What ``bench/national.py`` reads off the running local cluster besides its answers: the
cluster's environment file, the process trees of its components and their CPU seconds (from
/proc), and the database connections and transactions on primary and replica (docs/scale.md)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

CLK = os.sysconf("SC_CLK_TCK")


# --- the cluster -----------------------------------------------------------------------------
def cluster_env(state: Path) -> dict[str, str]:
    env: dict[str, str] = {}
    for line in (state / "cluster.env").read_text().splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            env[key] = value
    return env


def tree(root: int) -> list[int]:
    """``root`` and its descendants (from /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, []))
    return found


def cpu_seconds(root: int) -> float:
    """CPU of the process tree, with the reaped children of the root (exited backends/workers)."""
    total = 0.0
    for pid in tree(root):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
        if pid == root:
            total += int(fields[13]) + int(fields[14])  # cutime, cstime
    return total / CLK


def components(state: Path) -> dict[str, int]:
    found: dict[str, int] = {}
    for name in ("primary", "replica"):
        pidfile = state / "pg" / name / "postmaster.pid"
        if pidfile.exists():
            found[f"pg_{name}"] = int(pidfile.read_text().split()[0])
    for pidfile in sorted((state / "pids").glob("*")):
        found[pidfile.name] = int(pidfile.read_text())
    return {name: pid for name, pid in found.items() if Path(f"/proc/{pid}").exists()}


class DbSampler(threading.Thread):
    """Client connections of the site's database on primary and replica, once a second, and
    the committed transactions (pg_stat_database) at start and end."""

    def __init__(self, env: dict[str, str]) -> None:
        super().__init__(daemon=True)
        import psycopg

        self.urls = {"primary": env["DATABASE_URL"], "replica": env.get("DATABASE_REPLICA_URL")}
        self.connections = {
            name: psycopg.connect(url, autocommit=True) for name, url in self.urls.items() if url
        }
        self.samples: dict[str, list[int]] = {name: [] for name in self.connections}
        self.stop_event = threading.Event()

    def query(self, name: str, sql: str) -> int:
        row = self.connections[name].execute(sql).fetchone()
        return int(row[0]) if row else 0

    def commits(self) -> dict[str, int]:
        sql = (
            "SELECT xact_commit + xact_rollback FROM pg_stat_database "
            "WHERE datname = current_database()"
        )
        return {name: self.query(name, sql) for name in self.connections}

    def run(self) -> None:
        sql = (
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
        )
        while not self.stop_event.wait(1.0):
            for name in self.connections:
                self.samples[name].append(self.query(name, sql))

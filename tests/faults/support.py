"""Real pieces for the fault tests: a site (database migrated and seeded by ``manage.py``), its
processes (worker, gunicorn) started in their own process groups so they can be killed hard,
SMTP servers on 127.0.0.1 (one that records what it accepted, one that accepts TCP and never
says a word) and a private PostgreSQL cluster on a free port. Everything a test starts is
stopped by the test's finalizers; nothing here touches the shared cluster on 5432."""

from __future__ import annotations

import asyncio
import contextlib
import email
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(what: str, predicate: Callable[[], Any], timeout: float, every: float = 0.2) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


# --- processes ------------------------------------------------------------------------------


@dataclass
class Process:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path

    @property
    def alive(self) -> bool:
        return self.popen.poll() is None

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.alive:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout=15)

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


@dataclass
class Site:
    """One installation under test: its environment, database and processes."""

    directory: Path
    database_url: str
    root: Path = ROOT
    settings: dict[str, str] = field(default_factory=dict)
    processes: list[Process] = field(default_factory=list)

    def env(self, **extra: str) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DATABASE_URL", "EMAIL_", "PYTEST", "DJANGO_SETTINGS"))
        }
        env.update(
            PYTHONPATH=str(self.root),
            DJANGO_SETTINGS_MODULE="config.settings",
            DATABASE_URL=self.database_url,
            MEDIA_ROOT=str(self.directory / "media"),
            LOG_LEVEL="INFO",
            PYTHONUNBUFFERED="1",
        )
        env.update(self.settings)
        env.update(extra)
        return env

    def manage(self, *args: str, timeout: float = 120) -> str:
        return self._run([sys.executable, "manage.py", *args], timeout)

    def scenario(self, *args: str, timeout: float = 60) -> Any:
        out = self._run([sys.executable, "-m", "tests.faults.scenario", *args], timeout)
        return json.loads(out.strip().splitlines()[-1])

    def _run(self, command: list[str], timeout: float) -> str:
        done = subprocess.run(
            command,
            cwd=self.root,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            raise AssertionError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def install(self) -> None:
        self.manage("migrate", "--noinput", "-v0")
        self.manage("seed_demo", "-v0")

    def start(self, name: str, command: list[str], **extra: str) -> Process:
        log = self.directory / f"{name}-{len(self.processes)}.log"
        with log.open("wb") as out:
            popen = subprocess.Popen(
                command,
                cwd=self.root,
                env=self.env(**extra),
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        process = Process(name, popen, log)
        self.processes.append(process)
        return process

    def start_worker(self, worker_id: str, command: str = "run_worker", **extra: str) -> Process:
        args = ["--worker-id", worker_id] if command == "run_worker" else []
        return self.start(
            f"worker-{worker_id}", [sys.executable, "manage.py", command, *args], **extra
        )

    def stop_all(self) -> None:
        for process in self.processes:
            process.kill()

    def logs(self) -> str:
        return "\n".join(f"--- {p.name} ---\n{p.output()[-4000:]}" for p in self.processes)


# --- SMTP -----------------------------------------------------------------------------------


class RecordingHandler:
    """Keeps every message it accepted with "250". With ``hold_first`` the first DATA is held
    without an answer until ``release`` (the client is killed meanwhile), then refused, so that
    message counts as not delivered — as a real MTA treats a DATA the client never finished."""

    def __init__(self, *, hold_first: bool = False) -> None:
        self.accepted: list[tuple[str, str]] = []
        self.hold_first = hold_first
        self.holding = threading.Event()
        self._release = threading.Event()
        self._lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.hold_first and not self.holding.is_set():
            self.holding.set()
            while not self._release.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 Sender gone"
        subject = email.message_from_bytes(envelope.content).get("Subject", "")
        with self._lock:
            for recipient in envelope.rcpt_tos:
                self.accepted.append((recipient, str(subject)))
        return "250 OK"

    def release(self) -> None:
        self._release.set()

    def recipients(self) -> list[str]:
        with self._lock:
            return [recipient for recipient, _ in self.accepted]


class SmtpServer:
    """aiosmtpd on 127.0.0.1:``port`` in a thread."""

    def __init__(self, port: int, handler: RecordingHandler) -> None:
        self.handler = handler
        self.controller = Controller(handler, hostname="127.0.0.1", port=port)

    def start(self) -> SmtpServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.handler.release()
        with contextlib.suppress(Exception):
            self.controller.stop()


class SilentServer:
    """Accepts TCP connections on 127.0.0.1:``port`` and never sends a byte (no SMTP banner)."""

    def __init__(self, port: int) -> None:
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", port))
        self.listener.listen(16)
        self.connections: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)

    def start(self) -> SilentServer:
        self.thread.start()
        return self

    def _accept(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                conn, _ = self.listener.accept()
                self.connections.append(conn)

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        for conn in self.connections:
            conn.close()
        self.thread.join(timeout=5)


# --- PostgreSQL -----------------------------------------------------------------------------


def postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


class PrivateCluster:
    """A throw-away PostgreSQL cluster in a temporary directory, on a free port, with its socket
    in that directory. Run as the ``postgres`` OS user when the tests run as root (initdb and
    pg_ctl refuse root)."""

    def __init__(self) -> None:
        binaries = postgres_bin()
        if binaries is None:
            raise RuntimeError("PostgreSQL server binaries not installed")
        self.bin = binaries
        self.directory = Path(tempfile.mkdtemp(prefix="lpse-fault-pg-"))
        self.data = self.directory / "data"
        self.port = free_port()
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.directory, "postgres", "postgres")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/lpse_fault"

    def _run(self, *command: str, timeout: float = 60) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_postgres else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=timeout)

    def init(self) -> PrivateCluster:
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--no-sync",
            "-E",
            "UTF8",
        )
        self.start()
        self._run(
            str(self.bin / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "lpse_fault",
        )
        return self

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.directory / "server.log"),
            "-w",
            "start",
        )

    def stop(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def destroy(self) -> None:
        if self.running():
            with contextlib.suppress(Exception):
                self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)

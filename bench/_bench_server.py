"""Helpers for the benchmarks in bench/: a scratch directory (SQLite database, MEDIA_ROOT, upload
temp dir) with ``manage.py`` run inside it, the ``runserver`` started on a free port, the server's
VmRSS sampled from /proc, and a tiny cookie-keeping HTTP session that logs in like a browser.
"""

from __future__ import annotations

import html
import http.client
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
USERNAME = "ppk1"
PASSWORD = "Demo#2026"  # noqa: S105 — the published demo account (seed_demo)
SAMPLE_SECONDS = 0.05
# Storage variables every scratch site gets (bench/s3_stream.py: the S3 bucket); empty: MEDIA_ROOT.
STORAGE_ENV: dict[str, str] = {}


# --- the server and its memory ------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class RssSampler(threading.Thread):
    """Reads the server's VmRSS every 50 ms; ``phase()`` resets the peak."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0.0
        self.samples = 0
        self._stop = threading.Event()

    def run(self) -> None:
        while not self._stop.is_set():
            try:
                value = rss_mb(self.pid)
            except OSError:
                return
            self.peak = max(self.peak, value)
            self.samples += 1
            time.sleep(SAMPLE_SECONDS)

    def phase(self) -> float:
        baseline = rss_mb(self.pid)
        self.peak = baseline
        return baseline

    def stop(self) -> None:
        self._stop.set()


@dataclass
class Scratch:
    directory: Path
    env: dict[str, str] = field(default_factory=dict)

    @classmethod
    def create(cls, megabytes: int) -> Scratch:
        directory = Path(tempfile.mkdtemp(prefix="lpse-bench-"))
        (directory / "media").mkdir()
        (directory / "upload-tmp").mkdir()
        env = {
            **os.environ,
            "DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{directory / 'db.sqlite3'}",
            "MEDIA_ROOT": str(directory / "media"),
            "FILE_UPLOAD_MAX_MB": str(max(500, megabytes)),
            "TMPDIR": str(directory / "upload-tmp"),
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("STORAGE_BACKEND", None)
        env.update(STORAGE_ENV)
        return cls(directory=directory, env=env)

    def manage(self, *args: str, stdin: str | None = None) -> str:
        result = subprocess.run(  # noqa: S603 — fixed argv: this venv's manage.py
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout


def start_server(scratch: Scratch, port: int) -> subprocess.Popen[bytes]:
    log = open(scratch.directory / "server.log", "wb")  # noqa: SIM115 — lives as long as the server
    server = subprocess.Popen(  # noqa: S603 — fixed argv: this venv's manage.py
        [PYTHON, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=scratch.env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"runserver exited; see {scratch.directory / 'server.log'}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("runserver did not start within 60 s")


# --- a tiny HTTP session --------------------------------------------------------------------


class Session:
    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers.update(extra or {})
        return headers

    def _remember(self, response: http.client.HTTPResponse) -> None:
        for header in response.msg.get_all("Set-Cookie") or []:
            cookie: SimpleCookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value

    def request(
        self,
        method: str,
        path: str,
        body: bytes | Iterator[bytes] | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse]:
        """Send a request and return the open response (the caller reads and closes it)."""
        connection = self.connection()
        connection.request(method, path, body=body, headers=self._headers(headers))
        response = connection.getresponse()
        self._remember(response)
        return connection, response

    def text(
        self, method: str, path: str, body: bytes | None = None, **headers: str
    ) -> tuple[int, str, str]:
        connection, response = self.request(method, path, body, headers)
        try:
            return response.status, response.read().decode(), response.getheader("Location") or ""
        finally:
            connection.close()

    @property
    def csrf(self) -> str:
        return self.cookies.get("csrftoken", "")

    def login(self, username: str, password: str) -> None:
        self.text("GET", "/akun/masuk/")
        form = urlencode(
            {"csrfmiddlewaretoken": self.csrf, "username": username, "password": password}
        ).encode()
        status, page, _ = self.text(
            "POST",
            "/akun/masuk/",
            form,
            **{"Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": self.csrf},
        )
        if status != 302 or "sessionid" not in self.cookies:
            sys.exit(f"login as {username} failed ({status}): {page[:300]}")


OPTION_RE = re.compile(r'<option[^>]*value="([^"]+)"[^>]*>\s*([^<]*?)\s*</option>', re.S)


def options(page: str, select_name: str | None = None) -> list[tuple[str, str]]:
    """(value, label) of the <option>s, inside ``<select name=select_name>`` when given."""
    if select_name is not None:
        match = re.search(rf'<select[^>]*name="{select_name}"[^>]*>(.*?)</select>', page, re.S)
        if match is None:
            return []
        page = match.group(1)
    return [(value, html.unescape(label)) for value, label in OPTION_RE.findall(page) if value]

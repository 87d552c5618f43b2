"""A scratch production-like site served by real gunicorn processes with the project's
``gunicorn.conf.py``: its own SQLite database, media and upload temp dir in a temporary folder,
``DEBUG=0``, the demo master data and an API token for ``ppk1``.

Only the processes started here are ever stopped (by their own process group)."""

from __future__ import annotations

import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUNICORN_CONF = ROOT / "gunicorn.conf.py"
DEMO_USER = "ppk1"
DEMO_PASSWORD = "Demo#2026"

SETUP_SCRIPT = "\n".join(
    [
        "import json",
        "from lpse_support.accounts.models import User",
        "from lpse_support.api.tokens import token_create",
        "from lpse_support.catalog.models import ApplicationVersion, SubCategory",
        f"user = User.objects.get(username={DEMO_USER!r})",
        "version = ApplicationVersion.objects.filter(application__code='spse').first()",
        "sub = SubCategory.objects.filter(category__application__code='spse').first()",
        "print(json.dumps({'token': token_create(user=user, name='faults').secret,"
        " 'version_id': version.pk, 'subcategory_id': sub.pk}))",
    ]
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Site:
    root: Path
    env: dict[str, str]
    token: str
    version_id: int
    subcategory_id: int

    def manage(self, *args: str, timeout: float = 120) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout


def build_site(root: Path) -> Site:
    """Migrate a fresh SQLite database and seed the demo master data (about 20 s)."""
    for folder in ("media", "uploads"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PYTHONPATH"}
    env = {key: value for key, value in os.environ.items() if key in keep}
    env.update(
        PYTHONPATH=str(ROOT),
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"sqlite:///{root / 'db.sqlite3'}",
        MEDIA_ROOT=str(root / "media"),
        FILE_UPLOAD_TEMP_DIR=str(root / "uploads"),
        # Plain HTTP on loopback: the proxy does TLS in production.
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="WARNING",
    )
    site = Site(root=root, env=env, token="", version_id=0, subcategory_id=0)
    site.manage("migrate", "--noinput", "-v0")
    site.manage("seed_demo")
    ids = json.loads(site.manage("shell", "-c", SETUP_SCRIPT).strip().splitlines()[-1])
    site.token, site.version_id, site.subcategory_id = (
        ids["token"],
        ids["version_id"],
        ids["subcategory_id"],
    )
    return site


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def connection(self, timeout: float = 30) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


@contextmanager
def gunicorn(site: Site, *extra: str, **env: str) -> Iterator[Server]:
    """gunicorn with the project's config on 127.0.0.1:<free port>; ``extra`` arguments and
    ``env`` override it (as an operator's command line and environment would)."""
    port = free_port()
    log = site.root / f"gunicorn-{port}.log"
    command = [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF), *extra]
    with log.open("wb") as output:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**site.env, "GUNICORN_BIND": f"127.0.0.1:{port}", **env},
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(port=port, process=process, log=log)
    try:
        _wait_until_serving(server)
        yield server
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _wait_until_serving(server: Server, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.process.poll() is None, server.log_text()
        try:
            with socket.create_connection(("127.0.0.1", server.port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("gunicorn did not start:\n" + server.log_text())

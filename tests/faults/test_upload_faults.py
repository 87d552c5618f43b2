"""Uploads under real faults (issue 11): a temp dir and a media disk that really fill up (tmpfs
mounts: needs root, else skipped), and a real gunicorn worker killed with SIGKILL while it
receives an upload and while it copies one into storage. Each asserts that nothing partial is
left where it matters, that the next upload works without a restart, and that
``sweep_uploads`` removes the rest. Bounded: every wait has a deadline."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lpse_support.tickets.models import Ticket
from tests.support.api import bearer
from tests.support.ticket_world import TicketWorld

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024
DEADLINE_SECONDS = 60
STORAGE_FULL = "Ruang penyimpanan server sedang penuh"


def _wait_for(condition: Callable[[], Any], what: str, seconds: float = DEADLINE_SECONDS) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


def _files(root: Path) -> list[str]:
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())


# --- a disk that really fills up (tmpfs) ------------------------------------------------------


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Callable[[str, str], Path]]:
    """``tiny_disk(name, size)`` mounts a tmpfs of ``size`` (e.g. "2m") at ``tmp_path/name``."""
    mounted: list[Path] = []

    def mount(name: str, size: str) -> Path:
        point = tmp_path / name
        point.mkdir()
        result = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(point)],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here (needs root): {result.stderr.strip()}")
        mounted.append(point)
        return point

    yield mount
    for point in mounted:
        # Lazy: a handle leaked by a failing server must not keep the mount alive.
        subprocess.run(["umount", "--lazy", str(point)], check=False)


def _media(settings: Any, root: Path) -> None:
    settings.MEDIA_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }


def _api_form(world: TicketWorld, upload: SimpleUploadedFile) -> dict[str, Any]:
    return {
        "title": "Gagal unggah dokumen penawaran",
        "application_id": world.spse.pk,
        "version_id": world.spse_version.pk,
        "subcategory_id": world.subcategory.pk,
        "description": "Dokumen penawaran gagal diunggah sejak pukul 09.00 WIB.",
        "files": [upload],
    }


def _page_form(world: TicketWorld, upload: SimpleUploadedFile) -> dict[str, Any]:
    return {
        "title": "Gagal unggah dokumen penawaran",
        "application": world.spse.pk,
        "version": world.spse_version.pk,
        "category": world.category.pk,
        "subcategory": world.subcategory.pk,
        "description": "Dokumen penawaran gagal diunggah sejak pukul 09.00 WIB.",
        "files": [upload],
    }


def _rhs(megabytes: float) -> SimpleUploadedFile:
    return SimpleUploadedFile("penawaran.rhs", os.urandom(int(megabytes * MB)))


@pytest.mark.django_db
def test_a_full_upload_temp_dir_answers_507_and_recovers(
    ticket_world: TicketWorld,
    settings: Any,
    tmp_path: Path,
    tiny_disk: Callable[[str, str], Path],
) -> None:
    temp = tiny_disk("upload-tmp", "2m")
    settings.FILE_UPLOAD_TEMP_DIR = str(temp)
    _media(settings, tmp_path / "media")
    page = Client()
    page.force_login(ticket_world.reporter_a)
    api = Client(headers=bearer(ticket_world.reporter_a))

    on_page = page.post("/tiket/baru/", _page_form(ticket_world, _rhs(3)))
    in_api = api.post("/api/v1/tickets", _api_form(ticket_world, _rhs(3)))

    assert on_page.status_code == 507 and STORAGE_FULL in on_page.content.decode()
    assert in_api.status_code == 507 and in_api.json()["code"] == "storage_full"
    assert os.listdir(temp) == []  # the partial files are gone, so the disk is free again
    assert Ticket.objects.count() == 0
    assert api.post("/api/v1/tickets", _api_form(ticket_world, _rhs(1))).status_code == 201


@pytest.mark.django_db
def test_a_full_media_disk_answers_507_and_leaves_nothing(
    ticket_world: TicketWorld,
    settings: Any,
    tmp_path: Path,
    tiny_disk: Callable[[str, str], Path],
) -> None:
    # Temp files on the ordinary disk, media on a 1 MB tmpfs: storing is a cross-device copy
    # that runs out of space half-way.
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    media = tiny_disk("media", "1m")
    _media(settings, media)
    page = Client()
    page.force_login(ticket_world.reporter_a)
    api = Client(headers=bearer(ticket_world.reporter_a))

    on_page = page.post("/tiket/baru/", _page_form(ticket_world, _rhs(1.5)))
    in_api = api.post("/api/v1/tickets", _api_form(ticket_world, _rhs(1.5)))

    assert on_page.status_code == 507 and STORAGE_FULL in on_page.content.decode()
    assert in_api.status_code == 507 and in_api.json()["code"] == "storage_full"
    assert _files(media) == []
    assert Ticket.objects.count() == 0
    assert api.post("/api/v1/tickets", _api_form(ticket_world, _rhs(0.3))).status_code == 201


# --- a real server killed mid-upload ----------------------------------------------------------


@dataclass
class Site:
    directory: Path
    env: dict[str, str]
    port: int
    server: subprocess.Popen[bytes]
    token: str
    form: dict[str, str]

    @property
    def media(self) -> Path:
        return self.directory / "media"

    @property
    def temp(self) -> Path:
        return self.directory / "upload-tmp"

    def manage(self, *args: str) -> str:
        return _manage(self.env, *args)

    def worker(self) -> int | None:
        """The pid of gunicorn's (single) worker, once it is up."""
        try:
            children = Path(f"/proc/{self.server.pid}/task/{self.server.pid}/children")
            pids = [int(pid) for pid in children.read_text().split()]
        except OSError:
            return None
        return pids[0] if pids else None

    def tickets(self) -> list[str]:
        script = (
            "import json; from lpse_support.tickets.models import Ticket; numbers = "
            "Ticket.objects.order_by('pk').values_list('number', flat=True); "
            "print(json.dumps(list(numbers)))"
        )
        return list(json.loads(self.manage("shell", "-c", script).strip().splitlines()[-1]))


def _manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


SETUP = """
import json
from lpse_support.accounts.models import User
from lpse_support.api.tokens import token_create
from lpse_support.catalog.models import ApplicationVersion, SubCategory
subcategory = SubCategory.objects.filter(
    active=True, category__application__letter="S"
).select_related("category").first()
application_id = subcategory.category.application_id
version = ApplicationVersion.objects.filter(application_id=application_id, active=True).first()
print(json.dumps({
    "token": token_create(user=User.objects.get(username="ppk1"), name="fault").secret,
    "form": {
        "title": "Gagal unggah dokumen penawaran",
        "application_id": str(application_id),
        "version_id": str(version.pk),
        "subcategory_id": str(subcategory.pk),
        "description": "Dokumen penawaran gagal diunggah sejak pukul 09.00 WIB.",
    },
}))
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A scratch SQLite site (migrate + seed_demo) served by one gunicorn worker whose storage
    copies slowly (``slow_storage.py``), so a copy can be caught half done."""
    directory = tmp_path_factory.mktemp("upload-faults")
    (directory / "media").mkdir()
    (directory / "upload-tmp").mkdir()
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{directory / 'db.sqlite3'}",
        "MEDIA_ROOT": str(directory / "media"),
        "FILE_UPLOAD_TEMP_DIR": str(directory / "upload-tmp"),
        "STORAGE_BACKEND": "tests.faults.slow_storage.SlowFileSystemStorage",
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    env.pop("REDIS_URL", None)
    port = _free_port()
    config = directory / "gunicorn.conf.py"
    config.write_text("")  # never the project's own config: one worker, our timeout
    _manage(env, "migrate", "-v0")
    _manage(env, "seed_demo", "-v0")
    setup = json.loads(_manage(env, "shell", "-c", SETUP).strip().splitlines()[-1])
    log = (directory / "server.log").open("wb")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            str(config),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",
            "120",
            "config.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    site = Site(directory, env, port, server, setup["token"], setup["form"])
    try:
        _wait_for(lambda: _listening(port) and site.worker(), "gunicorn to listen")
        yield site
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _body(site: Site, size: int, pace: float) -> tuple[dict[str, str], Iterator[bytes], int]:
    boundary = uuid.uuid4().hex
    head = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in site.form.items()
    )
    head += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
        'filename="penawaran.rhs"\r\nContent-Type: application/octet-stream\r\n\r\n'
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    block = os.urandom(MB)

    def chunks() -> Iterator[bytes]:
        yield head
        for _ in range(size // MB):
            yield block
            time.sleep(pace)
        yield tail

    headers = {
        "Authorization": f"Bearer {site.token}",
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Content-Length": str(len(head) + size // MB * MB + len(tail)),
    }
    return headers, chunks(), len(head)


def _upload(site: Site, megabytes: int, pace: float = 0.0) -> tuple[int, bytes]:
    headers, body, _ = _body(site, megabytes * MB, pace)
    connection = http.client.HTTPConnection("127.0.0.1", site.port, timeout=DEADLINE_SECONDS)
    try:
        connection.request("POST", "/api/v1/tickets", body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _upload_in_background(site: Site, megabytes: int, pace: float) -> threading.Thread:
    def send() -> None:
        # The worker is killed under it: that is the point.
        with suppress(OSError, http.client.HTTPException):
            _upload(site, megabytes, pace)

    thread = threading.Thread(target=send, daemon=True)
    thread.start()
    return thread


def _kill_worker(site: Site) -> None:
    victim = site.worker()
    assert victim is not None
    os.kill(victim, signal.SIGKILL)
    _wait_for(lambda: site.worker() not in (None, victim), "gunicorn to start a new worker")
    _wait_for(lambda: _listening(site.port), "the new worker to listen")


def _growing(folder: Path, pattern: str, at_least: int) -> Callable[[], bool]:
    def check() -> bool:
        return any(path.stat().st_size >= at_least for path in folder.glob(pattern))

    return check


def test_a_worker_killed_while_receiving_leaves_nothing_in_media(site: Site) -> None:
    sender = _upload_in_background(site, megabytes=200, pace=0.05)
    _wait_for(_growing(site.temp, "tmp*.upload*", 8 * MB), "the upload to reach the temp dir")

    _kill_worker(site)
    sender.join(timeout=DEADLINE_SECONDS)

    assert _files(site.media) == []
    assert len(list(site.temp.glob("tmp*.upload*"))) == 1  # the killed request's, for now
    assert "1 file sementara dihapus" in site.manage("sweep_uploads", "--hours", "0")
    assert list(site.temp.iterdir()) == []
    status, body = _upload(site, megabytes=1)
    assert status == 201, body


def test_a_worker_killed_mid_copy_leaves_no_stray_file_in_a_ticket_folder(site: Site) -> None:
    before = site.tickets()
    sender = _upload_in_background(site, megabytes=24, pace=0.0)
    # Anywhere in media (older versions copied straight into the ticket's folder); bigger than
    # the 1 MB files of the other uploads.
    _wait_for(_growing(site.media, "**/*", 2 * MB), "the copy into storage to start")

    _kill_worker(site)
    sender.join(timeout=DEADLINE_SECONDS)

    assert site.tickets() == before  # rolled back: its number will be reused
    folders = {path.parent.name for path in (site.media / "tickets").rglob("*") if path.is_file()}
    assert folders <= set(before)  # nothing in the folder the next ticket will get
    assert len(list((site.media / "pending").iterdir())) == 1  # the partial copy, out of the way
    assert "1 lampiran tertunda dihapus" in site.manage("sweep_uploads", "--hours", "0")

    status, body = _upload(site, megabytes=1)

    assert status == 201, body
    number = json.loads(body)["number"]
    if before and before[-1][:-4] == number[:-4]:  # same prefix and day: gap-free numbering
        # … so this is the number the killed request had taken and rolled back …
        assert int(number[-4:]) == int(before[-1][-4:]) + 1
    assert _files(site.media / "tickets" / number) == [f"pelapor_{number}_001.rhs"]  # … alone
    assert list((site.media / "pending").iterdir()) == []

"""PostgreSQL goes away (issue 11), on a private cluster this test starts on a free port — never
the shared one: a quick restart, then a 10-second outage. During the outage the API answers 503
with Retry-After and its JSON envelope, pages the Indonesian "Layanan sedang gangguan" page;
after each restart the very first request succeeds (CONN_HEALTH_CHECKS with persistent
connections in one gunicorn worker); the worker never exits and delivers what was queued."""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.faults.support import (
    PrivateCluster,
    RecordingHandler,
    Site,
    SmtpServer,
    free_port,
    postgres_bin,
    wait_for,
)

OUTAGE_SECONDS = 10


@pytest.fixture
def cluster() -> Iterator[PrivateCluster]:
    if postgres_bin() is None:
        pytest.skip("PostgreSQL server binaries are not installed")
    cluster = PrivateCluster()
    try:
        yield cluster.init()
    finally:
        cluster.destroy()


@pytest.fixture
def site(tmp_path: Path, cluster: PrivateCluster) -> Iterator[Site]:
    site = Site(directory=tmp_path, database_url=cluster.url)
    site.install()
    yield site
    site.stop_all()


def _gunicorn(site: Site, port: int) -> Any:
    # One sync worker: every request goes through the same persistent database connection.
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
    options = ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "60"]
    return site.start("gunicorn", [*command, *options], DEBUG="1")


def test_database_restart_and_outage(site: Site, cluster: PrivateCluster) -> None:
    smtp_port, web_port = free_port(), free_port()
    site.settings = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_TIMEOUT": "3",
        "EMAIL_RETRY_BASE_SECONDS": "2",
        "EMAIL_RETRY_MAX_SECONDS": "4",
    }
    staff = {"Authorization": f"Bearer {site.scenario('token', 'helpdesk_lpse1')['token']}"}
    page = {"Cookie": f"sessionid={site.scenario('session', 'helpdesk_lpse1')['sessionid']}"}
    _gunicorn(site, web_port)
    worker = site.start_worker("host-a")
    client = httpx.Client(base_url=f"http://127.0.0.1:{web_port}", timeout=30)
    server: SmtpServer | None = None
    try:
        wait_for("gunicorn", lambda: _answers(client), timeout=30)
        assert client.get("/api/v1/applications", headers=staff).status_code == 200
        assert client.get("/", headers=page).status_code == 200

        # A quick restart while nobody asks: gunicorn's persistent connection is now dead.
        cluster.stop()
        cluster.start()
        first_api = client.get("/api/v1/applications", headers=staff)
        assert first_api.status_code == 200, first_api.text[:500]
        first_page = client.get("/", headers=page)
        assert first_page.status_code == 200, first_page.text[:500]

        # An event whose e-mails are still owed when the database goes (no mail server yet).
        event = site.scenario("file-ticket", "1")
        assert len(event["recipients"]) == 4
        take = f"/api/v1/tickets/{event['number']}/take"
        retry_key = {**staff, "Idempotency-Key": "6f1c1b1e-4a55-4c52-9a63-0c7e2b7c9d10"}

        cluster.stop()
        try:
            api_down = client.get("/api/v1/applications", headers=staff)
            write_down = client.post(take, headers=retry_key)
            page_down = client.get("/", headers=page)
            time.sleep(OUTAGE_SECONDS)
            assert worker.alive, f"the worker exited during the outage\n{worker.output()}"
        finally:
            cluster.start()

        assert api_down.status_code == 503, api_down.text[:500]
        assert api_down.headers["Retry-After"] == "10"
        assert api_down.json() == {
            "detail": "Layanan sedang gangguan, coba lagi beberapa saat lagi.",
            "code": "service_unavailable",
            "field": None,
        }
        assert write_down.status_code == 503, write_down.text[:500]
        assert page_down.status_code == 503, page_down.text[:500]
        assert page_down.headers["Retry-After"] == "10"
        assert "Layanan sedang gangguan, coba lagi" in page_down.text

        after_api = client.get("/api/v1/applications", headers=staff)
        assert after_api.status_code == 200, after_api.text[:500]
        assert client.get("/", headers=page).status_code == 200
        # The client retries its write with the same key: done once.
        for _ in range(2):
            retried = client.post(take, headers=retry_key)
            assert retried.status_code == 200, retried.text[:500]
        takes = [e for e in retried.json()["events"] if e["action"] == "take"]
        assert len(takes) == 1

        handler = RecordingHandler()
        server = SmtpServer(smtp_port, handler).start()
        wanted = Counter([*event["recipients"], "andi.syarif@makassarkota.example.go.id"])
        wait_for(
            f"the queued mails after the outage\n{site.logs()}",
            lambda: len(handler.recipients()) >= sum(wanted.values()),
            timeout=40,
        )
        assert Counter(handler.recipients()) == wanted
        assert max(Counter(handler.accepted).values()) == 1, "no e-mail twice"
        assert worker.alive
        assert "pekerja mencoba lagi" in worker.output(), "it saw the outage and waited"
    finally:
        client.close()
        if server is not None:
            server.stop()


def _answers(client: httpx.Client) -> bool:
    try:
        client.get("/akun/masuk/")
    except httpx.TransportError:
        return False
    return True

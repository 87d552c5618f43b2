"""The worker and the mail server fail (issue 11): a worker killed with SIGKILL in the middle of
an SMTP DATA, and a mail server that accepts TCP but never answers. Every e-mail of every event
still reaches the server exactly once, and nobody restarts anything by hand except the
supervisor's own restart of the killed worker.

Each test runs a real site: its own SQLite database (migrated and seeded), ``manage.py
run_worker`` processes and an SMTP server on 127.0.0.1."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.support import (
    RecordingHandler,
    SilentServer,
    Site,
    SmtpServer,
    free_port,
    wait_for,
)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    site = Site(directory=tmp_path, database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    site.install()
    yield site
    site.stop_all()


def mail_settings(port: int, **values: int) -> dict[str, str]:
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        **{name: str(value) for name, value in values.items()},
    }


def test_worker_killed_mid_send_loses_no_email(site: Site) -> None:
    """SIGKILL while the server holds the first message's DATA; a replacement worker (another
    id, as on another host) takes that delivery over when its lease ends and sends the rest at
    once. Observed: each of the 7 recipients receives the mail exactly once (the guarantee is at
    least once; see docs/notifications.md)."""
    port = free_port()
    handler = RecordingHandler(hold_first=True)
    server = SmtpServer(port, handler).start()
    try:
        site.settings = mail_settings(port, EMAIL_TIMEOUT=30, EMAIL_LEASE_SECONDS=8)
        event = site.scenario("file-ticket", "4")
        assert len(event["recipients"]) == 7

        first = site.start_worker("host-a")
        wait_for("the first DATA to be held", handler.holding.is_set, timeout=30)
        first.kill()
        assert not first.alive
        handler.release()
        assert handler.recipients() == [], "nothing was accepted before the kill"

        replacement = site.start_worker("host-b")
        wait_for(
            f"7 accepted mails\n{site.logs()}",
            lambda: len(handler.recipients()) >= 7,
            timeout=45,
        )
        wait_for("the last sent mark", lambda: _all_sent(site), timeout=10)
        assert Counter(handler.recipients()) == Counter(event["recipients"]), (
            "every recipient exactly once"
        )
        assert max(Counter(handler.accepted).values()) == 1
        state = site.scenario("state")
        assert sorted(d["attempts"] for d in state["deliveries"]) == [1] * 6 + [2]
        assert all(d["emailed"] for d in state["deliveries"])
        assert state["notifications"] == {str(event["event"]): 7}
        assert "running" not in {status.lower() for status in state["tasks"]}
        assert replacement.alive
    finally:
        server.stop()


def _all_sent(site: Site) -> bool:
    deliveries = site.scenario("state")["deliveries"]
    return bool(deliveries) and all(d["status"] == "sent" for d in deliveries)


def test_mail_server_that_never_answers_stalls_nothing(site: Site) -> None:
    """The server accepts TCP and stays silent: EMAIL_TIMEOUT ends each attempt, the worker keeps
    running the task queue, later events get their bell notifications at once, and when the
    server works again every e-mail goes out once."""
    port = free_port()
    silent = SilentServer(port).start()
    server: SmtpServer | None = None
    try:
        site.settings = mail_settings(
            port, EMAIL_TIMEOUT=2, EMAIL_RETRY_BASE_SECONDS=2, EMAIL_RETRY_MAX_SECONDS=4
        )
        first = site.scenario("file-ticket", "2")
        assert len(first["recipients"]) == 5
        worker = site.start_worker("host-a")

        def timed_out() -> bool:
            state = site.scenario("state")
            return any("timed out" in d["last_error"] for d in state["deliveries"])

        wait_for(f"an attempt ended by EMAIL_TIMEOUT\n{site.logs()}", timed_out, timeout=30)

        later = site.scenario("comment", first["number"])
        state = site.scenario("state")
        assert state["notifications"][str(later["event"])] == len(later["recipients"]) == 5
        probe = site.scenario("enqueue-probe", str(later["event"]))["task"]
        wait_for(
            "the task queue to move while the mail server hangs",
            lambda: site.scenario("task-status", probe)["status"] == "SUCCESSFUL",
            timeout=30,
        )

        silent.stop()
        handler = RecordingHandler()
        server = SmtpServer(port, handler).start()
        wanted = Counter(first["recipients"] + later["recipients"])
        wait_for(
            f"all 10 mails after the server recovered\n{site.logs()}",
            lambda: len(handler.recipients()) >= 10,
            timeout=45,
        )
        wait_for("the last sent mark", lambda: _all_sent(site), timeout=10)
        assert Counter(handler.recipients()) == wanted
        assert max(Counter(handler.accepted).values()) == 1, "no e-mail twice"
        retried = [d for d in site.scenario("state")["deliveries"] if d["attempts"] > 1]
        assert retried, "the timed-out deliveries were retried, not dropped"
        assert worker.alive
    finally:
        silent.stop()
        if server is not None:
            server.stop()

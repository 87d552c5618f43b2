"""The read replica in the cluster (issue 15 item 6): REPORTING reads from the replica — proved by
the replica's own statement log — and a ticket is visible to its writer at once even while the
replica's replay is paused (read-your-writes, core/replica_pin.py), whereas the same export a
few seconds later, no longer pinned, is served by the lagging replica."""

from __future__ import annotations

import time

import requests

from tests.cluster.conftest import PIN_SECONDS
from tests.cluster.support import Cluster, TicketForm, wait_until
from tests.cluster.test_nodes import login

PIN_COOKIE = "lpse_primary_until"


def _log_every_statement(cluster: Cluster) -> None:
    """log_statement = all on the standby (ALTER SYSTEM is refused there: the file, then a
    reload, which a standby accepts)."""
    with (cluster.state / "pg" / "replica" / "postgresql.auto.conf").open("a") as conf:
        conf.write("log_statement = 'all'\n")
    cluster.psql("SELECT pg_reload_conf()", replica=True, database="postgres")
    wait_until(
        "the replica to log statements",
        lambda: cluster.psql("SHOW log_statement", replica=True, database="postgres") == "all",
        10,
    )


def _unpinned(browser: requests.Session) -> None:
    """Past the pin of the user's last write; this browser's own pin cookie dropped too."""
    time.sleep(PIN_SECONDS + 1)
    browser.cookies.set(PIN_COOKIE, None)


def test_reporting_reads_the_replica_and_a_writer_sees_its_ticket_at_once(
    cluster: Cluster,
) -> None:
    replica_log = cluster.state / "pg" / "replica.log"
    _log_every_statement(cluster)
    browser = requests.Session()
    assert login(browser, cluster.proxy, "ppk1").status_code == 302
    _unpinned(browser)

    mark = replica_log.stat().st_size
    report = browser.get(f"{cluster.proxy}/reporting/", timeout=60)
    assert report.status_code == 200
    with replica_log.open(errors="replace") as log:
        log.seek(mark)
        on_replica = [line for line in log if "statement:" in line and "tickets_ticket" in line]
    print(f"\nreplica: REPORTING ran {len(on_replica)} ticket queries on the replica")
    assert on_replica, "REPORTING did not query the replica"

    (token,) = cluster.tokens("ppk1")
    form = TicketForm.of(cluster)
    cluster.psql("SELECT pg_wal_replay_pause()", replica=True, database="postgres")
    try:
        created = requests.post(
            f"{cluster.proxy}/api/v1/tickets",
            data=form.fields("Uji cluster: baca tulisan sendiri"),
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
        )
        assert created.status_code == 201, created.text[:500]
        number = created.json()["number"]
        # The writer, at once: detail and the export (which reads the replica when it may).
        detail = browser.get(f"{cluster.proxy}/tiket/{number}/", timeout=60)
        export = browser.get(f"{cluster.proxy}/tiket/ekspor/csv/", timeout=60)
        assert detail.status_code == 200 and export.status_code == 200
        on_standby = cluster.psql(
            f"SELECT count(*) FROM tickets_ticket WHERE number = '{number}'",
            replica=True,
        )
        assert on_standby == "0", "the replica was expected to lag (replay paused)"
        assert number in export.text, "the writer's export missed its own ticket"
        # Once the pin is over the export is the replica's: still without the ticket.
        _unpinned(browser)
        later = browser.get(f"{cluster.proxy}/tiket/ekspor/csv/", timeout=60)
        assert later.status_code == 200
        assert number not in later.text, "the unpinned export did not read the replica"
    finally:
        cluster.psql("SELECT pg_wal_replay_resume()", replica=True, database="postgres")
    wait_until(
        "the replica to catch up",
        lambda: (
            cluster.psql(
                f"SELECT count(*) FROM tickets_ticket WHERE number = '{number}'", replica=True
            )
            == "1"
        ),
        30,
    )
    assert number in browser.get(f"{cluster.proxy}/tiket/ekspor/csv/", timeout=60).text

"""The cluster's Redis stopped for 10 s under traffic through HAProxy (issue 15 item 6): the
fail-safe of docs/operations.md ("Redis: what is shared, and what happens when it is down")
keeps every page, login and API call answering — no 5xx, nobody logged out — and the proxy
keeps both nodes in rotation (its check, ``/readyz?lb=1``, does not fail on Redis)."""

from __future__ import annotations

import time
from collections import Counter

import requests

from tests.cluster.support import Cluster
from tests.cluster.test_nodes import login

OUTAGE_SECONDS = 10


def test_ten_seconds_without_redis_cost_no_5xx(cluster: Cluster) -> None:
    (token,) = cluster.tokens("ppk1")
    api = {"Authorization": f"Bearer {token}"}
    browser = requests.Session()
    assert login(browser, cluster.proxy, "ppk1").status_code == 302
    statuses: Counter[tuple[str, int]] = Counter()

    def round_of_requests(with_login: bool) -> None:
        for what, answer in (
            ("login page", lambda: requests.get(f"{cluster.proxy}/akun/masuk/", timeout=30)),
            ("ticket list", lambda: browser.get(f"{cluster.proxy}/tiket/", timeout=30)),
            (
                "api list",
                lambda: requests.get(f"{cluster.proxy}/api/v1/tickets", headers=api, timeout=30),
            ),
        ):
            response = answer()
            statuses[(what, response.status_code)] += 1
            if what == "ticket list":
                # Still signed in: the list, not a redirect to the login page.
                assert "/akun/masuk/" not in response.url, "logged out during the outage"
        if with_login:
            fresh = requests.Session()
            statuses[("new login", login(fresh, cluster.proxy, "penyedia1").status_code)] += 1

    round_of_requests(with_login=True)
    cluster.stop("redis")
    stopped_at = time.monotonic()
    rounds = 0
    while time.monotonic() - stopped_at < OUTAGE_SECONDS:
        round_of_requests(with_login=rounds % 3 == 0)
        rounds += 1
    outage = time.monotonic() - stopped_at
    ready = {
        port: requests.get(f"http://127.0.0.1:{port}/readyz", timeout=30).status_code
        for port in cluster.app_ports
    }
    cluster.restart_redis()
    round_of_requests(with_login=True)
    print(
        f"\nredis: stopped {outage:.1f}s, {rounds} rounds; "
        f"answers {dict(sorted(statuses.items()))};"
        f" /readyz of the nodes during the outage {ready}"
    )
    assert [key for key in statuses if key[1] >= 500] == []
    assert rounds >= 3

"""Run by tests/core/test_replica_streaming.py in its own process, against a real primary and a
streaming replica (``DATABASE_URL``, ``DATABASE_REPLICA_URL``; migrated primary, DEBUG=1 so
every connection logs its queries). Drives the pages through Django's test client and prints
one JSON line of what it saw; the test asserts on it.

``python -m tests.core.replica_probe <pg_replica dir>`` from the repository root.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
import uuid
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connections, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from lpse_support.core.replica import forget_replica_state  # noqa: E402
from lpse_support.tickets.models import Ticket  # noqa: E402
from tests.support.ticket_world import build_ticket_world  # noqa: E402
from tests.support.users import make_user  # noqa: E402

REPORT, LIST, EXPORT = "/reporting/", "/tiket/", "/tiket/ekspor/csv/"
WAIT = 30.0


def replica_sql(sql: str) -> Any:
    with connections["replica"].cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return row[0] if row else None


def wait_until(what: str, check: Any) -> None:
    deadline = time.monotonic() + WAIT
    while not check():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.1)


def on_replica(model: Any, **lookup: Any) -> bool:
    return bool(model.objects.using("replica").filter(**lookup).exists())


def ticket_queries_on_replica() -> int:
    return sum("tickets_ticket" in query["sql"] for query in connections["replica"].queries)


def report(client: Client) -> dict[str, Any]:
    """REPORTING's grand total and how many ticket queries the replica served for it."""
    forget_replica_state()
    reset_queries()
    response = client.get(REPORT)
    assert response.status_code == 200, response.status_code
    return {"total": response.context["total"], "replica_queries": ticket_queries_on_replica()}


def export_numbers(client: Client) -> list[str]:
    forget_replica_state()
    reset_queries()
    response = client.get(EXPORT)
    assert response.status_code == 200, response.status_code
    body = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    return [row[0] for row in list(csv.reader(io.StringIO(body)))[1:]]


def listed(client: Client) -> dict[str, Any]:
    forget_replica_state()
    reset_queries()
    response = client.get(LIST)
    assert response.status_code == 200, response.status_code
    page = response.context["page"]
    return {
        "numbers": [ticket.number for ticket in page.tickets],
        "total": page.total,
        "replica_queries": ticket_queries_on_replica(),
    }


def main(cluster_dir: str) -> None:
    setup_test_environment()
    seen: dict[str, Any] = {}
    world = build_ticket_world()
    supervisor = make_user(username=f"supervisor-{uuid.uuid4().hex[:6]}", is_supervisor=True)
    writer = world.reporter_a
    wait_until("the users on the replica", lambda: on_replica(type(supervisor), pk=supervisor.pk))
    reader, author = Client(), Client()
    reader.force_login(supervisor)
    author.force_login(writer)

    seen["before"] = report(reader)

    # Replay stops: what the primary writes from now on is received but not visible on the
    # replica, so a read that sees it came from the primary, one that misses it from the replica.
    replica_sql("SELECT pg_wal_replay_pause()")
    response = author.post(
        "/tiket/baru/",
        {
            "title": "Gagal unggah dokumen penawaran",
            "application": world.spse.pk,
            "version": world.spse_version.pk,
            "error_code": "",
            "tender_code": "",
            "category": world.category.pk,
            "subcategory": world.subcategory.pk,
            "description": "Dokumen penawaran gagal diunggah sejak pukul 09.00 WIB.",
            "idempotency_key": str(uuid.uuid4()),
        },
    )
    seen["create_status"] = response.status_code
    seen["pin_cookie"] = "lpse_primary_until" in response.cookies
    number = Ticket.objects.get(reporter=writer).number
    seen["number"] = number
    seen["on_replica_while_paused"] = on_replica(Ticket, number=number)

    # The writer's next requests read the primary (pinned): the new ticket is there.
    seen["writer_list"] = listed(author)
    seen["writer_export_has_it"] = number in export_numbers(author)
    seen["writer_export_replica_queries"] = ticket_queries_on_replica()
    # Everybody else reads the (stale) replica.
    seen["reader_export_has_it"] = number in export_numbers(reader)
    seen["reader_export_replica_queries"] = ticket_queries_on_replica()
    seen["stale"] = report(reader)

    # Lag beyond REPLICA_MAX_LAG_SECONDS: the primary answers.
    settings.REPLICA_MAX_LAG_SECONDS = 1
    time.sleep(1.5)
    seen["lagging"] = report(reader)
    settings.REPLICA_MAX_LAG_SECONDS = 3600

    replica_sql("SELECT pg_wal_replay_resume()")
    wait_until("replay to catch up", lambda: on_replica(Ticket, number=number))
    seen["caught_up"] = report(reader)

    # The replica goes down: the primary answers, no error.
    connections["replica"].close()
    subprocess.run(["scripts/pg_replica.sh", "stop-replica", cluster_dir], check=True, timeout=60)
    seen["replica_down"] = report(reader)
    seen["replica_down_export_has_it"] = number in export_numbers(reader)
    print(json.dumps(seen))


if __name__ == "__main__":
    main(sys.argv[1])

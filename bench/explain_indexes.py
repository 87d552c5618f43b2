"""Each index of migration 0003 against the query it is for: EXPLAIN ANALYZE with the index, and
inside a rolled-back transaction without it (``DROP INDEX`` is transactional in PostgreSQL).
Prints markdown for docs/performance.md. Holds an exclusive lock on the table while it runs:
for the bench database only.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lpse_support_bench \\
        .venv/bin/python bench/explain_indexes.py [--lines 12]
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import Any

os.environ.setdefault("DEBUG", "1")

from _scenarios import SEARCH_WORD
from django.db import connection, transaction
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext

from lpse_support.accounts.models import User
from lpse_support.dashboard.selectors import STAFF_LINKS
from lpse_support.tickets.models import Ticket
from lpse_support.tickets.search import TicketQuery, search_tickets
from lpse_support.tickets.selectors.lists import COUNT_CAP


def _user(name: str) -> Any:
    return User.objects.get(username=name)


def _page(qs: QuerySet[Ticket]) -> QuerySet[Ticket]:
    return qs[:11]


def _count(qs: QuerySet[Ticket]) -> QuerySet[Any]:
    return qs.order_by().values("pk")[: COUNT_CAP + 1]


CASES: list[tuple[str, str, Callable[[], QuerySet[Any]]]] = [
    (
        "ticket_fulltext",
        f"Cari teks “{SEARCH_WORD}” (supervisor), halaman 1",
        lambda: _page(search_tickets(_user("supervisor"), TicketQuery(text=SEARCH_WORD))),
    ),
    (
        "ticket_fulltext",
        f"Cari teks “{SEARCH_WORD}” (supervisor), hitungan terbatas",
        lambda: _count(search_tickets(_user("supervisor"), TicketQuery(text=SEARCH_WORD))),
    ),
    (
        "ticket_sla_order",
        "Semua Tiket urut Batas SLA terdekat (supervisor), halaman 1",
        lambda: _page(search_tickets(_user("supervisor"), TicketQuery(ordering="sla"))),
    ),
    (
        "ticket_open_assignee",
        "Tiket Ditangani (Level 2), halaman 1",
        lambda: _page(search_tickets(_user("helpdesk_lkpp_teknis"), TicketQuery(tab="ditangani"))),
    ),
    (
        "ticket_open_assignee",
        "Tiket Ditangani (Level 2), hitungan tab",
        lambda: _count(search_tickets(_user("helpdesk_lkpp_teknis"), TicketQuery(tab="ditangani"))),
    ),
    (
        "ticket_event_actor",
        "Riwayat (Level 2), halaman 1",
        lambda: _page(search_tickets(_user("helpdesk_lkpp_teknis"), TicketQuery(tab="riwayat"))),
    ),
    (
        "ticket_event_actor",
        "Dashboard “Diambil (Per Hari)” (Level 2)",
        lambda: _count(
            search_tickets(_user("helpdesk_lkpp_teknis"), STAFF_LINKS["diambil_hari_ini"].query)
        ),
    ),
]


def statements(build: Callable[[], QuerySet[Any]]) -> list[tuple[str, list[Any] | None]]:
    """The SELECTs on tickets the case runs: those its search runs while building the queryset
    (pages fetch narrowed sets as literal ids first), then the queryset's own."""
    with CaptureQueriesContext(connection) as captured:
        queryset = build()
    found: list[tuple[str, list[Any] | None]] = [
        (q["sql"], None)
        for q in captured.captured_queries
        if q["sql"].startswith("SELECT") and '"tickets_ticket' in q["sql"]
    ]
    sql, params = queryset.query.sql_with_params()
    return [*found, (sql, list(params))]


def explain(sql: str, params: list[Any] | None) -> tuple[float, list[str]]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        lines = [row[0] for row in cursor.fetchall()]
    total = next(float(x.split(":")[1].split()[0]) for x in lines if x.startswith("Execution"))
    return total, lines


def measure(
    index: str, runs: list[tuple[str, list[Any] | None]]
) -> list[tuple[float, float, list[str], list[str]]]:
    results = []
    for sql, params in runs:
        explain(sql, params)  # warm the cache for both runs alike
        after, plan_after = explain(sql, params)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(index)}")
            before, plan_before = explain(sql, params)
            transaction.set_rollback(True)
        results.append((before, after, plan_before, plan_after))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=12)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("PostgreSQL only")
    for index, label, build in CASES:
        results = measure(index, statements(build))
        before = sum(r[0] for r in results)
        after = sum(r[1] for r in results)
        print(f"### `{index}` — {label}\n\nwithout: {before:.1f} ms · with: {after:.1f} ms "
              f"({len(results)} statement(s))\n")  # fmt: skip
        slowest = max(results, key=lambda r: r[0] - r[1])
        for title, plan in (("without", slowest[2]), ("with", slowest[3])):
            body = [line for line in plan if "Buffers:" not in line][: args.lines]
            print(f"{title}:\n\n```\n" + "\n".join(body) + "\n…\n```\n")


if __name__ == "__main__":
    main()

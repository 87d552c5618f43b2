"""REPORTING over one year at 1,000,000 tickets (issue 5: ≤ 2 s per page): renders
``/reporting/`` in-process (Django test ``Client`` + ``force_login``) for the four demo users and
prints, per user, the time of each table (its queries and their SQL time) and of the whole page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reports_bench \\
        .venv/bin/python bench/report_year.py [--users admin,supervisor] [--repeat 3] \\
        [--dari 01/01/2026 --sampai 31/12/2026] [--jit on|off|default] [--explain 1]

- the per-table lines come from building each table on its own, in page order, inside one
  ``CaptureQueriesContext``; a pass shared by several tables (PostgreSQL's one-pass counts) is
  charged to the first table that needs it;
- ``page`` is the whole view (scope, tables, template) timed over ``--repeat`` renders after one
  warm-up render: best and median;
- ``--jit`` sets ``jit`` for this session only (``default``: whatever the settings give);
- ``--explain N`` prints ``EXPLAIN (ANALYZE, BUFFERS)`` of the N slowest queries per user.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/reports_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")  # only static names and error pages; not the SQL
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from lpse_support.accounts import roles  # noqa: E402
from lpse_support.accounts.models import User  # noqa: E402
from lpse_support.reports.period import WIB, Period  # noqa: E402
from lpse_support.reports.selectors_onepass import WORK_MEM  # noqa: E402
from lpse_support.reports.tables import report_tables, tables_for  # noqa: E402
from lpse_support.tickets.access import tickets_visible_to  # noqa: E402

logging.getLogger("axes").setLevel(logging.WARNING)  # one line per force_login otherwise
USERS = ("admin", "supervisor", "helpdesk_lkpp_teknis", "helpdesk_lpse1")
TARGET_SECONDS = 2.0


def _day(text: str) -> datetime:
    return datetime.strptime(text, "%d/%m/%Y").replace(tzinfo=WIB)


def per_table(user: User, period: Period) -> list[tuple[str, float, list[tuple[float, str]]]]:
    """(table key, wall ms, [(query ms, sql)]) for each table of the page, in page order."""
    specs = tables_for(is_reporter=roles.is_plain_reporter(user))
    tickets = tickets_visible_to(user, bulk=True)
    out = []
    for spec, build in report_tables(specs, tickets, period):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            build()
            elapsed = (time.perf_counter() - started) * 1000
        queries = [(float(q["time"]) * 1000, q["sql"]) for q in captured.captured_queries]
        out.append((spec.key, elapsed, queries))
    return out


def page_seconds(user: User, query: dict[str, str], repeat: int) -> tuple[list[float], int]:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    assert client.get("/reporting/", query).status_code == 200  # warm-up
    timings = []
    count = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get("/reporting/", query)
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
        count = len(captured.captured_queries)
    return timings, count


def explain(sql: str) -> list[str]:
    """The plan as the page runs it: the one-pass query under its own ``SET LOCAL work_mem``."""
    with transaction.atomic(), connection.cursor() as cursor:
        if sql.startswith("WITH s AS"):
            cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return [row[0] for row in cursor.fetchall()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", default=",".join(USERS))
    parser.add_argument("--dari", default="01/01/2026")
    parser.add_argument("--sampai", default="31/12/2026")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jit", choices=("on", "off", "default"), default="default")
    parser.add_argument("--explain", type=int, default=0, metavar="N")
    args = parser.parse_args()
    connection.ensure_connection()
    if connection.vendor == "postgresql" and args.jit != "default":
        with connection.cursor() as cursor:
            cursor.execute(f"SET jit = {args.jit}")  # a literal from argparse choices
    period = Period(start=_day(args.dari).date(), end=_day(args.sampai).date())
    query = {"dari": args.dari, "sampai": args.sampai}
    summary = []
    for username in args.users.split(","):
        user = User.objects.get(username=username)
        print(f"\n## {username} — {args.dari}–{args.sampai}")
        tables = per_table(user, period)
        slowest: list[tuple[float, str]] = []
        for key, ms, queries in tables:
            sql_ms = sum(q for q, _ in queries)
            print(f"  {key:<11} {ms:8.0f} ms  {len(queries):2d} queries  {sql_ms:8.0f} ms SQL")
            slowest += queries
        tables_ms = sum(ms for _, ms, _ in tables)
        print(f"  {'tables':<11} {tables_ms:8.0f} ms")
        timings, count = page_seconds(user, query, args.repeat)
        best, median = min(timings), statistics.median(timings)
        verdict = "ok" if median <= TARGET_SECONDS else "OVER"
        print(
            f"  page        best {best:.2f} s, median {median:.2f} s, {count} queries [{verdict}]"
        )
        summary.append((username, best, median, count))
        for ms, sql in sorted(slowest, reverse=True)[: args.explain]:
            print(f"\n  -- {ms:.0f} ms\n  {sql}\n")
            print("\n".join("    " + line for line in explain(sql)))
    print("\n| user | page best | page median | queries |\n|---|---|---|---|")
    for username, best, median, count in summary:
        print(f"| {username} | {best:.2f} s | {median:.2f} s | {count} |")


if __name__ == "__main__":
    main()

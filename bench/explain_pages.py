"""EXPLAIN (ANALYZE, BUFFERS) of the real queries behind the list, search, dashboard and detail
pages: each page of ``bench/_scenarios.py`` (plus the sort orders) is rendered in-process with
Django's test client as its demo user, every SQL statement is captured, and those slower than
``--min-ms`` are explained. Prints markdown (for docs/performance.md).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lpse_support_bench \\
        .venv/bin/python bench/explain_pages.py [--min-ms 5] [--only masuk,nomor] [--lines 25]
"""

from __future__ import annotations

import argparse
import os
import time

# DEBUG only changes static file names and error pages here, not the SQL or its plans.
os.environ.setdefault("DEBUG", "1")

from _scenarios import Scenario, scenarios
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lpse_support.accounts.models import User

SORTS = (
    ("sort_priority", "Semua Tiket, urut prioritas (supervisor)", "?tab=semua&urut=prioritas"),
    ("sort_sla", "Semua Tiket, urut SLA (supervisor)", "?tab=semua&urut=sla"),
    ("terlambat", "Tiket Ditangani, terlambat (Level 1)", "?tab=ditangani&terlambat=on"),
    ("riwayat", "Riwayat (Level 1)", "?tab=riwayat"),
)


def extra_scenarios() -> list[Scenario]:
    users = {"terlambat": "helpdesk_lpse1", "riwayat": "helpdesk_lpse1"}
    return [
        Scenario(key, label, users.get(key, "supervisor"), f"/tiket/{query}")
        for key, label, query in SORTS
    ]


def explain(sql: str) -> tuple[float, list[str]]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        lines = [row[0] for row in cursor.fetchall()]
    total = next(
        (float(line.split(":")[1].split()[0]) for line in lines if line.startswith("Execution")),
        0.0,
    )
    return total, lines


def trim(plan: list[str], max_lines: int) -> list[str]:
    """The first ``max_lines`` lines of the plan, then always its summary (planning, JIT, time)."""
    summary = next((i for i, line in enumerate(plan) if line.startswith("Planning")), len(plan))
    body = plan[:summary]
    if len(body) > max_lines:
        body = [*body[:max_lines], "…"]
    return [*body, *plan[summary:]]


def run(scenario: Scenario, *, min_ms: float, max_lines: int) -> list[str]:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=scenario.username))
    client.get(scenario.path)  # warm caches, sessions, the calendar
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(scenario.path)
        elapsed = (time.perf_counter() - started) * 1000
    queries = [(float(q["time"]) * 1000, q["sql"]) for q in captured.captured_queries]
    out = [
        f"### {scenario.label}",
        "",
        f"`GET {scenario.path}` as `{scenario.username}` → {response.status_code}, "
        f"{elapsed:.0f} ms in-process, {len(queries)} queries, "
        f"{sum(ms for ms, _ in queries):.0f} ms in SQL.",
        "",
    ]
    for ms, sql in sorted(queries, key=lambda item: -item[0]):
        if ms < min_ms or not sql.lstrip().upper().startswith("SELECT"):
            continue
        total, plan = explain(sql)
        out += [f"- {ms:.1f} ms (EXPLAIN ANALYZE {total:.1f} ms):", "", "```sql", sql, "```", ""]
        out += ["```", *trim(plan, max_lines), "```", ""]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-ms", type=float, default=5.0)
    parser.add_argument("--lines", type=int, default=30)
    parser.add_argument("--only", default="", help="comma-separated scenario keys")
    parser.add_argument("--no-jit", action="store_true", help="SET jit = off for this session")
    args = parser.parse_args()
    if args.no_jit:
        with connection.cursor() as cursor:
            cursor.execute("SET jit = off")
    wanted = {key for key in args.only.split(",") if key}
    pages = [s for s in scenarios() if s.kind == "page"] + extra_scenarios()
    for scenario in pages:
        if wanted and scenario.key not in wanted:
            continue
        print("\n".join(run(scenario, min_ms=args.min_ms, max_lines=args.lines)), flush=True)


if __name__ == "__main__":
    main()

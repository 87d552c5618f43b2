"""PostgreSQL's one-pass tables (``selectors_onepass``: one GROUPING SETS query, the handling
median and the chip counts riding along) give exactly the rows of the portable per-table queries
(``spec.select``, what SQLite runs) — for every scope shape and period of the fixture."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lpse_support.reports.period import Period
from lpse_support.reports.selectors_onepass import ONEPASS_KEYS, ticket_sets
from lpse_support.reports.tables import TABLES, TABLES_BY_KEY, build_table, build_tables
from lpse_support.tickets.access import tickets_visible_to
from tests.support.factories import UserFactory
from tests.support.report_world import ReportWorld

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the one-pass path exists on PostgreSQL only"
    ),
]
PERIODS = {
    "january": Period(start=date(2025, 1, 1), end=date(2025, 1, 31)),
    "first ten days": Period(start=date(2025, 1, 1), end=date(2025, 1, 10)),  # even median
    "one day in WIB": Period(start=date(2024, 12, 31), end=date(2024, 12, 31)),
    "empty": Period(start=date(2020, 1, 1), end=date(2020, 1, 2)),
}


def _users(rw: ReportWorld) -> dict[str, Any]:
    w = rw.world
    return {
        "helpdesk (team + assignee)": w.staff_lpse,
        "another LPSE": w.staff_other_lpse,
        "level 2": w.helpdesk_lkpp,
        "plain reporter": rw.reporter_c,
        "admin (everything)": UserFactory(is_superuser=True, is_staff=True),
        "directorate supervisor": UserFactory(
            is_supervisor=True, supervised_directorate=w.directorate
        ),
        "inactive (nothing)": UserFactory(is_active=False),
    }


def _portable(scope: Any, period: Period) -> dict[str, Any]:
    return {key: TABLES_BY_KEY[key].select(scope, period) for key in sorted(ONEPASS_KEYS)}


@pytest.mark.parametrize("period_name", list(PERIODS))
def test_one_pass_equals_the_portable_queries(report_world: ReportWorld, period_name: str) -> None:
    period = PERIODS[period_name]
    for who, user in _users(report_world).items():
        scope = tickets_visible_to(user, bulk=True)
        assert ticket_sets(scope, period, sorted(ONEPASS_KEYS)) == _portable(scope, period), who


def test_the_fixture_really_fills_the_one_pass_tables(report_world: ReportWorld) -> None:
    """Guards the comparison above against comparing empty tables."""
    scope = tickets_visible_to(report_world.world.staff_lpse, bulk=True)
    rows = ticket_sets(scope, PERIODS["january"], sorted(ONEPASS_KEYS))
    assert rows["sla"][0] == ("Medium", 7, 4, 2, 1, 66.7, 4, 1, 2, 80.0)
    assert rows["penanganan"][0] == ("Level 1 — Helpdesk LPSE", 3, 5.0, 4.0)
    assert rows["chip"][0] == ("Cepat (4–5 ★)", 2, 66.7)
    assert rows["lpse"] == [("LPSE Kota Makassar", 7), ("Tanpa LPSE", 1)]


@pytest.mark.parametrize("key", sorted(ONEPASS_KEYS))
def test_a_single_table_download_gives_the_same_rows(report_world: ReportWorld, key: str) -> None:
    scope = tickets_visible_to(report_world.world.staff_lpse, bulk=True)
    period = PERIODS["january"]
    assert build_table(TABLES_BY_KEY[key], scope, period).rows == _portable(scope, period)[key]


def test_the_page_runs_the_one_pass_query_once(report_world: ReportWorld) -> None:
    scope = tickets_visible_to(report_world.world.staff_lpse, bulk=True)
    with CaptureQueriesContext(connection) as captured:
        tables = build_tables(TABLES, scope, PERIODS["january"])
    grouping = [q for q in captured.captured_queries if "GROUPING SETS" in q["sql"]]
    assert len(grouping) == 1
    assert [table.spec.key for table in tables] == [spec.key for spec in TABLES]

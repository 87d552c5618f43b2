"""The REPORTING page: figures in scope, a chart per card, no inline code, and a query count that
does not grow with the number of tickets (a page for every demo role: test_demo_roles.py)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lpse_support.accounts.models import User
from lpse_support.reports.tables import build_tables, tables_for
from lpse_support.tickets.access import tickets_visible_to
from lpse_support.tickets.workflow import Status
from tests.support.report_world import JANUARY, ReportWorld, wib
from tests.support.report_world import report_ticket as _ticket

pytestmark = pytest.mark.django_db
SHELL_QUERIES = 5  # session, user, menu, notifications, the scope's team ids
# Reads behind the tables. PostgreSQL: the one-pass query (counts, SLA, ratings, chips,
# handling), chip names, workload (events, held now, names). SQLite: one query per table, two
# for the median, three for chips and for workload.
TABLE_READS = {"postgresql": 5, "sqlite": 16}
TRANSACTION_STATEMENTS = {"postgresql": 3, "sqlite": 0}  # SAVEPOINT, SET LOCAL work_mem, RELEASE
SCRIPT_TAG = re.compile(r"<script(?P<attrs>[^>]*)>", re.IGNORECASE)
CHART_DATA = re.compile(r'<script id="chart-data-([a-z]+)" type="application/json">(.*?)</script>')


def _page(client: Client, user: User, query: dict[str, str] | None = None) -> str:
    client.force_login(user)
    response = client.get("/reporting/", JANUARY if query is None else query)
    assert response.status_code == 200
    return response.content.decode()


def _charts(html: str) -> dict[str, Any]:
    return {key: json.loads(data) for key, data in CHART_DATA.findall(html)}


def test_staff_page_has_every_card_chart_and_download(
    client: Client, report_world: ReportWorld
) -> None:
    html = _page(client, report_world.world.staff_lpse)
    assert 'data-menu="reporting" href="/reporting/" aria-current="page"' in html
    assert 'data-report-total="8"' in html
    charts = _charts(html)
    keys = ["status", "prioritas", "harian", "aplikasi", "kategori", "lpse", "penanganan"]
    keys += ["sla", "penilaian", "chip", "petugas"]
    assert list(charts) == keys
    for key in keys:
        assert f'<canvas data-chart="chart-data-{key}"' in html
        for file_format in ("csv", "xlsx"):
            query = f"tabel={key}&amp;format={file_format}"
            assert f"?dari=01%2F01%2F2025&amp;sampai=31%2F01%2F2025&amp;{query}" in html
    assert charts["status"]["labels"][4] == "Selesai"
    assert charts["status"]["datasets"][0]["data"] == [1, 1, 1, 1, 3, 1]
    assert charts["sla"]["datasets"][1]["data"] == [80.0, 0.0]
    assert charts["penilaian"]["datasets"][0]["data"] == [0, 1, 0, 1, 1]
    assert len(charts["harian"]["labels"]) == 31
    assert '<td class="text-end">66,7</td>' in html  # decimals with the Indonesian comma
    assert '<td class="text-end">—</td>' in html  # tier 3 resolved nothing: no average
    assert "/static/vendor/chartjs/chart.umd.min.js" in html
    assert "/static/js/reports.js" in html


def test_only_json_data_blocks_no_inline_script_or_style(
    client: Client, report_world: ReportWorld
) -> None:
    html = _page(client, report_world.world.staff_lpse)
    for match in SCRIPT_TAG.finditer(html):
        attrs = match.group("attrs")
        assert "src=" in attrs or 'type="application/json"' in attrs, match.group(0)
    assert not re.search(r"<[^>]*\sstyle\s*=", html)
    assert not re.search(r"<[^>]*\son[a-z]+\s*=", html)


def test_another_lpse_sees_only_its_own_figures(client: Client, report_world: ReportWorld) -> None:
    w = report_world.world
    html = _page(client, w.staff_other_lpse)
    charts = _charts(html)
    assert 'data-report-total="2"' in html
    assert charts["status"]["datasets"][0]["data"] == [1, 0, 0, 0, 1, 0]
    assert charts["lpse"]["labels"] == ["LPSE Kabupaten Gowa"]
    assert charts["aplikasi"]["labels"] == ["SPSE"]
    assert charts["penilaian"]["datasets"][0]["data"] == [1, 0, 0, 0, 0]
    assert charts["petugas"]["labels"] == [w.staff_other_lpse.get_full_name()]
    for leaked in ("LPSE Kota Makassar", "Tanpa LPSE", "SiRUP", "Cepat", "Ramah"):
        assert leaked not in html, leaked
    for person in (w.staff_lpse, w.helpdesk_lkpp):
        assert person.get_full_name() not in html


def test_a_reporter_sees_only_own_tickets_and_no_workload(
    client: Client, report_world: ReportWorld
) -> None:
    html = _page(client, report_world.reporter_c)
    charts = _charts(html)
    assert 'data-report-total="2"' in html
    assert "petugas" not in charts
    assert 'id="tabel-petugas"' not in html
    assert "Rekap Tiket Saya" in html
    assert "Beban kerja per petugas hanya ditampilkan" in html


def test_an_empty_period_says_so_per_card(client: Client, report_world: ReportWorld) -> None:
    html = _page(
        client, report_world.world.staff_lpse, {"dari": "01/01/2020", "sampai": "02/01/2020"}
    )
    assert 'data-report-total="0"' in html
    assert "Tidak ada data pada periode ini." in html
    assert "petugas" in _charts(html)  # open tickets held now are not limited to the period


def test_post_is_refused(client: Client, report_world: ReportWorld) -> None:
    client.force_login(report_world.world.staff_lpse)
    assert client.post("/reporting/", JANUARY).status_code == 405


def _count_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/reporting/", JANUARY).status_code == 200
    return len(captured.captured_queries)


def test_query_count_does_not_grow_with_the_tickets(
    client: Client, report_world: ReportWorld, django_assert_max_num_queries: Any
) -> None:
    w = report_world.world
    client.force_login(w.staff_lpse)
    _count_queries(client)  # warm caches (business calendar, content types)
    before = _count_queries(client)
    for day in range(2, 27):
        _ticket(
            w,
            w.reporter_b,
            status=Status.BARU,
            created_at=wib(day, 9),
            priority=w.priorities["major"],
            assignee=w.staff_lpse,
            response_due_at=wib(day, 10),
            resolution_due_at=wib(day, 12),
        )
    after = _count_queries(client)
    assert after == before
    vendor = connection.vendor
    budget = SHELL_QUERIES + TABLE_READS[vendor] + TRANSACTION_STATEMENTS[vendor]
    with django_assert_max_num_queries(budget):
        client.get("/reporting/", JANUARY)


def test_the_tables_read_the_database_a_fixed_number_of_times(
    report_world: ReportWorld,
) -> None:
    scope = tickets_visible_to(report_world.world.staff_lpse, bulk=True)
    with CaptureQueriesContext(connection) as captured:
        build_tables(tables_for(is_reporter=False), scope, report_world.period)
    reads = [q["sql"] for q in captured.captured_queries if q["sql"].startswith(("SELECT", "WITH"))]
    assert len(reads) == TABLE_READS[connection.vendor], reads

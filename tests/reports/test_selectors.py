"""Every table's figures against the hand-built fixture (conftest.report_world), in the scope of
the Makassar helpdesk (tickets t1–t9; t8 filed just before the period)."""

from __future__ import annotations

from datetime import date
from typing import cast

import pytest
from django.db.models import QuerySet

from lpse_support.reports import selectors_counts as counts
from lpse_support.reports import selectors_quality as quality
from lpse_support.reports.period import Period
from lpse_support.reports.selectors_workload import workload_by_agent
from lpse_support.tickets.access import tickets_visible_to
from lpse_support.tickets.models import Ticket
from tests.support.report_world import ReportWorld

pytestmark = pytest.mark.django_db


def _scope(rw: ReportWorld) -> QuerySet[Ticket]:
    return tickets_visible_to(rw.world.staff_lpse)


def test_counts_by_status_in_workflow_order_with_zeros(report_world: ReportWorld) -> None:
    assert counts.count_by_status(_scope(report_world), report_world.period) == [
        ("Belum Diambil", 1),
        ("Sedang Dikerjakan", 1),
        ("Menunggu Feedback", 1),
        ("Menunggu Konfirmasi", 1),
        ("Selesai", 3),
        ("Ditutup", 1),
    ]


def test_counts_by_application_category_priority_and_lpse(report_world: ReportWorld) -> None:
    scope, period = _scope(report_world), report_world.period
    assert counts.count_by_application(scope, period) == [("SPSE", 7), ("SiRUP", 1)]
    assert counts.count_by_category(scope, period) == [
        ("SPSE", "Pengumuman & Dokumen", 7),
        ("SiRUP", "Perencanaan", 1),
    ]
    assert counts.count_by_priority(scope, period) == [("Medium", 7), ("Minor", 1)]
    assert counts.count_by_lpse(scope, period) == [("LPSE Kota Makassar", 7), ("Tanpa LPSE", 1)]


def test_counts_by_day_cover_every_day_of_the_period_in_wib(report_world: ReportWorld) -> None:
    rows = counts.count_by_day(_scope(report_world), report_world.period)
    assert len(rows) == 31
    assert rows[0] == (date(2025, 1, 1), 1)  # 00:30 WIB on 1 January (still 31 Dec in UTC)
    busy = {cast(date, day).day: n for day, n in rows if n}
    assert busy == {1: 1, 6: 1, 7: 1, 10: 1, 15: 1, 21: 1, 25: 1, 28: 1}


def test_a_period_boundary_follows_wib(report_world: ReportWorld) -> None:
    december = Period(start=date(2024, 12, 31), end=date(2024, 12, 31))
    assert counts.count_by_day(_scope(report_world), december) == [(date(2024, 12, 31), 1)]


def test_sla_per_priority(report_world: ReportWorld) -> None:
    assert quality.sla_by_priority(_scope(report_world), report_world.period) == [
        # total, response met/missed/running/%, resolution met/missed/running/%
        ("Medium", 7, 4, 2, 1, 66.7, 4, 1, 2, 80.0),
        ("Minor", 1, 1, 0, 0, 100.0, 0, 1, 0, 0.0),
    ]


def test_handling_time_per_tier_average_and_median(report_world: ReportWorld) -> None:
    assert quality.handling_by_tier(_scope(report_world), report_world.period) == [
        ("Level 1 — Helpdesk LPSE", 3, 5.0, 4.0),  # 4 h, 10 h, 1 h
        ("Level 2 — Helpdesk LKPP", 1, 34.0, 34.0),
        ("Level 3 — Tim Teknis LKPP", 0, None, None),
    ]


def test_median_of_an_even_count_is_the_mean_of_the_middle_two(
    report_world: ReportWorld,
) -> None:
    only_first_ten_days = Period(start=date(2025, 1, 1), end=date(2025, 1, 10))
    rows = quality.handling_by_tier(_scope(report_world), only_first_ten_days)
    assert rows[0] == ("Level 1 — Helpdesk LPSE", 2, 7.0, 7.0)  # 4 h and 10 h


def test_ratings_and_chips(report_world: ReportWorld) -> None:
    scope, period = _scope(report_world), report_world.period
    assert quality.rating_summary(scope, period) == [(3, 3.67, 0, 1, 0, 1, 1)]
    assert quality.chip_frequencies(scope, period) == [
        ("Cepat (4–5 ★)", 2, 66.7),
        ("Lambat (1–3 ★)", 1, 33.3),
        ("Ramah (4–5 ★)", 1, 33.3),
    ]


def test_workload_per_agent(report_world: ReportWorld) -> None:
    w = report_world.world
    rows = workload_by_agent(_scope(report_world), report_world.period)
    assert rows == [
        # taken and resolved in January; open held now (t3, t4, t6, t8), of which overdue t4, t8
        (w.staff_lpse.get_full_name(), 5, 3, 4, 2),
        (w.helpdesk_lkpp.get_full_name(), 1, 1, 0, 0),
    ]


def test_an_empty_period_gives_zero_rows_not_errors(report_world: ReportWorld) -> None:
    scope = _scope(report_world)
    empty = Period(start=date(2020, 1, 1), end=date(2020, 1, 2))
    assert counts.count_by_status(scope, empty)[0] == ("Belum Diambil", 0)
    assert counts.count_by_application(scope, empty) == []
    assert quality.sla_by_priority(scope, empty) == []
    assert [row[1:] for row in quality.handling_by_tier(scope, empty)] == [(0, None, None)] * 3
    assert quality.rating_summary(scope, empty) == [(0, None, 0, 0, 0, 0, 0)]
    assert quality.chip_frequencies(scope, empty) == []

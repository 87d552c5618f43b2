"""The report's tables: title, column headers, the selector that fills them and the chart drawn
from their rows. The page, the CSV and the Excel download all read this one list."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lpse_support.reports import selectors_counts as counts
from lpse_support.reports import selectors_quality as quality
from lpse_support.reports.period import Period
from lpse_support.reports.selectors_onepass import ONEPASS_KEYS, supports_onepass, ticket_sets
from lpse_support.reports.selectors_workload import workload_by_agent
from lpse_support.tickets.models import Ticket

Row = tuple[object, ...]
Chart = dict[str, Any]
CHART_TOP = 10


def _dataset(label: Promise | str, rows: Sequence[Row], column: int) -> dict[str, Any]:
    return {"label": str(label), "data": [row[column] for row in rows]}


def _label(value: object) -> str:
    return f"{value:%d/%m}" if isinstance(value, date) else str(value)


def _simple(kind: str, *, horizontal: bool = False, label_cols: int = 1) -> Callable[..., Chart]:
    """A one-series chart: label from the first column(s), value from the last."""

    def build(rows: Sequence[Row]) -> Chart:
        shown = rows if kind in {"line", "doughnut"} else rows[:CHART_TOP]
        return {
            "type": kind,
            "horizontal": horizontal,
            "labels": [" — ".join(_label(c) for c in row[:label_cols]) for row in shown],
            "datasets": [_dataset(_("Jumlah tiket"), shown, -1)],
        }

    return build


def _sla_chart(rows: Sequence[Row]) -> Chart:
    return {
        "type": "bar",
        "percent": True,
        "labels": [str(row[0]) for row in rows],
        "datasets": [
            # xgettext:no-python-format
            _dataset(_("% respons tepat waktu"), rows, 5),
            # xgettext:no-python-format
            _dataset(_("% penyelesaian tepat waktu"), rows, 9),
        ],
    }


def _handling_chart(rows: Sequence[Row]) -> Chart:
    return {
        "type": "bar",
        "labels": [str(row[0]).split(" — ")[0] for row in rows],
        "datasets": [
            _dataset(_("Rata-rata (jam)"), rows, 2),
            _dataset(_("Median (jam)"), rows, 3),
        ],
    }


def _rating_chart(rows: Sequence[Row]) -> Chart:
    values = list(rows[0][2:]) if rows else [0] * 5
    return {
        "type": "bar",
        "labels": [f"{star} ★" for star in quality.STARS],
        "datasets": [{"label": str(_("Jumlah penilaian")), "data": values}],
    }


def _chip_chart(rows: Sequence[Row]) -> Chart:
    shown = rows[:CHART_TOP]
    return {
        "type": "bar",
        "horizontal": True,
        "labels": [str(row[0]) for row in shown],
        "datasets": [_dataset(_("Jumlah dipilih"), shown, 1)],
    }


def _workload_chart(rows: Sequence[Row]) -> Chart:
    shown = rows[:CHART_TOP]
    return {
        "type": "bar",
        "horizontal": True,
        "labels": [str(row[0]) for row in shown],
        "datasets": [
            _dataset(_("Diambil"), shown, 1),
            _dataset(_("Diselesaikan"), shown, 2),
            _dataset(_("Dikerjakan sekarang"), shown, 3),
        ],
    }


@dataclass(frozen=True)
class TableSpec:
    key: str
    title: Promise
    headers: tuple[Promise, ...]
    select: Callable[[QuerySet[Ticket], Period], list[Row]]
    chart: Callable[[Sequence[Row]], Chart]
    note: Promise | str = ""
    staff_only: bool = False
    wide: bool = False
    label_cols: int = 1  # leading text columns; the rest are numbers (aligned right)


JUMLAH = _("Jumlah tiket")
TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "status",
        _("Tiket per status"),
        (_("Status"), JUMLAH),
        counts.count_by_status,
        _simple("doughnut"),
    ),
    TableSpec(
        "prioritas",
        _("Tiket per prioritas"),
        (_("Prioritas"), JUMLAH),
        counts.count_by_priority,
        _simple("bar"),
    ),
    TableSpec(
        "harian",
        _("Tren tiket per hari"),
        (_("Tanggal"), JUMLAH),
        counts.count_by_day,
        _simple("line"),
        note=_("Tanggal tiket dibuat (WIB)."),
        wide=True,
    ),
    TableSpec(
        "aplikasi",
        _("Tiket per aplikasi"),
        (_("Aplikasi"), JUMLAH),
        counts.count_by_application,
        _simple("bar", horizontal=True),
    ),
    TableSpec(
        "kategori",
        _("Tiket per kategori"),
        (_("Aplikasi"), _("Kategori"), JUMLAH),
        counts.count_by_category,
        _simple("bar", horizontal=True, label_cols=2),
        note=_("Grafik menampilkan 10 teratas; tabel dan unduhan memuat semuanya."),
        label_cols=2,
    ),
    TableSpec(
        "lpse",
        _("Tiket per LPSE"),
        (_("LPSE pelapor"), JUMLAH),
        counts.count_by_lpse,
        _simple("bar", horizontal=True),
        note=_("LPSE pelapor saat tiket dibuat. Grafik menampilkan 10 teratas."),
    ),
    TableSpec(
        "penanganan",
        _("Waktu penanganan per tingkat"),
        (_("Tingkat"), _("Tiket diselesaikan"), _("Rata-rata (jam)"), _("Median (jam)")),
        quality.handling_by_tier,
        _handling_chart,
        note=_(
            "Tiket yang sudah diberi solusi, dikelompokkan menurut tingkat tim yang "
            "menyelesaikannya; waktu dihitung dari tiket dibuat sampai solusi diberikan, dalam jam "
            "kalender (termasuk malam, hari libur dan jeda menunggu feedback)."
        ),
    ),
    TableSpec(
        "sla",
        _("Kepatuhan SLA per prioritas"),
        (
            _("Prioritas"),
            JUMLAH,
            _("Respons tepat waktu"),
            _("Respons terlambat"),
            _("Respons berjalan"),
            # xgettext:no-python-format
            _("% respons tepat waktu"),
            _("Penyelesaian tepat waktu"),
            _("Penyelesaian terlambat"),
            _("Penyelesaian berjalan"),
            # xgettext:no-python-format
            _("% penyelesaian tepat waktu"),
        ),
        quality.sla_by_priority,
        _sla_chart,
        note=_(
            "Respons: tiket pertama kali diambil paling lambat pada batas respons. Penyelesaian: "
            "solusi diberikan (atau tiket selesai/ditutup) paling lambat pada batas penyelesaian; "
            "jeda menunggu feedback pelapor tidak dihitung. Tiket terbuka yang melewati batas "
            "dihitung terlambat, yang belum mencapai batas dihitung berjalan. Persentase = tepat "
            "waktu ÷ (tepat waktu + terlambat)."
        ),
        wide=True,
    ),
    TableSpec(
        "penilaian",
        _("Penilaian layanan"),
        (
            _("Jumlah penilaian"),
            _("Rata-rata bintang"),
            _("1 bintang"),
            _("2 bintang"),
            _("3 bintang"),
            _("4 bintang"),
            _("5 bintang"),
        ),
        quality.rating_summary,
        _rating_chart,
        label_cols=0,
        note=_("Penilaian pelapor atas tiket yang dibuat dalam periode ini."),
    ),
    TableSpec(
        "chip",
        _("Pilihan penilaian yang dipilih"),
        (
            _("Pilihan"),
            _("Jumlah dipilih"),
            # xgettext:no-python-format
            _("% dari penilaian"),
        ),
        quality.chip_frequencies,
        _chip_chart,
    ),
    TableSpec(
        "petugas",
        _("Beban kerja per petugas"),
        (
            _("Petugas"),
            _("Diambil"),
            _("Diselesaikan"),
            _("Dikerjakan sekarang"),
            _("Terlambat sekarang"),
        ),
        workload_by_agent,
        _workload_chart,
        note=_(
            "Diambil dan Diselesaikan: tindakan Ambil Tiket dan Selesaikan Masalah dalam periode, "
            "pada tiket dalam lingkup Anda. Dikerjakan dan Terlambat sekarang: tiket terbuka yang "
            "dipegang petugas saat ini (tidak dibatasi periode)."
        ),
        staff_only=True,
        wide=True,
    ),
)
TABLES_BY_KEY = {spec.key: spec for spec in TABLES}


def tables_for(*, is_reporter: bool) -> tuple[TableSpec, ...]:
    return tuple(spec for spec in TABLES if not (spec.staff_only and is_reporter))


@dataclass(frozen=True)
class ReportTable:
    spec: TableSpec
    rows: list[Row]

    @property
    def chart(self) -> Chart:
        return self.spec.chart(self.rows)

    @property
    def chart_id(self) -> str:
        return f"chart-data-{self.spec.key}"


def report_tables(
    specs: Sequence[TableSpec], tickets: QuerySet[Ticket], period: Period
) -> list[tuple[TableSpec, Callable[[], ReportTable]]]:
    """Each table with the function that builds it. On PostgreSQL the per-ticket count tables
    share one GROUPING SETS query (``selectors_onepass``), run by the first of them that is built;
    elsewhere (SQLite) every table runs its own portable query (``spec.select``). Nothing is kept
    beyond this call: the shared rows belong to this user's scope and this request only."""
    shared = [s.key for s in specs if s.key in ONEPASS_KEYS] if supports_onepass() else []
    found: dict[str, list[Row]] = {}

    def build(spec: TableSpec) -> ReportTable:
        if spec.key not in shared:
            return ReportTable(spec, spec.select(tickets, period))
        if not found:
            found.update(ticket_sets(tickets, period, shared))
        return ReportTable(spec, found[spec.key])

    return [(spec, lambda spec=spec: build(spec)) for spec in specs]  # type: ignore[misc]


def build_tables(
    specs: Sequence[TableSpec], tickets: QuerySet[Ticket], period: Period
) -> list[ReportTable]:
    return [build() for _spec, build in report_tables(specs, tickets, period)]


def build_table(spec: TableSpec, tickets: QuerySet[Ticket], period: Period) -> ReportTable:
    return build_tables((spec,), tickets, period)[0]

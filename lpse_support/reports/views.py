"""REPORTING (SPEC R-UI-7): figures for a period over exactly the tickets the user may see, one
card per table with a chart, and each table as CSV or Excel (``?tabel=<key>&format=csv|xlsx``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View
from django.views.generic.base import ContextMixin, TemplateResponseMixin

from lpse_support.accounts.viewer import viewer_of
from lpse_support.accounts.views import ShellMixin
from lpse_support.core.exports import csv_response, xlsx_response
from lpse_support.core.replica import reading_replica
from lpse_support.reports.forms import PeriodForm
from lpse_support.reports.period import MAX_DAYS, Period
from lpse_support.reports.tables import (
    ReportTable,
    TableSpec,
    build_table,
    build_tables,
    tables_for,
)
from lpse_support.tickets.access import tickets_visible_to

FORMATS = ("csv", "xlsx")
SHEET_TITLE_MAX = 31  # Excel's limit


class ReportView(ShellMixin, TemplateResponseMixin, ContextMixin, View):
    template_name = "reports/report.html"
    active_menu = "reporting"
    page_title = gettext_lazy("Reporting")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        form = PeriodForm.from_query(request.GET)
        viewer = viewer_of(request)
        is_reporter = viewer.is_plain_reporter
        specs = tables_for(is_reporter=is_reporter)
        context = self.get_context_data(form=form, is_reporter=is_reporter, max_days=MAX_DAYS)
        if not form.is_valid():
            return self.render_to_response(context, status=400)
        period = form.period()
        # The semi-join shape of the scope: every table aggregates over many tickets.
        tickets = tickets_visible_to(viewer, bulk=True)
        wants_file = "tabel" in request.GET or "format" in request.GET
        if wants_file:
            spec = next((s for s in specs if s.key == request.GET.get("tabel")), None)
            file_format = request.GET.get("format")
            if spec is not None and file_format in FORMATS:
                with reading_replica():
                    table = build_table(spec, tickets, period)
                return _download(table, period, file_format)
            context["download_error"] = _(
                "Unduhan tidak dikenal: pilih tautan CSV atau Excel pada salah satu tabel."
            )
        # The aggregates read the replica when there is one (core/replica.py).
        with reading_replica():
            tables = build_tables(specs, tickets, period)
        context.update(
            period=period,
            tables=[_card(table, period) for table in tables],
            total=_total(tables),
        )
        return self.render_to_response(context, status=400 if wants_file else 200)


def _download(table: ReportTable, period: Period, file_format: str) -> StreamingHttpResponse:
    spec = table.spec
    filename = f"laporan-{spec.key}-{period.slug()}"
    headers = [str(header) for header in spec.headers]
    if file_format == "csv":
        return csv_response(filename, headers, table.rows)
    return xlsx_response(
        filename, headers, table.rows, sheet_title=str(spec.title)[:SHEET_TITLE_MAX]
    )


def _card(table: ReportTable, period: Period) -> dict[str, Any]:
    query = {"dari": f"{period.start:%d/%m/%Y}", "sampai": f"{period.end:%d/%m/%Y}"}
    spec: TableSpec = table.spec
    return {
        "table": table,
        "spec": spec,
        "has_data": _has_data(table),
        "csv_url": "?" + urlencode({**query, "tabel": spec.key, "format": "csv"}),
        "xlsx_url": "?" + urlencode({**query, "tabel": spec.key, "format": "xlsx"}),
    }


def _total(tables: list[ReportTable]) -> int:
    by_status = next(table for table in tables if table.spec.key == "status")
    return sum(int(str(row[1])) for row in by_status.rows)


def _has_data(table: ReportTable) -> bool:
    return any(
        isinstance(value, int | float) and not isinstance(value, bool) and value != 0
        for row in table.rows
        for value in row[1:]
    )

"""Streamed CSV and Excel exports of ticket lists and reporting tables (issue 5).

The contract other modules call:

- :func:`neutralise` — the OWASP CSV-injection rule for one text cell;
- :func:`export_cell` — one value as it goes into an export (WIB dates, ``Ya``/``Tidak``, …);
- :func:`csv_response` — a ``StreamingHttpResponse`` of UTF-8 CSV with BOM;
- :func:`xlsx_response` — a ``StreamingHttpResponse`` of an .xlsx workbook written on the fly
  (see :mod:`lpse_support.core.exports_xlsx`).

``rows`` is any iterable of row sequences — typically a generator over
``queryset.iterator(chunk_size=2000)``. It is consumed only while the response is sent, a few
hundred rows at a time, so memory stays flat whatever the number of rows (docs/exports.md).
Served through WSGI (gunicorn); under ASGI Django would collect a synchronous stream into a list.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Sequence

from django.http import StreamingHttpResponse

from lpse_support.core.exports_cells import (
    WIB,
    close_rows,
    csv_text,
    export_cell,
    neutralise,
    to_wib,
)
from lpse_support.core.exports_xlsx import xlsx_stream

__all__ = [
    "WIB",
    "csv_response",
    "csv_stream",
    "export_cell",
    "neutralise",
    "to_wib",
    "xlsx_response",
]

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"
ROWS_PER_CHUNK = 500


_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")


def safe_filename(filename: str, extension: str) -> str:
    """An ASCII file name for ``Content-Disposition``: letters, digits, ``. _ -``, ending in
    ``extension`` (e.g. ``".csv"``); anything else becomes ``-``."""
    name = _UNSAFE_FILENAME.sub("-", filename).strip(".-")[:120]
    if not name.lower().endswith(extension):
        name = (name or "export") + extension
    return name


def _attachment(response: StreamingHttpResponse, filename: str) -> StreamingHttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class _Lines:
    """A write-only text sink for :mod:`csv`: collects the written lines until drained."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    def drain(self) -> bytes:
        data = "".join(self.parts).encode("utf-8")
        self.parts.clear()
        return data


def csv_stream(
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    rows_per_chunk: int = ROWS_PER_CHUNK,
) -> Iterator[bytes]:
    """Yield UTF-8 CSV (BOM, comma, CRLF): the header line, then ``rows_per_chunk`` rows a time."""
    sink = _Lines()
    writer = csv.writer(sink, lineterminator="\r\n")
    sink.write(BOM)
    writer.writerow([csv_text(header) for header in headers])
    yield sink.drain()
    try:
        for row in rows:
            writer.writerow([csv_text(value) for value in row])
            if len(sink.parts) >= rows_per_chunk:
                yield sink.drain()
        if sink.parts:
            yield sink.drain()
    finally:
        close_rows(rows)


def csv_response(
    filename: str, headers: Sequence[str], rows: Iterable[Sequence[object]]
) -> StreamingHttpResponse:
    """A streamed CSV download of ``rows`` under ``headers``; ``rows`` is read while sending."""
    response = StreamingHttpResponse(csv_stream(headers, rows), content_type=CSV_CONTENT_TYPE)
    return _attachment(response, safe_filename(filename, ".csv"))


def xlsx_response(
    filename: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    sheet_title: str = "Data",
) -> StreamingHttpResponse:
    """A streamed .xlsx download of ``rows`` under a bold, frozen ``headers`` row.

    Dates are real Excel dates (``dd/mm/yyyy hh:mm``, WIB). Text that :func:`neutralise` would
    prefix is written unchanged but with Excel's "quote prefix" cell style, so it is text and
    stays text even when the cell is edited. Past 1,048,575 data rows the export continues on a
    new sheet ("Data (2)", …) with the header repeated.
    """
    response = StreamingHttpResponse(
        xlsx_stream(headers, rows, sheet_title=sheet_title), content_type=XLSX_CONTENT_TYPE
    )
    return _attachment(response, safe_filename(filename, ".xlsx"))

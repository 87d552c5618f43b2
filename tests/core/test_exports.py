"""Streamed CSV / Excel exports (lpse_support.core.exports): neutralisation, WIB, streaming."""

from __future__ import annotations

import csv
import io
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import cast

import openpyxl
import pytest
from django.core.signals import request_finished
from django.db import close_old_connections
from django.http import HttpRequest, StreamingHttpResponse
from django.test import Client
from django.urls import path
from django.utils import translation

from lpse_support.core import exports_xlsx
from lpse_support.core.exports import (
    csv_response,
    export_cell,
    neutralise,
    to_wib,
    xlsx_response,
)

HEADERS = ["No. Tiket", "Judul", "Tanggal Dibuat", "Nilai HPS", "Prioritas"]


def chunks(response: object) -> Iterator[bytes]:
    """The body of a streamed response, chunk by chunk (a synchronous stream, for WSGI)."""
    assert isinstance(response, StreamingHttpResponse)
    assert not response.is_async
    return cast(Iterator[bytes], response.streaming_content)


def body(response: object) -> bytes:
    return b"".join(chunks(response))


def parse_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def load_xlsx(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


@pytest.fixture(autouse=True)
def _indonesian() -> Iterator[None]:
    with translation.override("id"):
        yield


# --- neutralisation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://evil","klik")', '\'=HYPERLINK("http://evil","klik")'),
        ("+62 811 000", "'+62 811 000"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("PT Maju", "PT Maju"),
        ("", ""),
        ("12", "12"),
        (" =1+1", " =1+1"),
        ("a=b", "a=b"),
        ("Kota Makassar - LPSE", "Kota Makassar - LPSE"),
    ],
)
def test_neutralise(text: str, expected: str) -> None:
    assert neutralise(text) == expected


def test_numbers_are_not_neutralised() -> None:
    assert export_cell(-5) == -5
    assert export_cell(3.5) == 3.5
    assert export_cell(Decimal("-1500000.00")) == Decimal("-1500000.00")
    assert export_cell("-5") == "'-5"  # text that looks like a number is still text


def test_export_cell_values() -> None:
    assert export_cell(None) == ""
    assert export_cell(True) == "Ya"
    assert export_cell(False) == "Tidak"
    assert export_cell(date(2026, 11, 28)) == date(2026, 11, 28)


def test_aware_utc_datetime_becomes_wib() -> None:
    moment = datetime(2026, 11, 28, 17, 30, tzinfo=UTC)
    assert to_wib(moment) == datetime(2026, 11, 29, 0, 30)
    assert export_cell(moment) == datetime(2026, 11, 29, 0, 30)


def test_naive_datetime_is_taken_as_wib() -> None:
    assert export_cell(datetime(2026, 11, 28, 9, 5)) == datetime(2026, 11, 28, 9, 5)


# --- CSV ------------------------------------------------------------------------------------

ROWS: list[Sequence[object]] = [
    [
        "TPS2611280001",
        "=cmd|' /C calc'!A0",
        datetime(2026, 11, 28, 17, 30, tzinfo=UTC),
        15,
        "Tinggi",
    ],
    ["TPS2611280002", 'Judul "dengan" kutip, koma\nbaris', date(2026, 11, 2), -3, None],
    ["TPS2611280003", "Penyedia: PT Maju Jaya", datetime(2026, 1, 5, 8, 0), Decimal("10.50"), True],
]


def test_csv_round_trip_with_bom_and_wib() -> None:
    response = csv_response("tiket-20261128-1205.csv", HEADERS, iter(ROWS))
    assert parse_csv(body(response)) == [
        HEADERS,
        ["TPS2611280001", "'=cmd|' /C calc'!A0", "29/11/2026 00:30", "15", "Tinggi"],
        ["TPS2611280002", 'Judul "dengan" kutip, koma\nbaris', "02/11/2026", "-3", ""],
        ["TPS2611280003", "Penyedia: PT Maju Jaya", "05/01/2026 08:00", "10.50", "Ya"],
    ]


def test_csv_lines_end_with_crlf() -> None:
    data = body(csv_response("a.csv", ["A", "B"], iter([[1, 2], [3, 4]])))
    assert data == "\ufeffA,B\r\n1,2\r\n3,4\r\n".encode()


def test_csv_headers() -> None:
    response = csv_response("tiket-20261128-1205.csv", HEADERS, iter([]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="tiket-20261128-1205.csv"'
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert parse_csv(body(response)) == [HEADERS]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ('tiket"; x=".csv', "tiket-x-.csv"),
        ("../../etc/passwd", "etc-passwd.csv"),
        ("laporan SLA 2026.csv", "laporan-SLA-2026.csv"),
        ("", "export.csv"),
        ("tiket\r\nSet-Cookie: a=b.csv", "tiket-Set-Cookie-a-b.csv"),
    ],
)
def test_csv_filename_is_made_safe(name: str, expected: str) -> None:
    assert csv_response(name, ["A"], iter([]))["Content-Disposition"] == (
        f'attachment; filename="{expected}"'
    )


class Exploding:
    """Rows that count how many were read and raise after ``limit``."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.read = 0

    def __iter__(self) -> Iterator[list[object]]:
        while True:
            if self.read >= self.limit:
                raise RuntimeError("baris habis")
            self.read += 1
            yield [self.read, "x"]


@pytest.mark.parametrize("respond", [csv_response, xlsx_response])
def test_rows_are_read_only_while_streaming(respond: Callable[..., StreamingHttpResponse]) -> None:
    rows = Exploding(limit=1200)
    response = respond("tiket", ["No", "Teks"], iter(rows))
    assert isinstance(response, StreamingHttpResponse)
    assert rows.read == 0
    stream = chunks(response)
    next(stream)
    assert 0 <= rows.read <= 1000  # only the first chunk or two
    with pytest.raises(RuntimeError, match="baris habis"):
        for _chunk in stream:
            pass
    assert rows.read == 1200


def test_csv_yields_chunks_as_it_goes() -> None:
    rows = ([i, f"judul {i}"] for i in range(5000))
    pieces = list(chunks(csv_response("a.csv", ["No", "Judul"], rows)))
    assert len(pieces) >= 10
    assert max(len(chunk) for chunk in pieces) < 20_000


def test_generator_is_closed_when_the_download_is_abandoned() -> None:
    closed = []

    def rows() -> Iterator[list[object]]:
        try:
            for i in range(100_000):
                yield [i]
        finally:
            closed.append(True)

    response = csv_response("a.csv", ["No"], rows())
    stream = chunks(response)
    next(stream)
    next(stream)
    # As Django's test client does: closing the response must not clean up database
    # connections, which this test (no database) may not touch.
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    assert closed == [True]


def generated_rows(count: int) -> Iterator[list[object]]:
    moment = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
    for i in range(count):
        yield [
            f"TPS261128{i:06d}",
            f"Tidak bisa unggah dokumen penawaran paket {i}",
            moment,
            i * 1000,
            "Tinggi" if i % 2 else "=Rendah",
            "LPSE Kota Makassar",
            f"Penyedia {i}",
        ]


@pytest.mark.slow
def test_csv_memory_stays_flat_for_200k_rows() -> None:
    """200,000 rows collected in a list would take well over 100 MB; streamed, a few MB."""
    response = csv_response("a.csv", HEADERS, generated_rows(200_000))
    written = 0
    tracemalloc.start()
    try:
        for chunk in chunks(response):
            written += len(chunk)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert written > 20_000_000
    assert peak < 20 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"


@pytest.mark.slow
def test_xlsx_memory_stays_flat_for_50k_rows() -> None:
    """50,000 such rows in a list take about 19 MB; the streamed workbook peaks under 1 MB."""
    response = xlsx_response("a.xlsx", HEADERS, generated_rows(50_000))
    written = 0
    tracemalloc.start()
    try:
        for chunk in chunks(response):
            written += len(chunk)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert written > 500_000
    assert peak < 8 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"


# --- XLSX -----------------------------------------------------------------------------------


def test_xlsx_opens_with_header_rows_and_real_dates() -> None:
    response = xlsx_response("tiket-20261128-1205.xlsx", HEADERS, iter(ROWS), sheet_title="Tiket")
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="tiket-20261128-1205.xlsx"'
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    data = body(response)
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    book = load_xlsx(data)
    assert book.sheetnames == ["Tiket"]
    sheet = book.active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values == [
        HEADERS,
        ["TPS2611280001", "=cmd|' /C calc'!A0", datetime(2026, 11, 29, 0, 30), 15, "Tinggi"],
        ["TPS2611280002", 'Judul "dengan" kutip, koma\nbaris', datetime(2026, 11, 2), -3, None],
        ["TPS2611280003", "Penyedia: PT Maju Jaya", datetime(2026, 1, 5, 8, 0), 10.5, "Ya"],
    ]
    assert all(cell.font.b for cell in sheet[1])
    assert not sheet["A2"].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet["C2"].is_date and sheet["C2"].number_format == "dd/mm/yyyy hh:mm"
    assert sheet["C3"].is_date and sheet["C3"].number_format == "dd/mm/yyyy"


def test_xlsx_formula_text_is_quoted_text_never_a_formula() -> None:
    cells = ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1", "PT Maju", "12", -1]
    sheet = load_xlsx(body(xlsx_response("a.xlsx", ["H"] * len(cells), iter([cells])))).active
    row = sheet[2]
    assert [cell.value for cell in row] == [
        "=1+1",
        "+1",
        "-1",
        "@A1",
        "\t=1",
        "\r=1",
        "PT Maju",
        "12",
        -1,
    ]
    assert [cell.data_type for cell in row] == ["s"] * 8 + ["n"]
    assert [cell.quotePrefix for cell in row] == [True] * 6 + [False] * 3


def test_xlsx_cleans_text_excel_cannot_hold() -> None:
    long_text = "a" * 40_000
    cells = ["x\x00y\x1bz", "  spasi  ", "<b>&amp;</b>", long_text, "Ñamá — Rp 10 miliar"]
    sheet = load_xlsx(body(xlsx_response("a.xlsx", ["H"] * 5, iter([cells])))).active
    assert [cell.value for cell in sheet[2]] == [
        "xyz",
        "  spasi  ",
        "<b>&amp;</b>",
        "a" * 32_767,
        "Ñamá — Rp 10 miliar",
    ]


def test_xlsx_continues_on_a_new_sheet_past_the_row_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exports_xlsx, "MAX_DATA_ROWS", 3)
    rows = ([i, f"baris {i}"] for i in range(1, 8))
    book = load_xlsx(body(xlsx_response("a.xlsx", ["No", "Teks"], rows, sheet_title="Tiket")))
    assert book.sheetnames == ["Tiket", "Tiket (2)", "Tiket (3)"]
    numbers = [
        [row[0] for row in book[name].iter_rows(values_only=True)] for name in book.sheetnames
    ]
    assert numbers == [["No", 1, 2, 3], ["No", 4, 5, 6], ["No", 7]]
    assert all(book[name].freeze_panes == "A2" for name in book.sheetnames)


def test_xlsx_continues_on_a_new_sheet_past_the_size_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(exports_xlsx, "SHEET_BYTES", 3_000)
    rows = ([i, "x" * 400] for i in range(20))
    stream = exports_xlsx.xlsx_stream(["No", "Teks"], rows, rows_per_chunk=4)
    book = load_xlsx(b"".join(stream))
    assert len(book.sheetnames) > 2
    numbers = [
        value
        for name in book.sheetnames
        for (value, _text) in book[name].iter_rows(min_row=2, values_only=True)
    ]
    assert numbers == list(range(20))


def test_xlsx_of_no_rows_has_the_header_only() -> None:
    sheet = load_xlsx(body(xlsx_response("a", HEADERS, iter([])))).active
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [HEADERS]


@pytest.mark.parametrize(
    ("title", "names"),
    [
        ("Laporan SLA [2026/11]", ["Laporan SLA  2026 11", "Laporan SLA  2026 11 (2)"]),
        ("'Rekap'", ["Rekap", "Rekap (2)"]),
        ("x" * 40, ["x" * 31, "x" * 27 + " (2)"]),
        ("", ["Data", "Data (2)"]),
    ],
)
def test_sheet_names_are_valid(title: str, names: list[str]) -> None:
    generated = exports_xlsx.sheet_names(title)
    assert [next(generated), next(generated)] == names


# --- through Django's middleware ------------------------------------------------------------


def _csv_view(request: HttpRequest) -> StreamingHttpResponse:
    return csv_response("tiket.csv", HEADERS, iter(ROWS))


def _xlsx_view(request: HttpRequest) -> StreamingHttpResponse:
    return xlsx_response("tiket.xlsx", HEADERS, iter(ROWS))


urlpatterns = [path("csv/", _csv_view), path("xlsx/", _xlsx_view)]


@pytest.mark.urls(__name__)
def test_exports_stream_through_the_middleware(client: Client) -> None:
    response = client.get("/csv/")
    assert response.status_code == 200
    assert response.streaming
    assert parse_csv(body(response))[0] == HEADERS
    response = client.get("/xlsx/")
    assert response.streaming
    book = load_xlsx(body(response))
    assert book.active["A2"].value == "TPS2611280001"

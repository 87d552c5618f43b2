"""Each table as CSV and as Excel: the page's header row and rows, parsed back."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any, cast

import openpyxl
import pytest
from django.http import StreamingHttpResponse
from django.test import Client

from lpse_support.reports.tables import TABLES
from tests.support.report_world import JANUARY, ReportWorld

pytestmark = pytest.mark.django_db

EXPECTED: dict[str, tuple[list[str], list[list[Any]]]] = {
    "status": (
        ["Status", "Jumlah tiket"],
        [
            ["Belum Diambil", 1],
            ["Sedang Dikerjakan", 1],
            ["Menunggu Feedback", 1],
            ["Menunggu Konfirmasi", 1],
            ["Selesai", 3],
            ["Ditutup", 1],
        ],
    ),
    "prioritas": (["Prioritas", "Jumlah tiket"], [["Medium", 7], ["Minor", 1]]),
    "aplikasi": (["Aplikasi", "Jumlah tiket"], [["SPSE", 7], ["SiRUP", 1]]),
    "kategori": (
        ["Aplikasi", "Kategori", "Jumlah tiket"],
        [["SPSE", "Pengumuman & Dokumen", 7], ["SiRUP", "Perencanaan", 1]],
    ),
    "lpse": (["LPSE pelapor", "Jumlah tiket"], [["LPSE Kota Makassar", 7], ["Tanpa LPSE", 1]]),
    "sla": (
        [
            "Prioritas",
            "Jumlah tiket",
            "Respons tepat waktu",
            "Respons terlambat",
            "Respons berjalan",
            "% respons tepat waktu",
            "Penyelesaian tepat waktu",
            "Penyelesaian terlambat",
            "Penyelesaian berjalan",
            "% penyelesaian tepat waktu",
        ],
        [["Medium", 7, 4, 2, 1, 66.7, 4, 1, 2, 80.0], ["Minor", 1, 1, 0, 0, 100.0, 0, 1, 0, 0.0]],
    ),
    "penanganan": (
        ["Tingkat", "Tiket diselesaikan", "Rata-rata (jam)", "Median (jam)"],
        [
            ["Level 1 — Helpdesk LPSE", 3, 5.0, 4.0],
            ["Level 2 — Helpdesk LKPP", 1, 34.0, 34.0],
            ["Level 3 — Tim Teknis LKPP", 0, None, None],
        ],
    ),
    "penilaian": (
        [
            "Jumlah penilaian",
            "Rata-rata bintang",
            "1 bintang",
            "2 bintang",
            "3 bintang",
            "4 bintang",
            "5 bintang",
        ],
        [[3, 3.67, 0, 1, 0, 1, 1]],
    ),
    "chip": (
        ["Pilihan", "Jumlah dipilih", "% dari penilaian"],
        [["Cepat (4–5 ★)", 2, 66.7], ["Lambat (1–3 ★)", 1, 33.3], ["Ramah (4–5 ★)", 1, 33.3]],
    ),
}


def _download(client: Client, key: str, file_format: str) -> Any:
    response = client.get("/reporting/", {**JANUARY, "tabel": key, "format": file_format})
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition == f'attachment; filename="laporan-{key}-20250101-20250131.{file_format}"'
    return b"".join(cast(Iterator[bytes], cast(StreamingHttpResponse, response).streaming_content))


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def _xlsx_value(value: Any) -> Any:
    return value.date() if isinstance(value, datetime) else value


@pytest.mark.parametrize("key", [*EXPECTED, "harian", "petugas"])
def test_csv_has_the_header_row_and_rows(
    client: Client, report_world: ReportWorld, key: str
) -> None:
    client.force_login(report_world.world.staff_lpse)
    text = _download(client, key, "csv").decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    headers, rows = _expected(report_world, key)
    assert lines[0] == headers
    assert lines[1:] == [[_csv_value(value) for value in row] for row in rows]


@pytest.mark.parametrize("key", [*EXPECTED, "harian", "petugas"])
def test_xlsx_has_the_header_row_and_rows(
    client: Client, report_world: ReportWorld, key: str
) -> None:
    client.force_login(report_world.world.staff_lpse)
    workbook = openpyxl.load_workbook(io.BytesIO(_download(client, key, "xlsx")), read_only=True)
    sheet = workbook.worksheets[0]
    title = next(str(spec.title) for spec in TABLES if spec.key == key)
    assert sheet.title == title[:31]
    lines = [list(row) for row in sheet.iter_rows(values_only=True)]
    headers, rows = _expected(report_world, key)
    assert lines[0] == headers
    # Empty cells are not written; read-only mode drops them from the end of a row.
    got = [
        [_xlsx_value(v) for v in line] + [None] * (len(headers) - len(line)) for line in lines[1:]
    ]
    assert got == [list(row) for row in rows]


def _expected(report_world: ReportWorld, key: str) -> tuple[list[str], list[list[Any]]]:
    if key in EXPECTED:
        return EXPECTED[key]
    w = report_world.world
    if key == "petugas":
        headers = ["Petugas", "Diambil", "Diselesaikan", "Dikerjakan sekarang"]
        return [*headers, "Terlambat sekarang"], [
            [w.staff_lpse.get_full_name(), 5, 3, 4, 2],
            [w.helpdesk_lkpp.get_full_name(), 1, 1, 0, 0],
        ]
    busy = {1, 6, 7, 10, 15, 21, 25, 28}
    return ["Tanggal", "Jumlah tiket"], [
        [date(2025, 1, day), 1 if day in busy else 0] for day in range(1, 32)
    ]


def test_downloads_are_in_scope_too(client: Client, report_world: ReportWorld) -> None:
    client.force_login(report_world.world.staff_other_lpse)
    text = _download(client, "lpse", "csv").decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text))) == [
        ["LPSE pelapor", "Jumlah tiket"],
        ["LPSE Kabupaten Gowa", "2"],
    ]

"""Benchmark (not a test): export 1,000,000 ticket-shaped rows to CSV and .xlsx, watch memory.

Generates synthetic rows of 16 columns shaped like the Semua Tiket cards (number, title,
application, category, status, reporter, LPSE, team, three aware datetimes, Nilai HPS as Decimal,
one title in twenty starting with "=" so neutralisation runs) and sends them through
``csv_response`` / ``xlsx_response`` exactly as a view would, consuming the streamed body chunk by
chunk and throwing it away (or writing it to ``--save DIR``).

Two passes per format:

1. timed: wall time, MB written, and the process's resident memory — VmRSS before, the highest
   VmRSS sampled after every chunk, and VmHWM (the kernel's peak, reset through
   /proc/self/clear_refs when allowed);
2. ``tracemalloc`` (skip with ``--no-tracemalloc``; it is 2–4 × slower): the peak of Python
   allocations while streaming.

Flat memory means both peaks stay a few MB whatever ``--rows`` is.

    .venv/bin/python bench/export_memory.py                    # 1,000,000 rows, csv and xlsx
    .venv/bin/python bench/export_memory.py --rows 200000 --format xlsx --save /tmp/out --check
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO, cast

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.http import StreamingHttpResponse  # noqa: E402
from django.utils import translation  # noqa: E402

from lpse_support.core.exports import csv_response, xlsx_response  # noqa: E402

HEADERS = [
    "No. Tiket",
    "Judul",
    "Aplikasi",
    "Versi",
    "Kategori",
    "Sub Kategori",
    "Prioritas",
    "Status Tiket",
    "Posisi Tiket",
    "Pelapor",
    "LPSE",
    "Tim",
    "Tanggal Dibuat",
    "Batas Respon",
    "Tanggal Selesai",
    "Nilai HPS",
]
APPS = ["SPSE", "SiRUP", "e-Katalog", "SIKaP", "Inaproc"]
STATUSES = ["Baru", "Diproses", "Menunggu Feedback", "Menunggu Konfirmasi", "Selesai"]
PRIORITIES = ["Rendah", "Sedang", "Tinggi", "Kritis"]


def ticket_rows(count: int) -> Iterator[list[object]]:
    """``count`` ticket-card rows, generated one at a time."""
    start = datetime(2026, 1, 1, 1, 0, tzinfo=UTC)
    for i in range(count):
        created = start + timedelta(minutes=i)
        title = f"Tidak bisa unggah dokumen penawaran paket {i}"
        yield [
            f"TPS{created:%y%m%d}{i % 10000:04d}",
            f'=HYPERLINK("http://x","{i}")' if i % 20 == 0 else title,
            APPS[i % 5],
            "4.5",
            "Teknis" if i % 3 else "Non-Teknis",
            "Upload Dokumen Penawaran",
            PRIORITIES[i % 4],
            STATUSES[i % 5],
            "Helpdesk LPSE Kota Makassar",
            f"Penyedia {i % 5000} (PT Maju Jaya {i % 97})",
            "LPSE Kota Makassar",
            "Helpdesk LPSE Kota Makassar",
            created,
            created + timedelta(hours=4),
            created + timedelta(days=2) if i % 5 == 4 else None,
            Decimal(i * 1000) + Decimal("0.50"),
        ]


def vm_status(field: str) -> float:
    """A ``/proc/self/status`` field in MB (``VmRSS``, ``VmHWM``)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def reset_peak_rss() -> bool:
    """Reset VmHWM to the current RSS (Linux ≥ 4.0); False when not allowed."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
    except OSError:
        return False
    return True


Respond = Callable[..., StreamingHttpResponse]


def consume(
    response: StreamingHttpResponse, out: BinaryIO | None, on_chunk: Callable[[], None]
) -> int:
    written = 0
    for chunk in cast(Iterator[bytes], response.streaming_content):
        written += len(chunk)
        if out is not None:
            out.write(chunk)
        on_chunk()
    response.close()
    return written


def timed_pass(respond: Respond, rows: int, extension: str, save: Path | None) -> dict[str, float]:
    out = (save / f"tiket-bench{extension}").open("wb") if save else None
    rss_before = vm_status("VmRSS")
    hwm_reset = reset_peak_rss()
    peak = [rss_before]

    def sample() -> None:
        peak[0] = max(peak[0], vm_status("VmRSS"))

    started = time.perf_counter()
    try:
        written = consume(
            respond(f"tiket-bench{extension}", HEADERS, ticket_rows(rows)), out, sample
        )
    finally:
        if out is not None:
            out.close()
    seconds = time.perf_counter() - started
    return {
        "rows": rows,
        "seconds": round(seconds, 2),
        "mb_written": round(written / 1e6, 1),
        "rss_before_mb": round(rss_before, 1),
        "rss_peak_mb": round(peak[0], 1),
        "rss_growth_mb": round(peak[0] - rss_before, 1),
        "vmhwm_mb": round(vm_status("VmHWM"), 1) if hwm_reset else -1.0,
    }


def tracemalloc_pass(respond: Respond, rows: int, extension: str) -> dict[str, float]:
    tracemalloc.start()
    try:
        consume(respond(f"tiket-bench{extension}", HEADERS, ticket_rows(rows)), None, lambda: None)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return {"tracemalloc_peak_mb": round(peak / 1e6, 2)}


def check_xlsx(path: Path, rows: int) -> str:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    # The sheets carry no <dimension> (unknown while streaming), so count by reading.
    data_rows = sum(sum(1 for _row in book[name].iter_rows(min_row=2)) for name in book.sheetnames)
    book.close()
    state = "OK" if data_rows == rows else "MISMATCH"
    return f"{state}: sheets {book.sheetnames}, data rows {data_rows}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--format", choices=["csv", "xlsx", "both"], default="both")
    parser.add_argument("--no-tracemalloc", action="store_true")
    parser.add_argument("--save", type=Path, help="write the exports into this directory")
    parser.add_argument("--check", action="store_true", help="re-open the saved .xlsx (openpyxl)")
    args = parser.parse_args()
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
    formats: list[tuple[str, Respond, str]] = [
        ("csv", csv_response, ".csv"),
        ("xlsx", xlsx_response, ".xlsx"),
    ]
    translation.activate("id")
    for name, respond, extension in formats:
        if args.format not in (name, "both"):
            continue
        result: dict[str, object] = {"format": name}
        result.update(timed_pass(respond, args.rows, extension, args.save))
        if not args.no_tracemalloc:
            result.update(tracemalloc_pass(respond, args.rows, extension))
        print(
            f"{name:5} {result['rows']:>9,} rows  {result['seconds']:>7.2f} s  "
            f"{result['mb_written']:>7.1f} MB written   RSS {result['rss_before_mb']} → "
            f"peak {result['rss_peak_mb']} MB (+{result['rss_growth_mb']}), "
            f"VmHWM {result['vmhwm_mb']} MB"
            + (
                f"   tracemalloc peak {result['tracemalloc_peak_mb']} MB"
                if "tracemalloc_peak_mb" in result
                else ""
            )
        )
        print(json.dumps(result))
        if args.check and args.save and name == "xlsx":
            print("check", check_xlsx(args.save / f"tiket-bench{extension}", args.rows))


if __name__ == "__main__":
    main()

"""CSV import into the tender mirror (R-DW), in the LKPP data-warehouse shape.

Tender rows follow ``SPSE-TenderPengumuman`` field names, stage rows ``SPSE-JadwalTahapanTender``
(DOMAIN.md §4). Extra columns are ignored, so a full warehouse export loads as is. Every row is
validated first; one bad row rejects the whole import and nothing is written.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TextIO
from zoneinfo import ZoneInfo

from django.db import transaction

from lpse_support.accounts.models import LpseUnit
from lpse_support.core.errors import ImportRejected
from lpse_support.tenders.models import ProcurementCategory, Tender, TenderStage

# Required header columns; kd_lpse, nama_lpse (one of them filled), nama_satker and versi_spse
# are read when present.
TENDER_COLUMNS = (
    "kd_tender", "nama_paket", "tahun_anggaran", "pagu", "hps", "jenis_pengadaan", "mtd_pemilihan",
)  # fmt: skip
STAGE_COLUMNS = ("kd_tender", "kd_tahapan", "nama_tahapan", "tgl_awal", "tgl_akhir")
SOURCE_ZONE = ZoneInfo("Asia/Jakarta")
DATETIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M",
    "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S",
)  # fmt: skip
CODE_RE = re.compile(r"^\d{6,12}$")
YEAR_RE = re.compile(r"^\d{4}$")
BUILD_EXAMPLE = "SPSE v4.5u20240923"
BUILD_RE = re.compile(r"^(SPSE )?v?4\.\d+u\d{8}$")
PLAIN_MONEY_RE = re.compile(r"^\d+(\.\d{1,2})?$")
ID_MONEY_RE = re.compile(r"^(\d{1,3}(\.\d{3})+|\d+)(,\d{1,2})?$")
THOUSANDS_ONLY_RE = re.compile(r"^\d{1,3}\.\d{3}$")
RUPIAH_PREFIX_RE = re.compile(r"^Rp\.?\s*", re.IGNORECASE)
MAX_MONEY = Decimal("9999999999999999.99")  # DecimalField(max_digits=18, decimal_places=2)
CATEGORY_BY_LOWER = {c.value.lower(): c.value for c in ProcurementCategory}


@dataclass(frozen=True)
class TenderRow:
    line: int
    code: str
    values: dict[str, object]  # model field → validated value, ready for update_or_create


@dataclass(frozen=True)
class StageRow:
    line: int
    tender_code: str
    order: int
    name: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class ParsedTenders:
    rows: list[TenderRow]
    errors: list[str]
    codes: set[str]  # every well-formed kd_tender of the file, even of rejected rows


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    stages: int

    def summary(self) -> str:
        return f"{self.created} tender dibuat, {self.updated} diperbarui, {self.stages} tahapan"


def parse_money(text: str) -> Decimal | None:
    """Rupiah as the warehouse or a spreadsheet writes it; None when unreadable.

    Accepts ``1370200000``, ``1370200000.00``, ``1.370.200.000,00`` and an optional ``Rp``.
    """
    value = RUPIAH_PREFIX_RE.sub("", text.strip()).replace(" ", "")
    # A comma, several dots or "1.370" (one dot before exactly three digits) mean the
    # Indonesian style: dots group thousands and the comma is the decimal separator.
    if "," in value or value.count(".") > 1 or THOUSANDS_ONLY_RE.match(value):
        if not ID_MONEY_RE.match(value):
            return None
        value = value.replace(".", "").replace(",", ".")
    elif not PLAIN_MONEY_RE.match(value):
        return None
    return Decimal(value)


def parse_local_datetime(text: str) -> datetime | None:
    """A warehouse/SPSE timestamp in Asia/Jakarta local time, made aware; None when unreadable."""
    value = text.strip()
    for fmt in DATETIME_FORMATS:
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=SOURCE_ZONE)
        except ValueError:
            continue
    return None


class _Reader:
    """Iterates CSV rows with their physical line numbers and records errors per cell."""

    def __init__(self, stream: TextIO, filename: str, required: tuple[str, ...]) -> None:
        self.filename = filename
        self.errors: list[str] = []
        text = stream.read().lstrip("\ufeff")
        first_line = text.split("\n", 1)[0]
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        self._reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
        header = [(name or "").strip().lower() for name in (self._reader.fieldnames or [])]
        self._reader.fieldnames = header
        missing = [column for column in required if column not in header]
        if missing:
            self.errors.append(
                f"{filename} baris 1: kolom wajib tidak ada: {', '.join(missing)}"
                if header
                else f"{filename}: file kosong atau tanpa baris judul kolom"
            )

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        for raw in [] if self.errors else self._reader:
            values = {key: (value or "").strip() for key, value in raw.items() if key}
            if any(values.values()):  # blank lines (e.g. a trailing ";;;;") are skipped
                yield self._reader.line_num, values

    def error(self, line: int, column: str, message: str) -> None:
        self.errors.append(f"{self.filename} baris {line}, kolom {column}: {message}")


def _required(reader: _Reader, line: int, row: dict[str, str], column: str, limit: int) -> str:
    value = row.get(column, "")
    if not value:
        reader.error(line, column, "wajib diisi")
    elif len(value) > limit:
        reader.error(line, column, f"terlalu panjang ({len(value)} karakter, maksimal {limit})")
    return value


def _money(reader: _Reader, line: int, row: dict[str, str], column: str) -> Decimal | None:
    raw = row.get(column, "")
    if not raw:
        reader.error(line, column, "wajib diisi")
        return None
    if raw.lstrip().startswith("-"):
        reader.error(line, column, f"nilai '{raw}' tidak boleh negatif")
        return None
    value = parse_money(raw)
    if value is None:
        reader.error(line, column, f"nilai '{raw}' bukan angka")
    elif value > MAX_MONEY:
        reader.error(line, column, f"nilai '{raw}' terlalu besar")
        return None
    return value


class _LpseIndex:
    """All LPSE units loaded once, so a warehouse export of thousands of rows costs one query."""

    def __init__(self) -> None:
        units = list(LpseUnit.objects.all())
        self.by_code = {u.kd_lpse: u for u in units if u.kd_lpse is not None}
        self.by_name = {u.name: u for u in units}

    def resolve(self, reader: _Reader, line: int, row: dict[str, str]) -> LpseUnit | None:
        kd, name = row.get("kd_lpse", ""), row.get("nama_lpse", "")
        if kd and not kd.isdigit():
            reader.error(line, "kd_lpse", f"nilai '{kd}' bukan angka")
            return None
        by_code = self.by_code.get(int(kd)) if kd else None
        by_name = self.by_name.get(name) if name else None
        if by_code and by_name and by_code.pk != by_name.pk:
            reader.error(line, "nama_lpse", f"'{name}' tidak cocok dengan kd_lpse {kd} ({by_code})")
            return None
        unit = by_code or by_name
        if unit is None and not (kd or name):
            reader.error(line, "nama_lpse", "isi kd_lpse atau nama_lpse")
        elif unit is None:
            shown = " / ".join(v for v in (kd, name) if v)
            reader.error(line, "kd_lpse" if kd else "nama_lpse", f"LPSE '{shown}' tidak dikenal")
        return unit


def read_tenders(stream: TextIO, filename: str) -> ParsedTenders:
    """Parse and validate every tender row; returns the good rows and all error messages."""
    reader = _Reader(stream, filename, TENDER_COLUMNS)
    lpse_index = _LpseIndex()
    rows: list[TenderRow] = []
    first_line: dict[str, int] = {}
    for line, row in reader.rows():
        before = len(reader.errors)
        code = row.get("kd_tender", "")
        if not CODE_RE.match(code):
            reader.error(line, "kd_tender", f"nilai '{code}' harus 6–12 digit angka")
        elif code in first_line:
            reader.error(line, "kd_tender", f"'{code}' sudah ada di baris {first_line[code]}")
        else:
            first_line[code] = line
        name = _required(reader, line, row, "nama_paket", 500)
        satker = row.get("nama_satker", "")
        if len(satker) > 300:
            reader.error(line, "nama_satker", "terlalu panjang (maksimal 300 karakter)")
        year = row.get("tahun_anggaran", "")
        if not YEAR_RE.match(year):
            reader.error(line, "tahun_anggaran", f"nilai '{year}' harus tahun 4 digit")
        pagu = _money(reader, line, row, "pagu")
        hps = _money(reader, line, row, "hps")
        if pagu is not None and hps is not None and hps > pagu:
            reader.error(line, "hps", f"HPS '{row['hps']}' melebihi pagu '{row['pagu']}'")
        raw_category = row.get("jenis_pengadaan", "")
        category = CATEGORY_BY_LOWER.get(raw_category.lower())
        if category is None:
            reader.error(line, "jenis_pengadaan", f"nilai '{raw_category}' tidak dikenal")
        method = _required(reader, line, row, "mtd_pemilihan", 60)
        build = row.get("versi_spse", "")
        if build and not BUILD_RE.match(build):
            reader.error(
                line, "versi_spse", f"nilai '{build}' bukan build SPSE, mis. {BUILD_EXAMPLE}"
            )
        lpse = lpse_index.resolve(reader, line, row)
        if len(reader.errors) == before and lpse and pagu is not None and hps is not None:
            values = {
                "name": name, "lpse": lpse, "satker": satker, "fiscal_year": int(year),
                "pagu": pagu, "hps": hps, "procurement_category": category, "method": method,
                "spse_build": build,
            }  # fmt: skip
            rows.append(TenderRow(line, code, values))
    return ParsedTenders(rows, reader.errors, set(first_line))


def read_stages(
    stream: TextIO, filename: str, tender_codes: set[str]
) -> tuple[list[StageRow], list[str]]:
    """Parse and validate stage rows; ``tender_codes`` are the codes of the tender file."""
    reader = _Reader(stream, filename, STAGE_COLUMNS)
    parsed: list[tuple[int, dict[str, str]]] = list(reader.rows())
    wanted = {row.get("kd_tender", "") for _, row in parsed} - tender_codes
    known = tender_codes | set(
        Tender.objects.filter(code__in=wanted).values_list("code", flat=True)
    )
    rows: list[StageRow] = []
    first_line: dict[tuple[str, str], int] = {}
    for line, row in parsed:
        before = len(reader.errors)
        code = row.get("kd_tender", "")
        if not CODE_RE.match(code):
            reader.error(line, "kd_tender", f"nilai '{code}' harus 6–12 digit angka")
        elif code not in known:
            reader.error(
                line, "kd_tender", f"tender '{code}' tidak ada di file tender maupun di basis data"
            )
        order = row.get("kd_tahapan", "")
        if not order.isdigit() or not 1 <= int(order) <= 32767:
            reader.error(line, "kd_tahapan", f"nilai '{order}' harus bilangan bulat positif")
        elif (code, str(int(order))) in first_line:
            earlier = first_line[(code, str(int(order)))]
            reader.error(
                line, "kd_tahapan", f"tahapan {order} tender '{code}' sudah ada di baris {earlier}"
            )
        else:
            first_line[(code, str(int(order)))] = line
        name = _required(reader, line, row, "nama_tahapan", 200)
        start = _datetime(reader, line, row, "tgl_awal")
        end = _datetime(reader, line, row, "tgl_akhir")
        if start and end and end <= start:
            reader.error(line, "tgl_akhir", "harus setelah tgl_awal")
        if len(reader.errors) == before and start and end:
            rows.append(StageRow(line, code, int(order), name, start, end))
    return rows, reader.errors


def _datetime(reader: _Reader, line: int, row: dict[str, str], column: str) -> datetime | None:
    raw = row.get(column, "")
    value = parse_local_datetime(raw)
    if value is None:
        reader.error(
            line, column, f"nilai '{raw}' bukan tanggal (YYYY-MM-DD HH:MM atau DD/MM/YYYY HH:mm)"
        )
    return value


def import_tenders(
    *, tenders: TextIO, tenders_name: str, stages: TextIO | None = None, stages_name: str = ""
) -> ImportResult:
    """Validate everything, then upsert in one transaction; raise ImportRejected on any error.

    Tenders are upserted by code. A tender that has rows in the stage file gets exactly those
    stages (its old ones are replaced); other tenders keep theirs.
    """
    parsed = read_tenders(tenders, tenders_name)
    tender_rows, errors = parsed.rows, parsed.errors
    stage_rows: list[StageRow] = []
    if stages is not None:
        # Codes of rejected tender rows count as known: their own error is already reported.
        stage_rows, stage_errors = read_stages(stages, stages_name, parsed.codes)
        errors = errors + stage_errors
    if errors:
        raise ImportRejected(count=len(errors), errors=errors)
    created = 0
    with transaction.atomic():
        by_code: dict[str, Tender] = {}
        for row in tender_rows:
            by_code[row.code], was_created = Tender.objects.update_or_create(
                code=row.code, defaults=row.values
            )
            created += was_created
        stage_codes = {row.tender_code for row in stage_rows}
        missing = stage_codes - by_code.keys()
        by_code.update({t.code: t for t in Tender.objects.filter(code__in=missing)})
        TenderStage.objects.filter(tender__code__in=stage_codes).delete()
        TenderStage.objects.bulk_create(
            TenderStage(tender=by_code[row.tender_code], order=row.order, name=row.name,
                        start=row.start, end=row.end)
            for row in stage_rows
        )  # fmt: skip
    return ImportResult(created, len(tender_rows) - created, len(stage_rows))

"""CSV import into the tender mirror (R-DW), in the LKPP data-warehouse shape.

Tender rows follow ``SPSE-TenderPengumuman`` field names, stage rows ``SPSE-JadwalTahapanTender``
(DOMAIN.md §4). Extra columns are ignored, so a full warehouse export loads as is. Every row is
validated first — its cells by the pydantic models of ``csv_rows``, duplicates and the LPSE here —
and every problem is reported with file, line and column; one bad row rejects the whole import
and nothing is written.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TextIO, TypeVar

from django.db import transaction
from pydantic import BaseModel, ValidationError

from lpse_support.accounts.models import LpseUnit
from lpse_support.core.errors import ImportRejected
from lpse_support.tenders.csv_rows import (
    CELL_ERROR,
    CODE_RE,
    StageCsvRow,
    TenderCsvRow,
    parse_local_datetime,
    parse_money,
)
from lpse_support.tenders.models import Tender, TenderStage

__all__ = ["ImportResult", "import_tenders", "parse_local_datetime", "parse_money"]

# Required header columns; kd_lpse, nama_lpse (one of them filled), nama_satker and versi_spse
# are read when present.
TENDER_COLUMNS = (
    "kd_tender", "nama_paket", "tahun_anggaran", "pagu", "hps", "jenis_pengadaan", "mtd_pemilihan",
)  # fmt: skip
STAGE_COLUMNS = ("kd_tender", "kd_tahapan", "nama_tahapan", "tgl_awal", "tgl_akhir")

Row = TypeVar("Row", bound=BaseModel)


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


def _validated(
    model: type[Row], reader: _Reader, line: int, row: dict[str, str], **context: Any
) -> Row | None:
    """The row as ``model``, or None after recording one error per bad cell."""
    try:
        return model.model_validate(row, context={"row": row, **context})
    except ValidationError as exc:
        for problem in exc.errors(include_url=False):
            column = str(problem["loc"][0]) if problem["loc"] else "?"
            reader.error(
                line, column, problem["msg"] if problem["type"] == CELL_ERROR else "tidak valid"
            )
        return None


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
        tender = _validated(TenderCsvRow, reader, line, row)
        code = row.get("kd_tender", "")
        if CODE_RE.match(code) and code in first_line:
            reader.error(line, "kd_tender", f"'{code}' sudah ada di baris {first_line[code]}")
        elif CODE_RE.match(code):
            first_line[code] = line
        lpse = lpse_index.resolve(reader, line, row)
        if len(reader.errors) == before and tender is not None and lpse is not None:
            values = {
                "name": tender.nama_paket, "lpse": lpse, "satker": tender.nama_satker,
                "fiscal_year": tender.tahun_anggaran, "pagu": tender.pagu, "hps": tender.hps,
                "procurement_category": tender.jenis_pengadaan, "method": tender.mtd_pemilihan,
                "spse_build": tender.versi_spse,
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
    first_line: dict[tuple[str, int], int] = {}
    for line, row in parsed:
        before = len(reader.errors)
        stage = _validated(StageCsvRow, reader, line, row, known_tenders=known)
        code, order = row.get("kd_tender", ""), row.get("kd_tahapan", "")
        if order.isdigit() and 1 <= int(order) <= 32767:
            key = (code, int(order))
            if key in first_line:
                reader.error(
                    line,
                    "kd_tahapan",
                    f"tahapan {order} tender '{code}' sudah ada di baris {first_line[key]}",
                )
            else:
                first_line[key] = line
        if len(reader.errors) == before and stage is not None:
            rows.append(
                StageRow(
                    line,
                    stage.kd_tender,
                    stage.kd_tahapan,
                    stage.nama_tahapan,
                    stage.tgl_awal,
                    stage.tgl_akhir,
                )
            )
    return rows, reader.errors


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

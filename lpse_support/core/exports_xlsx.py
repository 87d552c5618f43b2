"""An .xlsx workbook written on the fly: SpreadsheetML in a ZIP that is streamed as it grows.

No temporary file and no third-party writer: every sheet is one deflated ZIP entry written row by
row (inline strings, no shared-string table), the ZIP goes to a sink that is drained after every
few hundred rows, and the small parts that depend on the number of sheets (workbook, relations,
content types) are written after the sheets. Python's :mod:`zipfile` writes to a non-seekable sink
with data descriptors (sizes after the data), as ExcelJS' streaming writer does.

Layout decisions (docs/exports.md):

- row 1 is the bold header, frozen; columns get a width from the header and the first row;
- a sheet holds at most 1,048,575 data rows (Excel's 1,048,576 rows minus the header) and at most
  ``SHEET_BYTES`` bytes of XML (a ZIP entry without ZIP64 must stay under 2 GiB; ZIP64 entries
  written without seeking make Excel offer to "repair" the file). Past either limit the export
  continues on a new sheet "<title> (2)", "<title> (3)", … with the header repeated — no row is
  dropped;
- aware datetimes become WIB Excel dates formatted ``dd/mm/yyyy hh:mm``, dates ``dd/mm/yyyy``;
- text that could start a formula is kept as typed but gets the ``quotePrefix`` style: Excel and
  LibreOffice show it as text and keep it text even when the cell is edited;
- text longer than Excel's 32,767 characters per cell is cut there; characters XML 1.0 forbids
  (control characters other than TAB/LF/CR) are dropped.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import IO
from xml.sax.saxutils import quoteattr

from lpse_support.core.exports_cells import close_rows, needs_neutralising, plain_cell

MAX_DATA_ROWS = 1_048_575
SHEET_BYTES = 2_000_000_000
MAX_CELL_CHARS = 32_767
ROWS_PER_CHUNK = 500
COMPRESS_LEVEL = 6  # zlib default; level 1 was no faster here and wrote 24 % more bytes
EXCEL_EPOCH = datetime(1899, 12, 30)
FIRST_EXCEL_DAY = datetime(1900, 3, 1)  # serials before this hit Excel's 1900 leap-year bug

# Cell styles (indexes into cellXfs of STYLES).
STYLE_HEADER = 1
STYLE_DATETIME = 2
STYLE_DATE = 3
STYLE_QUOTED = 4

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
CT_PREFIX = "application/vnd.openxmlformats-officedocument.spreadsheetml"

STYLES = (
    XML_DECL + f'<styleSheet xmlns="{NS_MAIN}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy hh:mm"/>'
    '<numFmt numFmtId="165" formatCode="dd/mm/yyyy"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)

ROOT_RELS = (
    XML_DECL + f'<Relationships xmlns="{NS_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{NS_REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)

# XML 1.0 forbids C0 controls other than TAB, LF, CR; CR is kept as a character reference
# (a literal CR would be read back as LF).
_XML_TEXT = str.maketrans(
    {
        **{code: None for code in range(0x20) if code not in (0x09, 0x0A, 0x0D)},
        0xFFFE: None,
        0xFFFF: None,
        ord("&"): "&amp;",
        ord("<"): "&lt;",
        ord(">"): "&gt;",
        ord("\r"): "&#13;",
    }
)
_SURROGATES = re.compile("[\ud800-\udfff]")
_NEEDS_ESCAPING = re.compile("[&<>\x00-\x08\x0b-\x1f\ufffe\uffff\ud800-\udfff]")
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@lru_cache(maxsize=1024)
def column_letter(index: int) -> str:
    """``0`` → ``A``, ``25`` → ``Z``, ``26`` → ``AA``…"""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def sheet_names(title: str) -> Iterator[str]:
    """``title`` made a valid sheet name (≤ 31 characters, none of ``[]:*?/\\``), then
    ``title (2)``, ``title (3)``… for the sheets that follow."""
    base = _SHEET_NAME_FORBIDDEN.sub(" ", title).strip().strip("'") or "Data"
    yield base[:31]
    number = 2
    while True:
        suffix = f" ({number})"
        yield base[: 31 - len(suffix)] + suffix
        number += 1


def _text_xml(text: str) -> str:
    escaped = text[:MAX_CELL_CHARS]
    if _NEEDS_ESCAPING.search(escaped):  # most text needs none: skip the slower translate
        escaped = _SURROGATES.sub("", escaped.translate(_XML_TEXT))
    if escaped[:1].isspace() or escaped[-1:].isspace():
        return f'<is><t xml:space="preserve">{escaped}</t></is>'
    return f"<is><t>{escaped}</t></is>"


def _excel_serial(moment: datetime) -> float:
    return (moment - EXCEL_EPOCH).total_seconds() / 86400


def cell_xml(ref: str, value: object) -> str:
    """One ``<c>`` element for ``value`` at ``ref`` (``""`` for an empty cell)."""
    cell = value if type(value) is str else plain_cell(value)
    if isinstance(cell, str):
        if not cell:
            return ""
        quoted = f' s="{STYLE_QUOTED}"' if needs_neutralising(cell) else ""
        return f'<c r="{ref}" t="inlineStr"{quoted}>{_text_xml(cell)}</c>'
    if isinstance(cell, int | float | Decimal):  # non-finite numbers are text already
        return f'<c r="{ref}"><v>{cell}</v></c>'
    if isinstance(cell, datetime):
        style = STYLE_DATETIME
        moment = cell
    else:
        style = STYLE_DATE
        moment = datetime(cell.year, cell.month, cell.day)
    if moment < FIRST_EXCEL_DAY:
        text = moment.strftime("%d/%m/%Y %H:%M" if style == STYLE_DATETIME else "%d/%m/%Y")
        return f'<c r="{ref}" t="inlineStr">{_text_xml(text)}</c>'
    return f'<c r="{ref}" s="{style}"><v>{_excel_serial(moment)!r}</v></c>'


def row_xml(number: int, values: Sequence[object]) -> str:
    """One ``<row>`` of data cells."""
    cells = "".join(
        cell_xml(f"{column_letter(index)}{number}", value) for index, value in enumerate(values)
    )
    return f'<row r="{number}">{cells}</row>'


def header_xml(headers: Sequence[str]) -> str:
    cells = "".join(
        f'<c r="{column_letter(index)}1" t="inlineStr" s="{STYLE_HEADER}">{_text_xml(str(h))}</c>'
        for index, h in enumerate(headers)
    )
    return f'<row r="1">{cells}</row>'


def column_widths(headers: Sequence[str], first_row: Sequence[object] | None) -> list[float]:
    """A width per column: the header's or the first value's length, 10 to 50 characters;
    date columns at least wide enough for ``dd/mm/yyyy hh:mm``."""
    widths: list[float] = []
    for index in range(max(len(headers), len(first_row or ()))):
        header = str(headers[index]) if index < len(headers) else ""
        value = plain_cell(first_row[index]) if first_row and index < len(first_row) else ""
        if isinstance(value, datetime):
            length = 17
        elif isinstance(value, date):
            length = 11
        else:
            length = len(str(value))
        widths.append(min(max(len(header) + 3, length + 2, 10), 50))
    return widths


def sheet_head(widths: Sequence[float], *, selected: bool) -> str:
    tab = ' tabSelected="1"' if selected else ""
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{width}" customWidth="1"/>'
        for i, width in enumerate(widths, start=1)
    )
    return (
        XML_DECL + f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">'
        f'<sheetViews><sheetView workbookViewId="0"{tab}>'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
        "</sheetView></sheetViews>"
        '<sheetFormatPr defaultRowHeight="15"/>'
        + (f"<cols>{cols}</cols>" if cols else "")
        + "<sheetData>"
    )


SHEET_TAIL = "</sheetData></worksheet>"


def workbook_parts(names: Sequence[str]) -> dict[str, str]:
    """The parts that list the sheets, written once every sheet is complete."""
    sheets = "".join(
        f'<sheet name={quoteattr(name)} sheetId="{i}" r:id="rId{i}"/>'
        for i, name in enumerate(names, start=1)
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{NS_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(names) + 1)
    )
    styles_id = len(names) + 1
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
        f'ContentType="{CT_PREFIX}.worksheet+xml"/>'
        for i in range(1, len(names) + 1)
    )
    return {
        "xl/styles.xml": STYLES,
        "xl/workbook.xml": XML_DECL + f'<workbook xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">'
        f'<bookViews><workbookView activeTab="0"/></bookViews><sheets>{sheets}</sheets>'
        "</workbook>",
        "xl/_rels/workbook.xml.rels": XML_DECL + f'<Relationships xmlns="{NS_PKG_REL}">{rels}'
        f'<Relationship Id="rId{styles_id}" Type="{NS_REL}/styles" Target="styles.xml"/>'
        "</Relationships>",
        "_rels/.rels": ROOT_RELS,
        "[Content_Types].xml": XML_DECL
        + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{CT_PREFIX}.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{CT_PREFIX}.styles+xml"/>'
        f"{overrides}</Types>",
    }


class _Sink:
    """A write-only, non-seekable byte sink for :class:`zipfile.ZipFile`; drained by the stream."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Nothing is buffered beyond ``parts``; :class:`zipfile.ZipFile` calls this on close."""

    def drain(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data


class _Workbook:
    """The open ZIP and the sheet being written."""

    def __init__(self, sink: _Sink, headers: Sequence[str], sheet_title: str) -> None:
        self.archive = zipfile.ZipFile(  # type: ignore[call-overload]
            sink, mode="w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL
        )
        self.headers = headers
        self.names = sheet_names(sheet_title)
        self.sheets: list[str] = []
        self.entry: IO[bytes] | None = None
        self.widths: list[float] = []
        self.rows_in_sheet = 0
        self.bytes_in_sheet = 0

    def open_sheet(self) -> None:
        self.sheets.append(next(self.names))
        path = f"xl/worksheets/sheet{len(self.sheets)}.xml"
        self.entry = self.archive.open(path, "w")  # deflated at COMPRESS_LEVEL, dated now (WIB)
        head = sheet_head(self.widths, selected=len(self.sheets) == 1) + header_xml(self.headers)
        self.write(head.encode("utf-8"))
        self.rows_in_sheet = 0

    def write(self, data: bytes) -> None:
        assert self.entry is not None
        self.entry.write(data)
        self.bytes_in_sheet += len(data)

    def close_sheet(self) -> None:
        assert self.entry is not None
        self.entry.write(SHEET_TAIL.encode("ascii"))
        self.entry.close()
        self.entry = None
        self.bytes_in_sheet = 0

    def has_room(self, row_bytes: int, pending_bytes: int) -> bool:
        return (
            self.rows_in_sheet < MAX_DATA_ROWS
            and self.bytes_in_sheet + pending_bytes + row_bytes + len(SHEET_TAIL) < SHEET_BYTES
        )

    def finish(self) -> None:
        for name, text in workbook_parts(self.sheets).items():
            self.archive.writestr(name, text.encode("utf-8"))
        self.archive.close()


def xlsx_stream(
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    sheet_title: str = "Data",
    rows_per_chunk: int = ROWS_PER_CHUNK,
) -> Iterator[bytes]:
    """Yield the bytes of an .xlsx of ``rows`` under ``headers``; holds about one chunk of rows."""
    sink = _Sink()
    iterator = iter(rows)
    try:
        first = next(iterator, None)
        book = _Workbook(sink, headers, sheet_title)
        book.widths = column_widths(headers, first)
        book.open_sheet()
        pending: list[bytes] = []
        pending_bytes = 0
        row = first
        while row is not None:
            number = book.rows_in_sheet + 2
            data = row_xml(number, row).encode("utf-8")
            if not book.has_room(len(data), pending_bytes):
                book.write(b"".join(pending))
                pending, pending_bytes = [], 0
                book.close_sheet()
                book.open_sheet()
                data = row_xml(2, row).encode("utf-8")
            pending.append(data)
            pending_bytes += len(data)
            book.rows_in_sheet += 1
            if len(pending) >= rows_per_chunk:
                book.write(b"".join(pending))
                pending, pending_bytes = [], 0
                chunk = sink.drain()
                if chunk:
                    yield chunk
            row = next(iterator, None)
        book.write(b"".join(pending))
        book.close_sheet()
        book.finish()
        yield sink.drain()
    finally:
        close_rows(iterator)
        close_rows(rows)

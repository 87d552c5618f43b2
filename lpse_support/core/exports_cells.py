"""One value as it goes into an export: WIB dates, ``Ya``/``Tidak``, neutralised text.

Shared by the CSV writer (:mod:`lpse_support.core.exports`) and the .xlsx writer
(:mod:`lpse_support.core.exports_xlsx`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import cast
from zoneinfo import ZoneInfo

from django.utils.translation import gettext

WIB = ZoneInfo("Asia/Jakarta")
DATETIME_TEXT = "%d/%m/%Y %H:%M"
DATE_TEXT = "%d/%m/%Y"

# = + - @ start a formula in Excel/LibreOffice; TAB and CR are the OWASP additions (a cell
# starting with them can still be read as a formula once the whitespace is trimmed).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

ExportValue = str | int | float | Decimal | date | datetime


def neutralise(value: str) -> str:
    """Prefix a text cell that could start a formula with an apostrophe (OWASP CSV injection).

    Excel and LibreOffice then show the cell as text and never evaluate it; any other text is
    returned unchanged.
    """
    if value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def needs_neutralising(value: str) -> bool:
    """True when :func:`neutralise` would change ``value``."""
    return value.startswith(FORMULA_TRIGGERS)


def to_wib(value: datetime) -> datetime:
    """A naive datetime in WIB: aware values are converted, naive ones are taken as WIB already."""
    if value.tzinfo is None or value.utcoffset() is None:
        return value
    return value.astimezone(WIB).replace(tzinfo=None)


def plain_cell(value: object) -> ExportValue:
    """``value`` as an export cell, before neutralisation.

    ``None`` → ``""``; ``True``/``False`` → ``"Ya"``/``"Tidak"``; aware datetimes → naive WIB;
    numbers, dates and text stay what they are; anything else (lazy translations, choices,
    UUIDs) becomes its text. Non-finite floats become their text (Excel has no NaN).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("Ya") if value else gettext("Tidak")
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Decimal):
        return value if value.is_finite() else str(value)
    if isinstance(value, int | str):
        return value
    if isinstance(value, datetime):
        return to_wib(value)
    if isinstance(value, date):
        return value
    return str(value)


def export_cell(value: object) -> ExportValue:
    """``value`` as it goes into an export: :func:`plain_cell`, with text :func:`neutralise`\\ d."""
    cell = plain_cell(value)
    if isinstance(cell, str):
        return neutralise(cell)
    return cell


def csv_text(value: object) -> str:
    """The CSV text of one value: neutralised text, ``dd/mm/yyyy HH:MM`` WIB, plain numbers."""
    kind = type(value)
    if kind is str:  # fast path: most cells are text
        text = cast(str, value)
        return "'" + text if text.startswith(FORMULA_TRIGGERS) else text
    if kind is int:
        return str(value)
    cell = export_cell(value)
    if isinstance(cell, str):
        return cell
    if isinstance(cell, datetime):
        return cell.strftime(DATETIME_TEXT)
    if isinstance(cell, date):
        return cell.strftime(DATE_TEXT)
    if isinstance(cell, Decimal):
        return format(cell, "f")
    return str(cell)


def close_rows(rows: Iterable[object]) -> None:
    """Close ``rows`` if it is a generator, so a database cursor behind it is released now."""
    close = getattr(rows, "close", None)
    if callable(close):
        close()

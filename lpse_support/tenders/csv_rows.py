"""One row of the tender import files as a pydantic model (R-DW; DOMAIN.md §4): the tender row in
``SPSE-TenderPengumuman`` field names, the stage row in ``SPSE-JadwalTahapanTender`` ones.

Every cell is read from the CSV text; a bad cell raises a ``csv_cell`` error whose message is the
Indonesian sentence the importer reports ("nilai 'abc' bukan angka"). What needs the other rows
or the database (duplicates, the LPSE, a tender known elsewhere) is checked by the importer; the
set of known tender codes comes in the validation context (``known_tenders``), the raw row too
(``row``) so that a message can quote what was typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, NoReturn
from zoneinfo import ZoneInfo

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from lpse_support.tenders.models import ProcurementCategory

CELL_ERROR = "csv_cell"
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


def _refuse(message: str, **values: Any) -> NoReturn:
    """A bad cell; ``message`` may name ``values`` as ``{name}``."""
    raise PydanticCustomError(CELL_ERROR, message, values)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _required(limit: int) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        text = _text(value)
        if not text:
            _refuse("wajib diisi")
        if len(text) > limit:
            _refuse(
                "terlalu panjang ({length} karakter, maksimal {limit})",
                length=len(text),
                limit=limit,
            )
        return text

    return check


def _satker(value: Any) -> str:
    text = _text(value)
    if len(text) > 300:
        _refuse("terlalu panjang (maksimal 300 karakter)")
    return text


def _code(value: Any) -> str:
    text = _text(value)
    if not CODE_RE.match(text):
        _refuse("nilai '{value}' harus 6–12 digit angka", value=text)
    return text


def _year(value: Any) -> int:
    text = _text(value)
    if not YEAR_RE.match(text):
        _refuse("nilai '{value}' harus tahun 4 digit", value=text)
    return int(text)


def _money(value: Any) -> Decimal:
    raw = _text(value)
    if not raw:
        _refuse("wajib diisi")
    if raw.lstrip().startswith("-"):
        _refuse("nilai '{value}' tidak boleh negatif", value=raw)
    amount = parse_money(raw)
    if amount is None:
        _refuse("nilai '{value}' bukan angka", value=raw)
    if amount > MAX_MONEY:
        _refuse("nilai '{value}' terlalu besar", value=raw)
    return amount


def _category(value: Any) -> str:
    text = _text(value)
    category = CATEGORY_BY_LOWER.get(text.lower())
    if category is None:
        _refuse("nilai '{value}' tidak dikenal", value=text)
    return category


def _build(value: Any) -> str:
    text = _text(value)
    if text and not BUILD_RE.match(text):
        _refuse(
            "nilai '{value}' bukan build SPSE, mis. {example}", value=text, example=BUILD_EXAMPLE
        )
    return text


def _stage_order(value: Any) -> int:
    text = _text(value)
    if not text.isdigit() or not 1 <= int(text) <= 32767:
        _refuse("nilai '{value}' harus bilangan bulat positif", value=text)
    return int(text)


def _moment(value: Any) -> datetime:
    raw = _text(value)
    moment = parse_local_datetime(raw)
    if moment is None:
        _refuse("nilai '{value}' bukan tanggal (YYYY-MM-DD HH:MM atau DD/MM/YYYY HH:mm)", value=raw)
    return moment


class TenderCsvRow(BaseModel):
    """A tender row; the fields are checked in this order, so are its messages."""

    model_config = ConfigDict(frozen=True)

    kd_tender: Annotated[str, BeforeValidator(_code)]
    nama_paket: Annotated[str, BeforeValidator(_required(500))]
    nama_satker: Annotated[str, BeforeValidator(_satker)] = ""
    tahun_anggaran: Annotated[int, BeforeValidator(_year)]
    pagu: Annotated[Decimal, BeforeValidator(_money)]
    hps: Annotated[Decimal, BeforeValidator(_money)]
    jenis_pengadaan: Annotated[str, BeforeValidator(_category)]
    mtd_pemilihan: Annotated[str, BeforeValidator(_required(60))]
    versi_spse: Annotated[str, BeforeValidator(_build)] = ""

    @field_validator("hps")
    @classmethod
    def _within_pagu(cls, hps: Decimal, info: ValidationInfo) -> Decimal:
        pagu = info.data.get("pagu")
        if pagu is not None and hps > pagu:
            row = (info.context or {}).get("row", {})
            _refuse(
                "HPS '{hps}' melebihi pagu '{pagu}'", hps=row.get("hps", hps), pagu=row.get("pagu")
            )
        return hps


class StageCsvRow(BaseModel):
    """A stage row; ``kd_tender`` must be in the ``known_tenders`` of the validation context."""

    model_config = ConfigDict(frozen=True)

    kd_tender: Annotated[str, BeforeValidator(_code)]
    kd_tahapan: Annotated[int, BeforeValidator(_stage_order)]
    nama_tahapan: Annotated[str, BeforeValidator(_required(200))]
    tgl_awal: Annotated[datetime, BeforeValidator(_moment)]
    tgl_akhir: Annotated[datetime, BeforeValidator(_moment)]

    @field_validator("kd_tender")
    @classmethod
    def _known(cls, code: str, info: ValidationInfo) -> str:
        if code not in (info.context or {}).get("known_tenders", ()):
            _refuse("tender '{code}' tidak ada di file tender maupun di basis data", code=code)
        return code

    @field_validator("tgl_akhir")
    @classmethod
    def _after_start(cls, end: datetime, info: ValidationInfo) -> datetime:
        start = info.data.get("tgl_awal")
        if start is not None and end <= start:
            _refuse("harus setelah tgl_awal")
        return end

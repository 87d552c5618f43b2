"""The data warehouse's answers as pydantic models (docs/tender-connector.md): one tender object
(SPSE-TenderPengumuman + JadwalTahapanTender field names) and the search envelope.

A tender that does not follow the contract raises ``InvalidWarehouseData`` naming the fields at
fault; the connector turns it into ``TenderServiceUnavailable`` (or skips the item in a search).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from lpse_support.tenders.connectors.base import TenderData

# The mirror stores money as DECIMAL(18, 2): anything larger is not a real HPS or pagu.
MAX_MONEY = Decimal(10) ** 16


class InvalidWarehouseData(ValueError):
    """One tender object (or the search envelope) does not follow the contract."""


def _blank_is_none(value: Any) -> Any:
    return None if value is None or value == "" else value


def _number_or_text(value: Any) -> Any:
    """A code or a year may come as a JSON number or a string, never as true/false or a float."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError("not a number or text")
    return str(value).strip()


def _amount(value: Any) -> Any:
    value = _blank_is_none(value)
    if isinstance(value, bool) or not (value is None or isinstance(value, int | float | str)):
        raise ValueError("not a number")
    return value.strip() if isinstance(value, str) else value


def _iso_text(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError("not an ISO 8601 text")
    return value.strip()


def _stdlib_offset(moment: datetime) -> datetime:
    """The parsed offset as a ``datetime.timezone`` (pickled and compared like any other)."""
    offset = moment.utcoffset() or timedelta(0)
    return moment.replace(tzinfo=timezone(offset))


OptionalText = Annotated[
    str,
    StringConstraints(strip_whitespace=True),
    BeforeValidator(lambda value: "" if value is None else value),
]
RequiredText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
TenderCode = Annotated[
    str, StringConstraints(pattern=r"^[0-9]{6,12}$"), BeforeValidator(_number_or_text)
]
Year = Annotated[
    int | None,
    BeforeValidator(lambda value: None if _blank_is_none(value) is None else _year(value)),
]
Money = Annotated[
    Decimal | None,
    Field(ge=0, lt=MAX_MONEY, allow_inf_nan=False),
    BeforeValidator(_amount),
    AfterValidator(lambda amount: None if amount is None else amount.quantize(Decimal("0.01"))),
]
Moment = Annotated[AwareDatetime, BeforeValidator(_iso_text), AfterValidator(_stdlib_offset)]


def _year(value: Any) -> int:
    text = _number_or_text(value)
    if len(text) != 4 or not text.isascii() or not text.isdigit():
        raise ValueError("not a year")
    return int(text)


class WarehouseStage(BaseModel):
    """One row of ``jadwal``: a stage of the tender and when it runs."""

    model_config = ConfigDict(frozen=True)

    nama_tahapan: RequiredText
    tgl_awal: Moment
    tgl_akhir: Moment

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> WarehouseStage:
        if self.tgl_akhir <= self.tgl_awal:
            raise ValueError(f"stage {self.nama_tahapan!r} ends before it starts")
        return self


class WarehouseTender(BaseModel):
    """One tender object; fields the contract does not name are ignored."""

    model_config = ConfigDict(frozen=True)

    kd_tender: TenderCode
    nama_paket: RequiredText
    nama_lpse: OptionalText = ""
    nama_satker: OptionalText = ""
    tahun_anggaran: Year = None
    hps: Money = None
    pagu: Money = None
    jenis_pengadaan: OptionalText = ""
    mtd_pemilihan: OptionalText = ""
    versi_spse: OptionalText = ""
    jadwal: Annotated[
        list[WarehouseStage], BeforeValidator(lambda value: [] if value is None else value)
    ] = Field(default_factory=list)

    def to_data(self, *, now: datetime) -> TenderData:
        """The tender as the application knows it, with the stage running at ``now``."""
        current = next(
            (stage for stage in self.jadwal if stage.tgl_awal <= now < stage.tgl_akhir), None
        )
        return TenderData(
            code=self.kd_tender,
            name=self.nama_paket,
            lpse_name=self.nama_lpse,
            satker=self.nama_satker,
            fiscal_year=self.tahun_anggaran,
            hps=self.hps,
            pagu=self.pagu,
            procurement_category=self.jenis_pengadaan,
            method=self.mtd_pemilihan,
            spse_build=self.versi_spse,
            stage_name=current.nama_tahapan if current else "",
            stage_start=current.tgl_awal if current else None,
            stage_end=current.tgl_akhir if current else None,
        )


class WarehouseSearch(BaseModel):
    """The search envelope ``{"data": [...]}``; its items are checked one by one, so one bad
    item does not spoil the others."""

    data: list[Any]


def _problems(error: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(part) for part in problem['loc']) or 'answer'}: {problem['msg']}"
        for problem in error.errors(include_url=False)[:5]
    )


def parse_tender(item: Any, *, now: datetime) -> TenderData:
    """Validate one warehouse tender object and pick the stage running at ``now``."""
    if not isinstance(item, dict):
        raise InvalidWarehouseData("tender is not an object")
    try:
        tender = WarehouseTender.model_validate(item)
    except ValidationError as exc:
        raise InvalidWarehouseData(_problems(exc)) from exc
    return tender.to_data(now=now)


def search_items(payload: Any) -> list[Any]:
    """The items of a search answer, or ``InvalidWarehouseData`` for another shape."""
    try:
        return WarehouseSearch.model_validate(payload).data
    except ValidationError as exc:
        message = f"search answer is not {{'data': [...]}}: {_problems(exc)}"
        raise InvalidWarehouseData(message) from exc

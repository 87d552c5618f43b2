"""``GET /api/v1/tenders?q=`` and ``GET /api/v1/tenders/{code}``: tender data through the same
connector as the ticket form (local mirror or the LKPP data warehouse). An unreachable
warehouse is a 503 JSON answer."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import ConfigDict, Field

from lpse_support.api.schemas_common import AUTH_ERRORS, ErrorOut
from lpse_support.core.errors import NotFound
from lpse_support.tenders.connectors import TenderData, get_connector

router = Router()

SEARCH_MIN_LENGTH = 3
SEARCH_LIMIT = 10
TENDER_NOT_FOUND = "Kode tender tidak ditemukan."
CODE_MAX_LENGTH = 40

TENDER_EXAMPLE: dict[str, Any] = {
    "code": "10012345",
    "label": "10012345 — Pembangunan Gedung Kantor",
    "name": "Pembangunan Gedung Kantor",
    "lpse_name": "LPSE Kota Makassar",
    "satker": "Dinas PUPR",
    "fiscal_year": 2025,
    "hps": "12500000000.00",
    "pagu": "13000000000.00",
    "procurement_category": "Pekerjaan Konstruksi",
    "method": "Tender",
    "spse_build": "4.5u20240101",
    "stage_name": "Upload Dokumen Penawaran",
    "stage_start": "2025-03-01T08:00:00+07:00",
    "stage_end": "2025-03-08T16:00:00+07:00",
    "source": "warehouse",
}


class TenderOut(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [TENDER_EXAMPLE]})

    code: str = Field(examples=["10012345"])
    label: str = Field(examples=["10012345 — Pembangunan Gedung Kantor"])
    name: str = Field(examples=["Pembangunan Gedung Kantor"])
    lpse_name: str = Field(examples=["LPSE Kota Makassar"])
    satker: str = Field(examples=["Dinas PUPR"])
    fiscal_year: int | None = Field(examples=[2025])
    hps: Decimal | None = Field(description="Nilai HPS (rupiah)", examples=["12500000000.00"])
    pagu: Decimal | None = Field(examples=["13000000000.00"])
    procurement_category: str = Field(examples=["Pekerjaan Konstruksi"])
    method: str = Field(examples=["Tender"])
    spse_build: str = Field(examples=["4.5u20240101"])
    stage_name: str = Field(description="Tahapan yang sedang berjalan", examples=["Evaluasi"])
    stage_start: datetime | None = Field(examples=["2025-03-01T08:00:00+07:00"])
    stage_end: datetime | None = Field(examples=["2025-03-08T16:00:00+07:00"])
    source: str = Field(description="warehouse atau manual", examples=["warehouse"])


class TenderSearchQuery(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"q": "100123"}]})

    q: str = Field(
        min_length=SEARCH_MIN_LENGTH,
        max_length=200,
        description="Kode tender (awalan) atau bagian nama tender, minimal 3 karakter.",
        examples=["100123"],
    )


def tender_out(tender: TenderData) -> dict[str, Any]:
    return {
        "code": tender.code,
        "label": tender.label,
        "name": tender.name,
        "lpse_name": tender.lpse_name,
        "satker": tender.satker,
        "fiscal_year": tender.fiscal_year,
        "hps": tender.hps,
        "pagu": tender.pagu,
        "procurement_category": tender.procurement_category,
        "method": tender.method,
        "spse_build": tender.spse_build,
        "stage_name": tender.stage_name,
        "stage_start": tender.stage_start,
        "stage_end": tender.stage_end,
        "source": tender.source,
    }


@router.get(
    "",
    response={200: list[TenderOut], 422: ErrorOut, 503: ErrorOut, **AUTH_ERRORS},
    summary="Cari tender berdasarkan kode atau nama",
    operation_id="tenders_search",
)
def search_tenders(request: HttpRequest, filters: Query[TenderSearchQuery]) -> Any:
    tenders = get_connector().search(filters.q.strip(), limit=SEARCH_LIMIT)
    return [tender_out(tender) for tender in tenders]


@router.get(
    "/{code}",
    response={200: TenderOut, 404: ErrorOut, 503: ErrorOut, **AUTH_ERRORS},
    summary="Data satu tender beserta tahapan berjalan",
    operation_id="tenders_detail",
)
def get_tender(request: HttpRequest, code: str) -> Any:
    code = code.strip()
    plausible = 0 < len(code) <= CODE_MAX_LENGTH and code.isascii() and code.isalnum()
    tender = get_connector().get(code) if plausible else None
    if tender is None:
        raise NotFound(TENDER_NOT_FOUND)
    return tender_out(tender)

"""``POST /api/v1/priority/preview``: the priority a ticket would get, computed by the same
``resolve_tender`` and ``ticket_priority`` the create service uses, so the preview and the
filed ticket always agree (R-PRI)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import ConfigDict, Field

from lpse_support.api.schemas_common import AUTH_ERRORS, MAX_ID, ErrorOut, PriorityOut
from lpse_support.catalog.models import SubCategory
from lpse_support.core.errors import InvalidInput
from lpse_support.tickets.services.priority import ticket_priority
from lpse_support.tickets.services.ticket_create import ManualTender, resolve_tender

router = Router()

SUBCATEGORY_UNKNOWN = "Sub kategori tidak ditemukan atau tidak aktif."


class ManualTenderIn(Schema):
    """Isi Manual: tender data typed by the reporter when the warehouse has none."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "code": "10012345",
                    "hps": "12500000000",
                    "fiscal_year": 2025,
                    "spse_build": "4.5u20240101",
                    "procurement_category": "Pekerjaan Konstruksi",
                }
            ]
        }
    )

    code: str = Field(default="", max_length=12, examples=["10012345"])
    hps: Decimal | None = Field(default=None, ge=0, max_digits=20, examples=["12500000000"])
    fiscal_year: int | None = Field(default=None, ge=2000, le=2100, examples=[2025])
    spse_build: str = Field(default="", max_length=60, examples=["4.5u20240101"])
    procurement_category: str = Field(default="", max_length=100, examples=["Barang"])


class PriorityPreviewIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"subcategory_id": 12, "tender_code": "10012345"},
                {"subcategory_id": 12, "manual": {"hps": "12500000000"}},
            ]
        }
    )

    subcategory_id: int = Field(ge=1, le=MAX_ID, examples=[12])
    tender_code: str = Field(
        default="", max_length=40, description="Kode tender (6–12 digit)", examples=["10012345"]
    )
    manual: ManualTenderIn | None = None


class PriorityPreviewOut(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "priority": {"code": "major", "name": "Major", "rank": 2},
                    "reasons": [
                        "Prioritas bawaan sub kategori: Medium.",
                        "Nilai HPS di atas Rp10.000.000.000: naik satu tingkat.",
                    ],
                }
            ]
        }
    )

    priority: PriorityOut
    reasons: list[str] = Field(examples=[["Prioritas bawaan sub kategori: Medium."]])


def _manual_tender(manual: ManualTenderIn) -> ManualTender:
    return ManualTender(
        code=manual.code.strip(),
        spse_build=manual.spse_build.strip(),
        fiscal_year=manual.fiscal_year,
        hps=manual.hps,
        procurement_category=manual.procurement_category.strip(),
    )


@router.post(
    "/preview",
    response={200: PriorityPreviewOut, 413: ErrorOut, 415: ErrorOut, 422: ErrorOut, **AUTH_ERRORS},
    summary="Pratinjau prioritas tiket dari sub kategori dan data tender",
    operation_id="priority_preview",
)
def preview_priority(request: HttpRequest, payload: PriorityPreviewIn) -> Any:
    subcategory = (
        SubCategory.objects.select_related("default_priority")
        .filter(pk=payload.subcategory_id, active=True, category__active=True)
        .first()
    )
    if subcategory is None:
        raise InvalidInput(SUBCATEGORY_UNKNOWN, field="subcategory_id")
    # Exactly what ticket_create does: manual data wins, else the warehouse look-up (an unknown
    # code or an unreachable warehouse is a 422 on tender_code, as on create).
    manual = _manual_tender(payload.manual) if payload.manual is not None else None
    tender = resolve_tender(tender_code=payload.tender_code, manual=manual)
    result = ticket_priority(subcategory=subcategory, tender=tender)
    level = result.level
    return {
        "priority": {"code": level.code, "name": level.name, "rank": level.rank},
        "reasons": result.reasons,
    }

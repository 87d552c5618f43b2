"""``GET /api/v1/dashboard``: the caller's dashboard counters, the same selectors as the
Dashboard page (a plain reporter sees their own tickets, staff their teams' work)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import ConfigDict, Field

from lpse_support.accounts.viewer import viewer_of
from lpse_support.api.schemas_common import AUTH_ERRORS
from lpse_support.dashboard.selectors import reporter_counts, staff_counts

router = Router()


class DashboardOut(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "role": "staff",
                    "baru": 4,
                    "dikerjakan": 2,
                    "feedback": 1,
                    "konfirmasi": 3,
                    "diambil_hari_ini": 5,
                },
                {"role": "reporter", "baru": 1, "dikerjakan": 0, "feedback": 1, "konfirmasi": 0},
            ]
        }
    )

    role: str = Field(description="reporter atau staff", examples=["staff"])
    baru: int = Field(
        description="Belum Diambil (pelapor: tiket saya; petugas: di tim saya)", examples=[4]
    )
    dikerjakan: int = Field(description="Sedang Dikerjakan", examples=[2])
    feedback: int = Field(description="Menunggu Feedback", examples=[1])
    konfirmasi: int = Field(description="Menunggu Konfirmasi", examples=[3])
    diambil_hari_ini: int | None = Field(
        default=None, description="Diambil hari ini (WIB); hanya untuk petugas", examples=[5]
    )


@router.get(
    "/dashboard",
    response={200: DashboardOut, **AUTH_ERRORS},
    summary="Penghitung dashboard pengguna",
    operation_id="dashboard_counts",
)
def dashboard(request: HttpRequest) -> Any:
    viewer = viewer_of(request)
    if viewer.is_plain_reporter:
        return {"role": "reporter", **reporter_counts(viewer)}
    return {"role": "staff", **staff_counts(viewer)}

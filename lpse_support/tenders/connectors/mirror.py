"""The embedded default: tenders read from the local mirror tables (filled by import/seed)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from lpse_support.tenders.connectors.base import TenderData
from lpse_support.tenders.models import Tender, TenderStage


def tender_data_from_model(tender: Tender, *, at: datetime | None = None) -> TenderData:
    stage = tender.current_stage(at)
    return TenderData(
        code=tender.code,
        name=tender.name,
        lpse_name=tender.lpse.name if tender.lpse else "",
        satker=tender.satker,
        fiscal_year=tender.fiscal_year,
        hps=tender.hps,
        pagu=tender.pagu,
        procurement_category=tender.procurement_category,
        method=tender.method,
        spse_build=tender.spse_build,
        stage_name=stage.name if stage else "",
        stage_start=stage.start if stage else None,
        stage_end=stage.end if stage else None,
    )


class MirrorConnector:
    def _queryset(self) -> QuerySet[Tender]:
        now = timezone.now()
        return Tender.objects.select_related("lpse").prefetch_related(
            Prefetch(
                "stages",
                queryset=TenderStage.objects.filter(start__lte=now, end__gt=now).order_by("order"),
            )
        )

    def search(self, query: str, *, limit: int = 10) -> list[TenderData]:
        query = query.replace("\x00", "").strip()  # PostgreSQL text cannot hold NUL
        if not query:
            return []
        condition = Q(code__startswith=query) if query.isdigit() else Q(name__icontains=query)
        tenders = self._queryset().filter(condition).order_by("-fiscal_year", "code")[:limit]
        return [tender_data_from_model(tender) for tender in tenders]

    def get(self, code: str) -> TenderData | None:
        tender = self._queryset().filter(code=code.replace("\x00", "").strip()).first()
        return tender_data_from_model(tender) if tender else None

"""Priority of a ticket from master data + tender data (R-PRI): the bridge between the ORM and
the pure rules of ``tickets/priority.py``. Used at creation, by the live preview and on
reclassification, so all three always agree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from lpse_support.catalog.models import PriorityLevel, SubCategory
from lpse_support.tenders.connectors import TenderData
from lpse_support.tickets.priority import (
    Level,
    PriorityResult,
    PriorityRules,
    TenderSnapshot,
    compute_priority,
)


@dataclass(frozen=True)
class TicketPriority:
    level: PriorityLevel
    result: PriorityResult

    @property
    def reasons(self) -> list[str]:
        return list(self.result.reasons)


def ticket_priority(
    *, subcategory: SubCategory, tender: TenderData | None, now: datetime | None = None
) -> TicketPriority:
    rows = {row.rank: row for row in PriorityLevel.objects.all()}
    levels = [Level(rank=row.rank, name=row.name) for row in rows.values()]
    base_row = subcategory.default_priority
    snapshot = (
        TenderSnapshot(
            code=tender.code,
            stage_name=tender.stage_name or None,
            stage_end=tender.stage_end,
            hps=tender.hps,
        )
        if tender is not None
        else None
    )
    result = compute_priority(
        base=Level(rank=base_row.rank, name=base_row.name),
        deadline_sensitive=subcategory.deadline_sensitive,
        tender=snapshot,
        now=now or timezone.now(),
        levels=levels,
        rules=PriorityRules.from_settings(),
    )
    return TicketPriority(level=rows[result.level.rank], result=result)

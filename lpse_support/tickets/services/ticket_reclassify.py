from __future__ import annotations

from uuid import UUID

from lpse_support.accounts.viewer import ViewerOrUser
from lpse_support.catalog.models import SubCategory
from lpse_support.tenders.connectors import TenderData
from lpse_support.tickets.errors import SubcategoryNotOfTicket
from lpse_support.tickets.models import Ticket
from lpse_support.tickets.services._base import acting_on, named
from lpse_support.tickets.services.priority import ticket_priority
from lpse_support.tickets.workflow import Action


def ticket_reclassify(
    *,
    ticket_number: str,
    actor: ViewerOrUser | None,
    subcategory_id: int,
    idempotency_key: UUID | None = None,
    expected_revision: int | None = None,
) -> Ticket:
    """The assignee changes Kategori / Sub Kategori; priority and reasons are recomputed from the
    ticket's tender snapshot at the time of filing (§4.2.3.2.1)."""
    with acting_on(
        ticket_number=ticket_number,
        actor=actor,
        action=Action.RECLASSIFY,
        idempotency_key=idempotency_key,
        expected_revision=expected_revision,
    ) as acting:
        if acting is None:
            return Ticket.objects.get(number=ticket_number)
        ticket = acting.ticket
        subcategory = (
            SubCategory.objects.select_related("category", "default_priority")
            .filter(pk=subcategory_id, active=True, category__application_id=ticket.application_id)
            .first()
        )
        if subcategory is None:
            raise SubcategoryNotOfTicket()
        before = f"{ticket.category.name} / {ticket.subcategory.name} ({ticket.priority.name})"
        tender = TenderData.from_snapshot(ticket.tender_data) if ticket.tender_data else None
        priority = ticket_priority(subcategory=subcategory, tender=tender, now=ticket.created_at)
        applied = acting.apply(subcategory=subcategory, priority=priority)
        acting.save(*applied.fields)
        after = f"{subcategory.category.name} / {subcategory.name} ({priority.level.name})"
        acting.system_line(f"Kategori diubah oleh {named(acting.user)}: {before} → {after}.")
        acting.record(applied.data, key=idempotency_key)
        return ticket

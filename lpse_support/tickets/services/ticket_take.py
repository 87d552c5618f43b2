from __future__ import annotations

from uuid import UUID

from lpse_support.accounts.viewer import ViewerOrUser
from lpse_support.tickets.models import Ticket
from lpse_support.tickets.services._base import acting_on, named
from lpse_support.tickets.workflow import Action


def ticket_take(
    *,
    ticket_number: str,
    actor: ViewerOrUser | None,
    idempotency_key: UUID | None = None,
    expected_revision: int | None = None,
) -> Ticket:
    """Ambil Tiket: a member of the ticket's team takes a BARU ticket; exactly one of two
    simultaneous takers wins, the other gets "Tiket sudah diambil oleh …"."""
    with acting_on(
        ticket_number=ticket_number,
        actor=actor,
        action=Action.TAKE,
        idempotency_key=idempotency_key,
        expected_revision=expected_revision,
    ) as acting:
        if acting is None:
            return Ticket.objects.get(number=ticket_number)
        ticket = acting.ticket
        applied = acting.apply()
        acting.save(*applied.fields)
        acting.system_line(f"Tiket diambil oleh {named(acting.user)} ({ticket.team.name}).")
        acting.record(applied.data, key=idempotency_key)
        return ticket

from __future__ import annotations

from uuid import UUID

from lpse_support.accounts.viewer import ViewerOrUser
from lpse_support.tickets.models import Ticket
from lpse_support.tickets.services._base import acting_on, person
from lpse_support.tickets.workflow import Action


def ticket_force_close(
    *,
    ticket_number: str,
    actor: ViewerOrUser | None,
    reason: str = "",
    idempotency_key: UUID | None = None,
    expected_revision: int | None = None,
) -> Ticket:
    """Tutup Tiket (§1.2.8): the reporter closes their own open ticket at any stage."""
    with acting_on(
        ticket_number=ticket_number,
        actor=actor,
        action=Action.CLOSE,
        idempotency_key=idempotency_key,
        expected_revision=expected_revision,
    ) as acting:
        if acting is None:
            return Ticket.objects.get(number=ticket_number)
        reason = (reason or "").strip()
        applied = acting.apply(reason=reason)
        acting.save(*applied.fields)
        text = f"Tiket ditutup oleh pelapor {person(acting.user)}."
        if reason:
            text += f" Alasan: {reason}"
        acting.system_line(text)
        acting.record(applied.data, key=idempotency_key)
        return acting.ticket

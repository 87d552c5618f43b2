from __future__ import annotations

from uuid import UUID

from lpse_support.accounts.viewer import ViewerOrUser
from lpse_support.catalog.business_time import load_calendar
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
        ticket = acting.ticket
        ticket.done_at = acting.now
        fields = ["done_at", "feedback_from", "feedback_team", "waiting_since"]
        if ticket.waiting_since is not None:
            # Closed while the reporter was asked: the pause ends here (SLA reports read it).
            paused = load_calendar().business_minutes_between(ticket.waiting_since, acting.now)
            ticket.sla_paused_minutes += paused
            fields.append("sla_paused_minutes")
        ticket.feedback_from = ""
        ticket.feedback_team = None
        ticket.waiting_since = None
        acting.save(*fields)
        text = f"Tiket ditutup oleh pelapor {person(acting.user)}."
        reason = (reason or "").strip()
        if reason:
            text += f" Alasan: {reason}"
        acting.system_line(text)
        acting.record({"reason": reason}, key=idempotency_key)
        return ticket

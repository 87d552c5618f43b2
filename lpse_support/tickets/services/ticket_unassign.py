"""Lepas Tiket: the assignee hands a ticket they are working on back to the team's queue, with a
reason (``Action.UNASSIGN``; the system's own release when someone leaves the team is
``ticket_release.py``)."""

from __future__ import annotations

from uuid import UUID

from lpse_support.accounts.viewer import ViewerOrUser
from lpse_support.tickets.models import Ticket
from lpse_support.tickets.services._base import acting_on, clean_message, person
from lpse_support.tickets.workflow import Action


def ticket_unassign(
    *,
    ticket_number: str,
    actor: ViewerOrUser | None,
    reason: str,
    idempotency_key: UUID | None = None,
    expected_revision: int | None = None,
) -> Ticket:
    """DIKERJAKAN → BARU in the same team, nobody holds it; the reason (≥ 15 characters) is a
    system line in Diskusi and the event's data; the team's members are told."""
    text = clean_message(reason, field_name="reason")
    with acting_on(
        ticket_number=ticket_number,
        actor=actor,
        action=Action.UNASSIGN,
        idempotency_key=idempotency_key,
        expected_revision=expected_revision,
    ) as acting:
        if acting is None:
            return Ticket.objects.get(number=ticket_number)
        ticket = acting.ticket
        applied = acting.apply(reason=text)
        acting.save(*applied.fields)
        acting.system_line(
            f"Tiket dilepas ke antrean {ticket.team.name} oleh {person(acting.user)}. "
            f"Alasan: {text}"
        )
        acting.record(applied.data, key=idempotency_key)
        return ticket

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from django.core.files.uploadedfile import UploadedFile

from lpse_support.accounts.viewer import ViewerOrUser
from lpse_support.tickets.errors import (
    EscalationTargetInvalid,
    EscalationTargetRequired,
    NoEscalationTarget,
)
from lpse_support.tickets.models import Ticket, TicketTeam
from lpse_support.tickets.parties import escalation_targets
from lpse_support.tickets.services._base import acting_on, check_files, clean_message, person
from lpse_support.tickets.workflow import Action


def ticket_escalate(
    *,
    ticket_number: str,
    actor: ViewerOrUser | None,
    message: str,
    target_team_id: int | None = None,
    files: Sequence[UploadedFile] = (),
    idempotency_key: UUID | None = None,
    expected_revision: int | None = None,
) -> Ticket:
    """Eskalasi Tiket: to the next tier's team (``parties.escalation_targets``); BARU there, no
    assignee. With several possible targets (tier 3 → another directorate) one must be chosen."""
    text = clean_message(message)
    checked = check_files(files)
    with acting_on(
        ticket_number=ticket_number,
        actor=actor,
        action=Action.ESCALATE,
        idempotency_key=idempotency_key,
        expected_revision=expected_revision,
    ) as acting:
        if acting is None:
            return Ticket.objects.get(number=ticket_number)
        ticket = acting.ticket
        targets = escalation_targets(ticket)
        if not targets:
            raise NoEscalationTarget()
        if target_team_id is None:
            if len(targets) > 1:
                raise EscalationTargetRequired()
            target = targets[0]
        else:
            found = [team for team in targets if team.pk == target_team_id]
            if not found:
                raise EscalationTargetInvalid()
            target = found[0]
        acting.add_message(text, checked)
        applied = acting.apply(target=target)
        acting.save(*applied.fields)
        # Kept when the ticket was there before (its first ``since`` stands).
        TicketTeam.objects.bulk_create(
            [TicketTeam(ticket=ticket, team=target, since=acting.now)], ignore_conflicts=True
        )
        acting.system_line(f"Tiket dieskalasi ke {target.name} oleh {person(acting.user)}.")
        acting.record(applied.data, key=idempotency_key)
        return ticket

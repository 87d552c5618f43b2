"""Alihkan Tiket and Tarik ke Antrean: a team lead (or a supervisor covering the ticket) gives a
taken ticket to another active member of its team (``Action.REASSIGN``), or pulls it back to the
team's queue (``Action.RECALL``). Both with a reason (≥ 15 characters)."""

from __future__ import annotations

from uuid import UUID

from lpse_support.accounts.models import TeamMembership, User
from lpse_support.accounts.viewer import ViewerOrUser
from lpse_support.tickets.errors import ReassignTargetInvalid, ReassignTargetRequired
from lpse_support.tickets.models import Ticket
from lpse_support.tickets.services._base import acting_on, clean_message, named, person
from lpse_support.tickets.workflow import Action


def reassign_candidates(ticket: Ticket) -> list[User]:
    """Who may receive the ticket: the active accounts in the ticket's (active) team, but not
    the one holding it now — ordered by name."""
    memberships = TeamMembership.objects.filter(
        team_id=ticket.team_id, team__active=True, user__is_active=True
    )
    if ticket.assignee_id is not None:
        memberships = memberships.exclude(user_id=ticket.assignee_id)
    return list(
        User.objects.filter(pk__in=memberships.values("user_id")).order_by("full_name", "username")
    )


def ticket_reassign(
    *,
    ticket_number: str,
    actor: ViewerOrUser | None,
    assignee_id: int | None,
    reason: str,
    idempotency_key: UUID | None = None,
    expected_revision: int | None = None,
) -> Ticket:
    """The ticket goes to ``assignee_id`` (an active member of its team, not its assignee now);
    the status stays. The new and the previous assignee are told."""
    text = clean_message(reason, field_name="reason")
    if assignee_id is None:
        raise ReassignTargetRequired()
    with acting_on(
        ticket_number=ticket_number,
        actor=actor,
        action=Action.REASSIGN,
        idempotency_key=idempotency_key,
        expected_revision=expected_revision,
    ) as acting:
        if acting is None:
            return Ticket.objects.get(number=ticket_number)
        ticket = acting.ticket
        target = next((u for u in reassign_candidates(ticket) if u.pk == assignee_id), None)
        if target is None:
            raise ReassignTargetInvalid(team=ticket.team.name)
        previous = ticket.assignee
        applied = acting.apply(target=target, reason=text)
        acting.save(*applied.fields)
        was = f" dari {named(previous)}" if previous is not None else ""
        acting.system_line(
            f"Tiket dialihkan{was} kepada {named(target)} oleh {person(acting.user)}. "
            f"Alasan: {text}"
        )
        acting.record(applied.data, key=idempotency_key)
        return ticket


def ticket_recall(
    *,
    ticket_number: str,
    actor: ViewerOrUser | None,
    reason: str,
    idempotency_key: UUID | None = None,
    expected_revision: int | None = None,
) -> Ticket:
    """Back to the team's queue (BARU, nobody holds it; a question asked is withdrawn). The
    previous assignee and the team are told."""
    text = clean_message(reason, field_name="reason")
    with acting_on(
        ticket_number=ticket_number,
        actor=actor,
        action=Action.RECALL,
        idempotency_key=idempotency_key,
        expected_revision=expected_revision,
    ) as acting:
        if acting is None:
            return Ticket.objects.get(number=ticket_number)
        ticket = acting.ticket
        previous = ticket.assignee
        asked = bool(ticket.feedback_from)
        applied = acting.apply(reason=text)
        acting.save(*applied.fields)
        was = f" dari {named(previous)}" if previous is not None else ""
        line = (
            f"Tiket ditarik{was} ke antrean {ticket.team.name} oleh {person(acting.user)}. "
            f"Alasan: {text}"
        )
        if asked:
            line += " Permintaan feedback dibatalkan."
        acting.system_line(line)
        acting.record(applied.data, key=idempotency_key)
        return ticket

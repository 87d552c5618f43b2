"""Dikembalikan ke antrean tim: a ticket in the hands of someone who may no longer hold it goes
back to its team's queue (BARU, no assignee), as the system's action ``Action.RELEASE``.

Someone may hold a ticket while their account is active and they are a member of the ticket's
current team, and that team is active. When that stops — the membership is deleted or moved to
another team, the team or the account is deactivated (``tickets/signals.py``) — the rights end at
once (``parties.relations_from`` and ``access.tickets_visible_to`` never rely on the assignment
alone), and this service hands the work back:

By the status of the held ticket:

- Sedang Dikerjakan → Belum Diambil in the same team, assignee cleared.
- Menunggu Feedback (reporter or team asked) → the same; the question is withdrawn and a pause of
  the SLA clock ends as if answered (the next taker asks again if needed).
- Menunggu Konfirmasi → unchanged: the resolution stands and waits for the reporter; if the
  reporter rejects it, ``ticket_reject`` hands it to the queue instead of to the departed resolver.
- Belum Diambil, Selesai, Ditutup → nothing: nobody works on them.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from lpse_support.accounts.models import TeamMembership
from lpse_support.tickets.errors import InvalidTransition
from lpse_support.tickets.models import Ticket
from lpse_support.tickets.services._base import acting_on, named
from lpse_support.tickets.workflow import TRANSITIONS, Action

RELEASABLE = TRANSITIONS[Action.RELEASE].from_statuses


def _holding_memberships() -> QuerySet[TeamMembership]:
    """Memberships that let a ticket's assignee hold it (correlated to the ticket row)."""
    return TeamMembership.objects.filter(
        user_id=OuterRef("assignee_id"),
        team_id=OuterRef("team_id"),
        team__active=True,
        user__is_active=True,
    )


def unheld_tickets(
    *, assignee_id: int | None = None, team_id: int | None = None
) -> QuerySet[Ticket]:
    """Tickets being worked by someone who may no longer hold them, narrowed to one person or
    one team when the caller knows whose standing changed."""
    tickets = Ticket.objects.filter(status__in=RELEASABLE, assignee__isnull=False)
    if assignee_id is not None:
        tickets = tickets.filter(assignee_id=assignee_id)
    if team_id is not None:
        tickets = tickets.filter(team_id=team_id)
    return tickets.exclude(Exists(_holding_memberships()))


def _reason(ticket: Ticket) -> str:
    assignee, team = ticket.assignee, ticket.team
    if assignee is not None and not assignee.is_active:
        return "account_inactive"
    if not team.active:
        return "team_inactive"
    return "left_team"


def ticket_release(*, ticket_number: str) -> Ticket | None:
    """Hand ``ticket_number`` back to its team's queue if its assignee may no longer hold it.
    Locked and re-checked: ``None`` when the assignee may hold it after all (back in the team);
    ``InvalidTransition`` when its status is not one somebody works in (the table refuses)."""
    with acting_on(ticket_number=ticket_number, actor=None, action=Action.RELEASE) as acting:
        assert acting is not None  # no idempotency key: never a repeated submission
        ticket = acting.ticket
        if not unheld_tickets().filter(pk=ticket.pk).exists():
            return None
        departed = ticket.assignee
        assert departed is not None  # an unheld ticket has an assignee
        asked = bool(ticket.feedback_from)
        applied = acting.apply(reason=_reason(ticket))
        acting.save(*applied.fields)
        line = (
            f"Tiket dikembalikan ke antrean {ticket.team.name}: "
            f"{named(departed)} tidak lagi menangani tiket di tim ini."
        )
        if asked:
            line += " Permintaan feedback dibatalkan."
        acting.system_line(line)
        acting.record(applied.data)
        return ticket


def _release_if_still_due(number: str) -> bool:
    try:
        return ticket_release(ticket_number=number) is not None
    except InvalidTransition:
        return False  # resolved, escalated or closed meanwhile: nobody works on it in that status


def release_unheld(*, assignee_id: int | None = None, team_id: int | None = None) -> list[str]:
    """Release every ticket ``unheld_tickets`` finds, each in its own transaction (a savepoint
    inside the caller's): the numbers released."""
    numbers = list(
        unheld_tickets(assignee_id=assignee_id, team_id=team_id)
        .order_by("pk")
        .values_list("number", flat=True)
    )
    return [number for number in numbers if _release_if_still_due(number)]

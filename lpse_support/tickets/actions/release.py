"""Dikembalikan ke antrean tim: the system hands a ticket back to its team's queue when its
assignee may no longer hold it (left the team, team or account deactivated;
``tickets/signals.py``). Not offered on any page. Service: ``services/ticket_release.py``."""

from __future__ import annotations

from lpse_support.tickets.actions.fields import Applied, Move, TicketFields, end_feedback_wait
from lpse_support.tickets.actions.notify import team_members
from lpse_support.tickets.actions.spec import ActionSpec
from lpse_support.tickets.models import TicketEvent
from lpse_support.tickets.workflow import Action

QUEUE = "tim"


def apply(ticket: TicketFields, move: Move, *, reason: str) -> Applied:
    """Nobody holds it; a question asked is withdrawn (its SLA pause ends as if answered).
    ``reason``: ``left_team``, ``team_inactive`` or ``account_inactive``."""
    departed = ticket.assignee
    fields = [*end_feedback_wait(ticket, move, shift_due=True), "assignee"]
    ticket.assignee = None
    departed_id = departed if isinstance(departed, int) or departed is None else departed.pk
    return Applied(fields=tuple(fields), data={"from_assignee": departed_id, "reason": reason})


def title(event: TicketEvent) -> str:
    team = event.team.name if event.team is not None else QUEUE
    return (
        f"Tiket {event.ticket.number} dikembalikan ke antrean {team}: "
        "petugas tidak lagi menanganinya"
    )


# No ``service`` to call through the spec: ``ticket_release`` (``services/ticket_release.py``)
# is run by the system when someone's standing changes, never asked for by a person.
SPEC = ActionSpec(
    action=Action.RELEASE,
    apply=apply,
    recipients=team_members,
    title=title,
)

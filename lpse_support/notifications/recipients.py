"""Who is told about a ticket event (SPEC R-NOTIF). Reads the event's own snapshot (team and
assignee at the time of the action) first, the ticket only for what the event does not carry.

| event | told |
|---|---|
| create | members of the target team |
| take, resolve, reclassify | reporter |
| request_feedback | the one asked: reporter, or members of the team asked |
| give_feedback | assignee |
| escalate | members of the new team, and the reporter |
| reject | the resolver (who gets the ticket back) |
| close, confirm, auto_confirm, rate | the handler (assignee, else resolver) |
| comment | every party: reporter, and the assignee (or the team while nobody holds it) |
| internal_note | assignee and members of the ticket's team — never the reporter |
| release | members of the team whose queue the ticket is back in |

The actor is never told about their own action; inactive accounts are never told; nobody is
told who may not see the ticket now (``access.audience``: e.g. a resolver who left the team), and
news of an internal note reaches only those who may read internal notes.
"""

from __future__ import annotations

from django.db.models import QuerySet

from lpse_support.accounts.models import TeamMembership, User
from lpse_support.tickets.access import audience
from lpse_support.tickets.models import TicketEvent
from lpse_support.tickets.workflow import Action

ASKED_REPORTER = "Pelapor"


def _members(team_id: int | None) -> set[int]:
    if team_id is None:
        return set()
    return set(TeamMembership.objects.filter(team_id=team_id).values_list("user_id", flat=True))


def _handler(event: TicketEvent) -> set[int]:
    ticket = event.ticket
    handler = event.assignee_id or ticket.assignee_id or ticket.resolved_by_id
    return {handler} if handler else set()


def recipient_ids(event: TicketEvent) -> set[int]:
    """User ids to tell about ``event`` (before dropping the actor and inactive accounts)."""
    ticket = event.ticket
    reporter = {ticket.reporter_id}
    action = event.action
    if action == Action.CREATE:
        return _members(event.team_id)
    if action in (Action.TAKE, Action.RESOLVE, Action.RECLASSIFY):
        return reporter
    if action == Action.REQUEST_FEEDBACK:
        if (event.data or {}).get("asked", ASKED_REPORTER) == ASKED_REPORTER:
            return reporter
        return _members(ticket.feedback_team_id or ticket.previous_team_id)
    if action == Action.GIVE_FEEDBACK:
        assignee = event.assignee_id or ticket.assignee_id
        return {assignee} if assignee else set()
    if action == Action.ESCALATE:
        return _members(event.team_id) | reporter
    if action == Action.REJECT:
        resolver = event.assignee_id or ticket.resolved_by_id
        return {resolver} if resolver else set()
    if action in (Action.CLOSE, Action.CONFIRM, Action.AUTO_CONFIRM, Action.RATE):
        return _handler(event)
    if action == Action.COMMENT:
        staff = {event.assignee_id} if event.assignee_id else _members(event.team_id)
        return reporter | staff
    if action == Action.INTERNAL_NOTE:
        staff = _members(event.team_id)
        if event.assignee_id:
            staff.add(event.assignee_id)
        # Staff-only: the reporter never hears of it, even when they are staff themselves.
        return staff - reporter
    if action == Action.RELEASE:
        return _members(event.team_id)
    return set()


def recipients_for(event: TicketEvent) -> QuerySet[User]:
    """The active users to tell about ``event``, never its actor, in a stable order."""
    ids = recipient_ids(event)
    ids.discard(event.actor_id)  # type: ignore[arg-type]
    return audience(event.ticket, ids, internal=event.action == Action.INTERNAL_NOTE).order_by("pk")

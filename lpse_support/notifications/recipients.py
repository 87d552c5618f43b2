"""Who is told about a ticket event (SPEC R-NOTIF). Each action's spec (``tickets/actions/``)
names its recipients from the event's own snapshot (team and assignee at the time of the action)
first, the ticket only for what the event does not carry:

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
| sla_warning | the assignee, or the members of the ticket's team while nobody holds it |
| sla_breach | as sla_warning, and the supervisors covering the ticket (national, its directorate) |

The actor is never told about their own action; inactive accounts are never told; nobody is
told who may not see the ticket now (``access.audience``: e.g. a resolver who left the team), and
news of an internal note or an SLA alert reaches only those who may read internal notes (never
the reporter).
"""

from __future__ import annotations

from django.db.models import QuerySet

from lpse_support.accounts.models import User
from lpse_support.tickets.access import audience
from lpse_support.tickets.actions import registry
from lpse_support.tickets.models import TicketEvent
from lpse_support.tickets.workflow import STAFF_ONLY_ACTIONS


def recipient_ids(event: TicketEvent) -> set[int]:
    """User ids to tell about ``event`` (before dropping the actor and inactive accounts): its
    action's spec says who (``tickets/actions/``)."""
    spec = registry.find(event.action)
    if spec is None or spec.recipients is None:
        return set()
    return spec.recipients(event)


def recipients_for(event: TicketEvent) -> QuerySet[User]:
    """The active users to tell about ``event``, never its actor, in a stable order."""
    ids = recipient_ids(event)
    ids.discard(event.actor_id)  # type: ignore[arg-type]
    return audience(event.ticket, ids, internal=event.action in STAFF_ONLY_ACTIONS).order_by("pk")

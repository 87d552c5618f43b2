"""Workload per agent: actions in the period, and what each holds right now."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce

from lpse_support.reports.period import Period
from lpse_support.reports.selectors_quality import resolution_sla_q
from lpse_support.tickets.models import Ticket, TicketEvent
from lpse_support.tickets.workflow import Action, Status

Row = tuple[object, ...]
WORKING_STATUSES = (Status.DIKERJAKAN, Status.MENUNGGU_FEEDBACK, Status.MENUNGGU_KONFIRMASI)


def workload_by_agent(tickets: QuerySet[Ticket], period: Period) -> list[Row]:
    """(agent, taken in the period, resolved in the period, open tickets assigned now, of which
    past the resolution SLA). Actions count on any ticket in scope, whenever it was filed; the
    last two columns are a snapshot of now, not limited to the period."""
    events = TicketEvent.objects.filter(
        action__in=(Action.TAKE, Action.RESOLVE),
        actor__isnull=False,
        created_at__gte=period.start_at,
        created_at__lt=period.end_before,
    )
    if tickets.query.where:  # an unrestricted scope (admin) needs no semi-join
        events = events.filter(ticket__in=tickets.order_by().values("pk"))
    # Grouped by id only (a hash aggregate); the few names come in their own small query.
    # COUNT(actor) (never NULL here), not COUNT(id): the (action, created_at) index includes
    # actor and ticket, so PostgreSQL answers from the index alone.
    actions = (
        events.order_by()
        .values("actor_id")
        .annotate(
            taken=Count("actor", filter=Q(action=Action.TAKE)),
            resolved=Count("actor", filter=Q(action=Action.RESOLVE)),
        )
        .values_list("actor_id", "taken", "resolved")
    )
    _met, missed, _running = resolution_sla_q(period.now)
    holding = (
        tickets.order_by()
        .filter(status__in=WORKING_STATUSES, assignee__isnull=False)
        .annotate(res_stop=Coalesce("resolved_at", "done_at"))
        .values("assignee_id")
        .annotate(working=Count("id"), overdue=Count("id", filter=missed))
        .values_list("assignee_id", "working", "overdue")
    )
    agents: dict[int, dict[str, Any]] = defaultdict(_blank)
    for actor_id, taken, resolved in actions:
        agents[actor_id].update(taken=taken, resolved=resolved)
    for assignee_id, working, overdue in holding:
        agents[assignee_id].update(working=working, overdue=overdue)
    names = {
        pk: (full_name or "").strip() or username
        for pk, full_name, username in get_user_model()
        .objects.filter(pk__in=list(agents))
        .values_list("pk", "full_name", "username")
    }
    rows = [
        (names.get(pk, str(pk)), a["taken"], a["resolved"], a["working"], a["overdue"])
        for pk, a in agents.items()
    ]
    return sorted(rows, key=lambda row: (-int(str(row[1])), -int(str(row[3])), str(row[0])))


def _blank() -> dict[str, Any]:
    return {"taken": 0, "resolved": 0, "working": 0, "overdue": 0}

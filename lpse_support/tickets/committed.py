"""What a ticket event does once its transaction has committed (issue 15): the live-update change
stamp moves (every node's open pages see it, tickets/live.py) and the Prometheus counters count
it (core/metrics.py). Called from the one place events are written (services/_base.py,
``notify_in_transaction``); nothing here runs for an action that rolled back."""

from __future__ import annotations

from functools import partial

from django.db import transaction

from lpse_support.core import metrics
from lpse_support.tickets.live import publish_change
from lpse_support.tickets.models import TicketEvent
from lpse_support.tickets.workflow import Action


def after_commit(event: TicketEvent) -> None:
    """Schedule ``event_committed`` for the commit of the current transaction."""
    transaction.on_commit(partial(event_committed, event.pk, str(event.action), event.data))


def event_committed(event_id: int, action: str, data: dict[str, object] | None) -> None:
    publish_change(event_id)
    metrics.TICKET_ACTIONS.labels(action=action).inc()
    if action == Action.CREATE:
        metrics.TICKETS_CREATED.inc()
    elif action == Action.SLA_BREACH:
        metrics.SLA_BREACHES.labels(target=str((data or {}).get("target", ""))).inc()

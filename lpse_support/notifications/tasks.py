"""Notifications no longer travel through the task queue: the action's transaction writes them
into the outbox (outbox.py) and the worker sends the e-mails (delivery.py).

This task remains for rows enqueued by the version before the outbox: when such a row runs
after an upgrade it writes the outbox of its event (once), so none of those events loses its
notifications."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from lpse_support.notifications.outbox import write_outbox_once


@task()
def deliver_event_notifications(event_id: int, attempt: int = 1) -> dict[str, Any]:
    return {"event": event_id, "created": write_outbox_once(event_id)}

"""The transactional outbox of ticket events (issue 11): the bell notifications and one e-mail
delivery row per recipient are written inside the action's own transaction, so they commit or
roll back with the action. Nothing can be lost between the commit and a queue: there is no
queue to reach; the worker (``manage.py run_worker``) sends what the outbox holds."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from lpse_support.core import request_id
from lpse_support.notifications.messages import title_for
from lpse_support.notifications.models import EmailDelivery, Notification
from lpse_support.notifications.recipients import recipients_for
from lpse_support.tickets.models import TicketEvent


def write_outbox(event: TicketEvent) -> list[Notification]:
    """The notifications of ``event`` and the e-mails they owe (recipients with an address).
    Must run in the transaction that wrote ``event``."""
    url = reverse("tickets:detail", args=[event.ticket.number])
    title = title_for(event)
    notifications = Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                ticket=event.ticket,
                event=event,
                verb=event.action,
                title=title,
                url=url,
            )
            for user in recipients_for(event)
        ]
    )
    EmailDelivery.objects.bulk_create(
        [
            EmailDelivery(
                notification=notification,
                to=notification.recipient.email,
                request_id=request_id.current(),
            )
            for notification in notifications
            if notification.recipient.email
        ]
    )
    return notifications


def write_outbox_once(event_id: int) -> int:
    """``write_outbox`` for an event that has no notification yet (events recorded before the
    outbox existed, still queued as tasks); returns how many notifications were written."""
    with transaction.atomic():
        event = (
            TicketEvent.objects.select_for_update(of=("self",))
            .select_related("ticket", "actor", "team", "assignee")
            .filter(pk=event_id)
            .first()
        )
        if event is None or Notification.objects.filter(event=event).exists():
            return 0
        return len(write_outbox(event))

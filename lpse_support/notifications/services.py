"""Entry point of ticket side effects: ``tickets.services`` call ``notify_event`` on commit."""

from __future__ import annotations

import logging
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from lpse_support.notifications.models import Notification

logger = logging.getLogger(__name__)


def notify_event(event_id: int) -> None:
    """Hand the event to the background task and return at once. Runs after the action's
    transaction committed; whatever happens here, the action has succeeded and the request
    must not fail, so an unavailable queue is logged, never raised."""
    from lpse_support.notifications import tasks

    try:
        tasks.deliver_event_notifications.enqueue(event_id)
    except Exception:
        logger.exception("Notifikasi event tiket %s tidak dapat dimasukkan ke antrean", event_id)


def unread_count(user: Any, *, cap: int | None = None) -> int:
    """Unread notifications of ``user``, on the (recipient, read_at, created_at) index. With
    ``cap`` (the bell) the query stops after ``cap`` rows instead of counting them all."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if cap is None:
        return unread.count()
    return len(unread.values_list("pk", flat=True)[:cap])


def notifications_of(user: Any) -> QuerySet[Notification]:
    return (
        Notification.objects.filter(recipient=user)
        .select_related("ticket")
        .only("id", "title", "url", "verb", "read_at", "created_at", "ticket__number")
        .order_by("-created_at", "-id")
    )


def mark_read(user: Any, notification_id: int) -> Notification | None:
    """Mark one of ``user``'s notifications read; None when it is not theirs (or missing)."""
    notification = Notification.objects.filter(recipient=user, pk=notification_id).first()
    if notification is None:
        return None
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def mark_all_read(user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )

"""Reading and marking a person's notifications (the bell and the Notifikasi list). They are
written by the ticket actions themselves (outbox.py)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from lpse_support.accounts.viewer import ViewerOrUser
from lpse_support.notifications.models import Notification


def unread_count(user: ViewerOrUser, *, cap: int | None = None) -> int:
    """Unread notifications of ``user``, on the (recipient, read_at, created_at) index. With
    ``cap`` (the bell) the query stops after ``cap`` rows instead of counting them all."""
    unread = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)
    if cap is None:
        return unread.count()
    return len(unread.values_list("pk", flat=True)[:cap])


def notifications_of(user: ViewerOrUser) -> QuerySet[Notification]:
    return (
        Notification.objects.filter(recipient_id=user.pk)
        .select_related("ticket")
        .only("id", "title", "url", "verb", "read_at", "created_at", "ticket__number")
        .order_by("-created_at", "-id")
    )


def mark_read(user: ViewerOrUser, notification_id: int) -> Notification | None:
    """Mark one of ``user``'s notifications read; None when it is not theirs (or missing)."""
    notification = Notification.objects.filter(recipient_id=user.pk, pk=notification_id).first()
    if notification is None:
        return None
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def mark_all_read(user: ViewerOrUser) -> int:
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )

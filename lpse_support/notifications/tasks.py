"""The background job behind every ticket event (SPEC R-NOTIF): write the in-app notifications,
then send one e-mail per recipient. Runs in the task worker (``manage.py db_worker``), never in
the request.

Safe to run twice for the same event: notification rows are unique per (recipient, event) and
each e-mail is claimed (``emailed_at``) before it is sent, so a retry or a second worker neither
duplicates a notification nor sends a mail twice.

django-tasks has no automatic retries, so the task retries itself: when the mail server refuses
or cannot be reached, the mails not sent are left unclaimed and the task enqueues itself again
with ``attempt + 1``, deferred by ``RETRY_DELAYS`` (``run_after``, when the backend supports it),
up to ``MAX_ATTEMPTS``. After the last attempt it logs an error and fails, which the task backend
records (Django admin → Tasks)."""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta
from typing import Any

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from lpse_support.notifications.messages import email_body, email_subject, title_for
from lpse_support.notifications.models import Notification
from lpse_support.notifications.recipients import recipients_for
from lpse_support.tickets.models import TicketEvent

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Wait before attempt 2, 3, 4, 5 (seconds).
RETRY_DELAYS = (60, 300, 900, 3600)
# What a mail server that is down, refusing or unreachable raises.
RETRYABLE = (smtplib.SMTPException, OSError)


class DeliveryFailed(Exception):
    """E-mails of an event still unsent after the last attempt."""


def create_notifications(event: TicketEvent) -> int:
    """The in-app notifications of ``event``; rows that already exist are left alone."""
    url = reverse("tickets:detail", args=[event.ticket.number])
    title = title_for(event)
    rows = [
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
    before = Notification.objects.filter(event=event).count()
    with transaction.atomic():
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return Notification.objects.filter(event=event).count() - before


def _claim(notification: Notification) -> bool:
    """Mark the mail as being sent; False when another run already sent (or is sending) it."""
    now = timezone.now()
    claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
        emailed_at=now
    )
    return claimed == 1


def _unclaim(notification: Notification) -> None:
    Notification.objects.filter(pk=notification.pk).update(emailed_at=None)


def send_emails(event: TicketEvent) -> tuple[int, int]:
    """Send the event's unsent e-mails. Returns (sent, failed); failed ones stay unsent."""
    pending = list(
        Notification.objects.filter(event=event, emailed_at__isnull=True)
        .exclude(recipient__email="")
        .select_related("recipient")
        .order_by("pk")
    )
    if not pending:
        return 0, 0
    connection = get_connection()
    try:
        connection.open()
    except RETRYABLE as exc:
        logger.warning("Server email tidak dapat dihubungi (event %s): %s", event.pk, exc)
        return 0, len(pending)
    sent = failed = 0
    try:
        for notification in pending:
            if not _claim(notification):
                continue
            recipient = notification.recipient
            message = EmailMessage(
                subject=email_subject(notification.title),
                body=email_body(
                    recipient_name=recipient.get_full_name(),
                    title=notification.title,
                    event=event,
                    url=notification.url,
                ),
                to=[recipient.email],
                connection=connection,
            )
            try:
                message.send()
            except RETRYABLE as exc:
                _unclaim(notification)
                failed += 1
                logger.warning(
                    "Email notifikasi %s ke %s gagal: %s", notification.pk, recipient.email, exc
                )
            except BaseException:
                _unclaim(notification)
                raise
            else:
                sent += 1
    finally:
        try:
            connection.close()
        except RETRYABLE as exc:
            logger.warning("Menutup koneksi server email gagal: %s", exc)
    return sent, failed


def schedule_retry(event_id: int, attempt: int) -> bool:
    """Enqueue attempt ``attempt + 1`` after a back-off; False when no attempt is left or the
    queue refused it (both logged)."""
    if attempt >= MAX_ATTEMPTS:
        return False
    delay = timedelta(seconds=RETRY_DELAYS[min(attempt, len(RETRY_DELAYS)) - 1])
    job = deliver_event_notifications
    if job.get_backend().supports_defer:
        job = job.using(run_after=timezone.now() + delay)
    try:
        job.enqueue(event_id, attempt=attempt + 1)
    except Exception:
        logger.exception("Percobaan ulang notifikasi event %s tidak dapat dijadwalkan", event_id)
        return False
    logger.info(
        "Email notifikasi event %s dicoba lagi (percobaan %s dari %s) dalam %s detik",
        event_id,
        attempt + 1,
        MAX_ATTEMPTS,
        int(delay.total_seconds()),
    )
    return True


@task()
def deliver_event_notifications(event_id: int, attempt: int = 1) -> dict[str, Any]:
    event = (
        TicketEvent.objects.select_related("ticket", "actor", "team", "assignee")
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        logger.warning("Event tiket %s tidak ditemukan; notifikasi dilewati", event_id)
        return {"event": event_id, "created": 0, "sent": 0, "failed": 0}
    created = create_notifications(event)
    sent, failed = send_emails(event)
    result = {"event": event_id, "created": created, "sent": sent, "failed": failed}
    if failed:
        if schedule_retry(event_id, attempt):
            result["retry"] = attempt + 1
        else:
            logger.error(
                "Email notifikasi event %s: %s gagal setelah %s percobaan",
                event_id,
                failed,
                attempt,
            )
            raise DeliveryFailed(
                f"{failed} email notifikasi event {event_id} gagal setelah {attempt} percobaan."
            )
    return result

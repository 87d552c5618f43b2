"""Sending the outbox's e-mails (issue 11). The worker claims one due delivery at a time with a
lease, sends it and marks it sent right after the SMTP server accepted it.

Guarantee: every e-mail is sent at least once. A worker killed mid-send leaves its delivery in
``sending``; when the lease runs out (or at once, when a worker with the same id starts again)
it is claimed and sent again. A duplicate is possible only when a worker dies in the moment
between the server's "250 OK" and the UPDATE that marks the row sent.

Claims: PostgreSQL locks the candidate row with ``FOR UPDATE SKIP LOCKED`` so parallel workers
take different rows; SQLite has no row locks, but its IMMEDIATE transactions serialise writers,
and the conditional UPDATE (still due?) decides."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import Error, connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from lpse_support.core import request_id
from lpse_support.notifications.messages import email_body, email_subject
from lpse_support.notifications.models import EmailDelivery, Notification

logger = logging.getLogger(__name__)

Status = EmailDelivery.Status
# The server refused this one message; the next one may still go through the same connection.
MESSAGE_REFUSED = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)
LOST_WORKER = "Pengirim berhenti saat mengirim email ini pada percobaan terakhir."
ERROR_MAX = 1000


def conf(name: str) -> int:
    return int(settings.BACKGROUND_WORKER[name])


def retry_delay(attempts: int) -> timedelta:
    """Wait after failed attempt number ``attempts``: base × 2^(attempts − 1), capped."""
    base = conf("EMAIL_RETRY_BASE_SECONDS")
    seconds = min(conf("EMAIL_RETRY_MAX_SECONDS"), base * 2 ** max(0, attempts - 1))
    return timedelta(seconds=seconds)


def _due(now: datetime) -> Q:
    return Q(status=Status.PENDING, next_attempt_at__lte=now) | Q(
        status=Status.SENDING, claimed_until__lt=now
    )


def claim_next(worker_id: str) -> EmailDelivery | None:
    """Take the next due delivery for ``worker_id`` (attempts + 1, lease from now), or None."""
    while True:
        now = timezone.now()
        if not EmailDelivery.objects.filter(_due(now)).exists():
            return None  # idle: a plain read, no write lock taken (SQLite BEGIN IMMEDIATE)
        with transaction.atomic():
            due = EmailDelivery.objects.filter(_due(now)).order_by("next_attempt_at", "pk")
            if connection.features.has_select_for_update_skip_locked:
                due = due.select_for_update(skip_locked=True)
            row = due.values_list("pk", "attempts").first()
            if row is None:
                return None
            pk, attempts = row
            still_due = EmailDelivery.objects.filter(_due(now), pk=pk)
            if attempts >= conf("EMAIL_MAX_ATTEMPTS"):
                # Only reachable when the worker died on the last attempt: a message that keeps
                # killing workers must not be tried for ever.
                still_due.update(status=Status.FAILED, claimed_until=None, last_error=LOST_WORKER)
                logger.error("Email notifikasi %s gagal: %s", pk, LOST_WORKER)
                continue
            claimed = still_due.update(
                status=Status.SENDING,
                claimed_by=worker_id,
                claimed_until=now + timedelta(seconds=conf("EMAIL_LEASE_SECONDS")),
                attempts=F("attempts") + 1,
            )
        if claimed:
            return EmailDelivery.objects.select_related(
                "notification__recipient", "notification__event__ticket"
            ).get(pk=pk)


def build_message(delivery: EmailDelivery, mail_connection: Any) -> EmailMessage:
    notification = delivery.notification
    return EmailMessage(
        subject=email_subject(notification.title),
        body=email_body(
            recipient_name=notification.recipient.get_full_name(),
            title=notification.title,
            event=notification.event,
            url=notification.url,
        ),
        to=[delivery.to],
        connection=mail_connection,
    )


def _ours(delivery_id: int, worker_id: str) -> QuerySet[EmailDelivery]:
    """The row while this worker still holds its claim (a lost lease must not be overwritten)."""
    return EmailDelivery.objects.filter(pk=delivery_id, status=Status.SENDING, claimed_by=worker_id)


def mark_sent(delivery: EmailDelivery, worker_id: str, sent_at: datetime) -> None:
    """The delivery sent, and its notification's ``emailed_at`` (kept after the purge)."""
    with transaction.atomic():
        updated = _ours(delivery.pk, worker_id).update(
            status=Status.SENT, sent_at=sent_at, claimed_until=None, last_error=""
        )
        Notification.objects.filter(pk=delivery.notification_id).update(emailed_at=sent_at)
    if not updated:
        logger.warning(
            "Email notifikasi %s terkirim setelah klaimnya habis; mungkin terkirim dua kali",
            delivery.pk,
        )


def mark_attempt_failed(delivery: EmailDelivery, worker_id: str, exc: BaseException) -> str:
    """Back to pending with a later retry, or failed after the last attempt; the new status."""
    error = f"{type(exc).__name__}: {exc}"[:ERROR_MAX]
    if delivery.attempts >= conf("EMAIL_MAX_ATTEMPTS"):
        status, values = Status.FAILED, {}
        logger.error(
            "Email notifikasi %s ke %s gagal setelah %s percobaan: %s",
            delivery.pk,
            delivery.to,
            delivery.attempts,
            error,
        )
    else:
        delay = retry_delay(delivery.attempts)
        status, values = Status.PENDING, {"next_attempt_at": timezone.now() + delay}
        logger.warning(
            "Email notifikasi %s ke %s gagal (percobaan %s), dicoba lagi dalam %s detik: %s",
            delivery.pk,
            delivery.to,
            delivery.attempts,
            int(delay.total_seconds()),
            error,
        )
    _ours(delivery.pk, worker_id).update(
        status=status, claimed_until=None, last_error=error, **values
    )
    return status


def release_claims_of(worker_id: str) -> int:
    """At start-up: deliveries this worker id was sending when its previous process died are
    due again at once instead of after their lease."""
    return EmailDelivery.objects.filter(status=Status.SENDING, claimed_by=worker_id).update(
        status=Status.PENDING, next_attempt_at=timezone.now(), claimed_until=None
    )


def resend(deliveries: QuerySet[EmailDelivery]) -> int:
    """Admin "Kirim ulang": due now with fresh attempts, to the recipient's current address.
    Rows being sent right now are left alone."""
    count = 0
    for delivery in deliveries.exclude(status=Status.SENDING).select_related(
        "notification__recipient"
    ):
        count += (
            EmailDelivery.objects.filter(pk=delivery.pk)
            .exclude(status=Status.SENDING)
            .update(
                status=Status.PENDING,
                to=delivery.notification.recipient.email or delivery.to,
                attempts=0,
                next_attempt_at=timezone.now(),
                claimed_by="",
                claimed_until=None,
            )
        )
    return count


def _close(mail_connection: Any) -> None:
    if mail_connection is not None:
        with suppress(Exception):
            mail_connection.close()


@dataclass
class Round:
    sent: int = 0
    failed: int = 0
    server_down: bool = False


@dataclass
class Sender:
    """Sends due deliveries over one SMTP connection per round. Remembers mails the server
    accepted but whose "sent" mark could not be written (the database went away) and writes
    those marks first when the database is back, so they are not sent twice."""

    worker_id: str
    unrecorded: list[tuple[EmailDelivery, datetime]] = field(default_factory=list)
    # The SMTP connection of the current round (opened on the first message).
    _connection: Any = field(default=None, init=False, repr=False)

    def record_unrecorded(self) -> None:
        while self.unrecorded:
            delivery, sent_at = self.unrecorded[0]
            mark_sent(delivery, self.worker_id, sent_at)
            self.unrecorded.pop(0)

    def deliver_due(
        self, *, limit: int = 50, should_stop: Callable[[], bool] = lambda: False
    ) -> Round:
        result = Round()
        self._connection = None
        try:
            while result.sent + result.failed < limit and not should_stop():
                delivery = claim_next(self.worker_id)
                if delivery is None:
                    break
                # The log lines of this e-mail carry the id of the request that caused it.
                with request_id.bound(delivery.request_id):
                    if not self._send_one(delivery, result):
                        break
        finally:
            _close(self._connection)
            self._connection = None
        return result

    def _send_one(self, delivery: EmailDelivery, result: Round) -> bool:
        """Send one claimed delivery; False when the mail server is down (stop this round)."""
        try:
            if self._connection is None:
                self._connection = get_connection(fail_silently=False)
                self._connection.open()
            if build_message(delivery, self._connection).send() != 1:
                raise smtplib.SMTPException("Server email tidak menerima pesan.")
        except Error:
            raise  # the database, not the mail: the worker's back-off handles it
        except Exception as exc:
            result.failed += 1
            _close(self._connection)
            self._connection = None
            mark_attempt_failed(delivery, self.worker_id, exc)
            if isinstance(exc, MESSAGE_REFUSED):
                return True  # this message only: go on with the next
            result.server_down = True
            return False
        result.sent += 1
        self.unrecorded.append((delivery, timezone.now()))
        self.record_unrecorded()
        return True

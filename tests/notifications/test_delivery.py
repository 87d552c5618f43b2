"""The outbox: a ticket action writes its notifications and one e-mail delivery per recipient
in its own transaction; the worker sends each e-mail, marks it sent, retries failures with
back-off and finally marks them failed — never failing the ticket action."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lpse_support.notifications import tasks
from lpse_support.notifications.delivery import retry_delay
from lpse_support.notifications.models import EmailDelivery, Notification
from lpse_support.tickets.committed import event_committed
from lpse_support.tickets.models import Ticket, TicketEvent
from lpse_support.tickets.services.ticket_comment import ticket_comment
from lpse_support.tickets.services.ticket_take import ticket_take
from lpse_support.tickets.workflow import Action, Status
from tests.notifications.helpers import deliver, last_event, make_due
from tests.support.ticket_world import TicketWorld, make_ticket

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
Sent = EmailDelivery.Status


class FailingEmailBackend(BaseEmailBackend):
    """A mail server that refuses every message; counts the attempts."""

    attempts = 0

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        type(self).attempts += 1
        raise smtplib.SMTPException("421 Service not available")


@pytest.fixture
def failing_mail(settings: Any) -> type[FailingEmailBackend]:
    FailingEmailBackend.attempts = 0
    settings.EMAIL_BACKEND = f"{__name__}.FailingEmailBackend"
    return FailingEmailBackend


@pytest.fixture
def new_ticket(ticket_world: TicketWorld) -> Ticket:
    """A BARU ticket; its creation's outbox rows are cleared so tests see only their own."""
    ticket = make_ticket(ticket_world)
    Notification.objects.all().delete()
    return ticket


def test_action_writes_notifications_and_deliveries_in_its_own_transaction(
    settings: Any,
    ticket_world: TicketWorld,
    new_ticket: Ticket,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    settings.TASKS = DATABASE_TASKS
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ticket_take(ticket_number=new_ticket.number, actor=ticket_world.staff_lpse)
    # Only the in-memory after-commit effects (live stamp, metrics) wait for the commit; no row.
    waiting = [getattr(callback, "func", callback) for callback in callbacks]
    assert waiting == [event_committed], "the rows are part of the action"
    event = last_event(new_ticket.number)
    assert event.action == Action.TAKE
    notification = Notification.objects.get()
    assert (notification.recipient, notification.event) == (ticket_world.reporter_a, event)
    delivery = EmailDelivery.objects.get()
    assert delivery.notification == notification
    assert delivery.to == ticket_world.reporter_a.email
    assert (delivery.status, delivery.attempts, delivery.sent_at) == (Sent.PENDING, 0, None)
    assert delivery.next_attempt_at <= timezone.now()
    assert not DBTaskResult.objects.exists(), "no task queue between the action and the outbox"
    assert mail.outbox == [], "the request never talks to the mail server"


def test_rolled_back_action_leaves_no_outbox_rows(
    ticket_world: TicketWorld, new_ticket: Ticket
) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        ticket_take(ticket_number=new_ticket.number, actor=ticket_world.staff_lpse)
        assert EmailDelivery.objects.count() == 1
        raise RuntimeError("the action's transaction fails after the event")
    assert Ticket.objects.get(pk=new_ticket.pk).status == Status.BARU
    assert not TicketEvent.objects.filter(ticket=new_ticket, action=Action.TAKE).exists()
    assert not Notification.objects.exists()
    assert not EmailDelivery.objects.exists()


def test_ticket_creation_writes_its_outbox_too(ticket_world: TicketWorld) -> None:
    ticket = make_ticket(ticket_world)
    event = last_event(ticket.number)
    assert event.action == Action.CREATE
    assert list(Notification.objects.values_list("event", "recipient")) == [
        (event.pk, ticket_world.staff_lpse.pk)
    ]
    assert list(EmailDelivery.objects.values_list("to", "status")) == [
        (ticket_world.staff_lpse.email, Sent.PENDING)
    ]


def test_worker_sends_the_email_and_marks_it_sent(
    ticket_world: TicketWorld, new_ticket: Ticket
) -> None:
    ticket_take(ticket_number=new_ticket.number, actor=ticket_world.staff_lpse)
    assert deliver().sent == 1
    notification = Notification.objects.get()
    assert notification.recipient == ticket_world.reporter_a
    assert notification.ticket == new_ticket
    assert notification.read_at is None and notification.emailed_at is not None
    assert notification.url == f"/tiket/{new_ticket.number}/"
    assert new_ticket.number in notification.title
    assert ticket_world.staff_lpse.get_full_name() in notification.title
    delivery = EmailDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Sent.SENT, 1)
    assert delivery.sent_at == notification.emailed_at
    assert delivery.claimed_until is None
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [ticket_world.reporter_a.email]
    assert new_ticket.number in sent.subject
    assert new_ticket.title in sent.body
    assert notification.url in sent.body
    assert "Sedang Dikerjakan" in sent.body


def test_second_round_and_a_legacy_task_duplicate_nothing(
    ticket_world: TicketWorld, new_ticket: Ticket
) -> None:
    ticket_take(ticket_number=new_ticket.number, actor=ticket_world.staff_lpse)
    event = last_event(new_ticket.number)
    deliver()
    assert deliver().sent == 0
    # A task row enqueued by the version before the outbox, run after the upgrade.
    assert tasks.deliver_event_notifications.call(event.pk) == {"event": event.pk, "created": 0}
    assert Notification.objects.count() == 1
    assert EmailDelivery.objects.count() == 1
    assert len(mail.outbox) == 1


def test_legacy_task_writes_the_outbox_of_an_event_that_has_none(
    ticket_world: TicketWorld, new_ticket: Ticket
) -> None:
    ticket_take(ticket_number=new_ticket.number, actor=ticket_world.staff_lpse)
    event = last_event(new_ticket.number)
    Notification.objects.all().delete()  # as the old version left it: queued, not yet run
    assert tasks.deliver_event_notifications.call(event.pk)["created"] == 1
    assert EmailDelivery.objects.get().to == ticket_world.reporter_a.email
    missing = TicketEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    assert tasks.deliver_event_notifications.call(missing + 1)["created"] == 0


def test_recipient_without_email_gets_the_in_app_notification_only(
    ticket_world: TicketWorld, new_ticket: Ticket
) -> None:
    type(ticket_world.reporter_a).objects.filter(pk=ticket_world.reporter_a.pk).update(email="")
    ticket_take(ticket_number=new_ticket.number, actor=ticket_world.staff_lpse)
    assert Notification.objects.filter(recipient=ticket_world.reporter_a).exists()
    assert not EmailDelivery.objects.exists()
    deliver()
    assert mail.outbox == []


def test_internal_note_reaches_staff_only(ticket_world: TicketWorld, new_ticket: Ticket) -> None:
    world = ticket_world
    ticket_take(ticket_number=new_ticket.number, actor=world.staff_lpse)
    Notification.objects.all().delete()
    helper = type(world.staff_lpse).objects.create_user(
        username="helpdesk_mks_2", email="mks2@contoh.go.id", full_name="Rina", password="x"
    )
    world.team_lpse.members.add(helper)
    ticket_comment(
        ticket_number=new_ticket.number,
        actor=world.staff_lpse,
        message="Cek log server.",
        internal=True,
    )
    deliver()
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == [
        "helpdesk_mks_2"
    ]
    assert [m.to for m in mail.outbox] == [["mks2@contoh.go.id"]]
    assert not Notification.objects.filter(recipient=world.reporter_a).exists()


def test_failing_mail_server_never_fails_the_action_and_is_retried_until_failed(
    settings: Any,
    failing_mail: type[FailingEmailBackend],
    caplog: pytest.LogCaptureFixture,
    ticket_world: TicketWorld,
    new_ticket: Ticket,
) -> None:
    settings.BACKGROUND_WORKER = {**settings.BACKGROUND_WORKER, "EMAIL_MAX_ATTEMPTS": 3}
    ticket_take(ticket_number=new_ticket.number, actor=ticket_world.staff_lpse)
    assert Ticket.objects.get(pk=new_ticket.pk).status == Status.DIKERJAKAN
    with caplog.at_level(logging.INFO, logger="lpse_support.notifications.delivery"):
        for attempt in range(1, 4):
            round_ = deliver()
            assert (round_.sent, round_.failed, round_.server_down) == (0, 1, True)
            delivery = EmailDelivery.objects.get()
            assert delivery.attempts == attempt
            assert "421 Service not available" in delivery.last_error
            assert deliver().failed == 0, "not due again before its back-off"
            make_due()
    assert (delivery.status, failing_mail.attempts) == (Sent.FAILED, 3)
    assert deliver().failed == 0, "a failed e-mail is not tried again by itself"
    assert Notification.objects.get().emailed_at is None  # the bell line is there anyway
    assert "dicoba lagi dalam 60 detik" in caplog.text
    assert "gagal setelah 3 percobaan" in caplog.text


def test_failed_attempt_waits_its_back_off_then_goes_out_when_the_server_is_back(
    settings: Any,
    failing_mail: type[FailingEmailBackend],
    ticket_world: TicketWorld,
    new_ticket: Ticket,
) -> None:
    ticket_take(ticket_number=new_ticket.number, actor=ticket_world.staff_lpse)
    before = timezone.now()
    deliver()
    delivery = EmailDelivery.objects.get()
    assert delivery.status == Sent.PENDING
    delay = retry_delay(1)
    assert before + delay <= delivery.next_attempt_at <= timezone.now() + delay

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deliver().sent == 0
    make_due()
    assert deliver().sent == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (Sent.SENT, 2, "")
    assert len(mail.outbox) == 1


def test_back_off_doubles_up_to_its_cap(settings: Any) -> None:
    settings.BACKGROUND_WORKER = {
        **settings.BACKGROUND_WORKER,
        "EMAIL_RETRY_BASE_SECONDS": 60,
        "EMAIL_RETRY_MAX_SECONDS": 600,
    }
    assert [retry_delay(n).total_seconds() for n in range(1, 7)] == [60, 120, 240, 480, 600, 600]


def test_refused_recipient_does_not_hold_up_the_others(
    settings: Any, ticket_world: TicketWorld, new_ticket: Ticket
) -> None:
    other = make_ticket(ticket_world, reporter=ticket_world.reporter_b)
    Notification.objects.all().delete()
    ticket_take(ticket_number=new_ticket.number, actor=ticket_world.staff_lpse)
    ticket_take(ticket_number=other.number, actor=ticket_world.staff_lpse)
    refused = ticket_world.reporter_a.email
    settings.EMAIL_BACKEND = f"{__name__}.RefusingEmailBackend"
    RefusingEmailBackend.refused = refused
    round_ = deliver()
    assert (round_.sent, round_.failed, round_.server_down) == (1, 1, False)
    assert EmailDelivery.objects.get(to=refused).status == Sent.PENDING
    assert EmailDelivery.objects.get(to=ticket_world.reporter_b.email).status == Sent.SENT


class RefusingEmailBackend(BaseEmailBackend):
    """A server that refuses one address and accepts the rest."""

    refused = ""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            if self.refused in message.to:
                raise smtplib.SMTPRecipientsRefused({self.refused: (550, b"No such user")})
        return len(email_messages)

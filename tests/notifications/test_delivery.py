"""notify_event → one background task per event → notifications and e-mails, idempotent, with
retries when the mail server fails, never failing the ticket action."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lpse_support.notifications import tasks
from lpse_support.notifications.models import Notification
from lpse_support.notifications.services import notify_event
from lpse_support.tickets.models import Ticket, TicketEvent
from lpse_support.tickets.services.ticket_comment import ticket_comment
from lpse_support.tickets.services.ticket_take import ticket_take
from lpse_support.tickets.workflow import Action, Status
from tests.notifications.helpers import last_event
from tests.tickets.conftest import TicketWorld, make_ticket

pytestmark = pytest.mark.django_db

TASK_PATH = "lpse_support.notifications.tasks.deliver_event_notifications"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


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
    """A BARU ticket whose creation was not yet delivered (its on-commit never ran)."""
    return make_ticket(ticket_world)


def test_notify_event_enqueues_one_task_per_event_after_commit(
    settings: Any,
    ticket_world: TicketWorld,
    new_ticket: Ticket,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    settings.TASKS = DATABASE_TASKS
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ticket_take(ticket_number=new_ticket.number, actor=ticket_world.staff_lpse)
    assert not DBTaskResult.objects.exists(), "nothing is enqueued before the commit"
    for callback in callbacks:
        callback()
    event = last_event(new_ticket.number)
    assert event.action == Action.TAKE
    queued = list(DBTaskResult.objects.all())
    assert [(row.task_path, row.args_kwargs["args"]) for row in queued] == [(TASK_PATH, [event.pk])]
    assert not Notification.objects.exists(), "the request only enqueues; the worker delivers"


def test_ticket_creation_is_enqueued_too(
    settings: Any,
    ticket_world: TicketWorld,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    settings.TASKS = DATABASE_TASKS
    with django_capture_on_commit_callbacks(execute=True):
        ticket = make_ticket(ticket_world)
    event = last_event(ticket.number)
    assert event.action == Action.CREATE
    assert [row.args_kwargs["args"] for row in DBTaskResult.objects.all()] == [[event.pk]]


def test_task_creates_notifications_and_emails(
    ticket_world: TicketWorld,
    new_ticket: Ticket,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        ticket_take(ticket_number=new_ticket.number, actor=ticket_world.staff_lpse)
    event = last_event(new_ticket.number)
    notification = Notification.objects.get()
    assert notification.recipient == ticket_world.reporter_a
    assert notification.event == event
    assert notification.ticket == new_ticket
    assert notification.read_at is None and notification.emailed_at is not None
    assert notification.url == f"/tiket/{new_ticket.number}/"
    assert new_ticket.number in notification.title
    assert ticket_world.staff_lpse.get_full_name() in notification.title
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [ticket_world.reporter_a.email]
    assert new_ticket.number in sent.subject
    assert new_ticket.title in sent.body
    assert notification.url in sent.body
    assert "Sedang Dikerjakan" in sent.body


def test_second_run_for_the_same_event_duplicates_nothing(
    ticket_world: TicketWorld,
    new_ticket: Ticket,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        ticket_take(ticket_number=new_ticket.number, actor=ticket_world.staff_lpse)
    event = last_event(new_ticket.number)
    result = tasks.deliver_event_notifications.call(event.pk)
    assert result == {"event": event.pk, "created": 0, "sent": 0, "failed": 0}
    notify_event(event.pk)
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_recipient_without_email_gets_the_in_app_notification_only(
    ticket_world: TicketWorld,
    new_ticket: Ticket,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    type(ticket_world.reporter_a).objects.filter(pk=ticket_world.reporter_a.pk).update(email="")
    with django_capture_on_commit_callbacks(execute=True):
        ticket_take(ticket_number=new_ticket.number, actor=ticket_world.staff_lpse)
    assert Notification.objects.filter(recipient=ticket_world.reporter_a).exists()
    assert mail.outbox == []


def test_internal_note_reaches_staff_only(
    ticket_world: TicketWorld,
    new_ticket: Ticket,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    world = ticket_world
    ticket_take(ticket_number=new_ticket.number, actor=world.staff_lpse)
    helper = type(world.staff_lpse).objects.create_user(
        username="helpdesk_mks_2", email="mks2@contoh.go.id", full_name="Rina", password="x"
    )
    world.team_lpse.members.add(helper)
    with django_capture_on_commit_callbacks(execute=True):
        ticket_comment(
            ticket_number=new_ticket.number,
            actor=world.staff_lpse,
            message="Cek log server.",
            internal=True,
        )
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == [
        "helpdesk_mks_2"
    ]
    assert [m.to for m in mail.outbox] == [["mks2@contoh.go.id"]]
    assert not Notification.objects.filter(recipient=world.reporter_a).exists()


def test_unavailable_queue_does_not_fail_the_action(
    settings: Any,
    caplog: pytest.LogCaptureFixture,
    ticket_world: TicketWorld,
    new_ticket: Ticket,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    settings.TASKS = {"default": {"BACKEND": "lpse_support.notifications.MissingBackend"}}
    with (
        caplog.at_level(logging.ERROR, logger="lpse_support.notifications.services"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        ticket_take(ticket_number=new_ticket.number, actor=ticket_world.staff_lpse)
    assert Ticket.objects.get(pk=new_ticket.pk).status == Status.DIKERJAKAN
    assert "tidak dapat dimasukkan ke antrean" in caplog.text


def test_failing_mail_server_does_not_fail_the_action_and_is_retried(
    failing_mail: type[FailingEmailBackend],
    caplog: pytest.LogCaptureFixture,
    ticket_world: TicketWorld,
    new_ticket: Ticket,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    """Immediate backend: the retries run at once, so all attempts happen inside the test."""
    with (
        caplog.at_level(logging.INFO, logger="lpse_support.notifications.tasks"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        ticket_take(ticket_number=new_ticket.number, actor=ticket_world.staff_lpse)
    assert Ticket.objects.get(pk=new_ticket.pk).status == Status.DIKERJAKAN
    notification = Notification.objects.get()  # the in-app notification is there anyway
    assert notification.emailed_at is None  # … and its e-mail is still owed
    assert failing_mail.attempts == tasks.MAX_ATTEMPTS
    assert "percobaan 2 dari" in caplog.text
    assert f"gagal setelah {tasks.MAX_ATTEMPTS} percobaan" in caplog.text


def test_failed_mail_schedules_a_deferred_retry_in_the_queue(
    settings: Any,
    failing_mail: type[FailingEmailBackend],
    ticket_world: TicketWorld,
    new_ticket: Ticket,
) -> None:
    settings.TASKS = DATABASE_TASKS
    ticket_take(ticket_number=new_ticket.number, actor=ticket_world.staff_lpse)
    event = last_event(new_ticket.number)
    before = timezone.now()

    result = tasks.deliver_event_notifications.call(event.pk)

    assert result == {"event": event.pk, "created": 1, "sent": 0, "failed": 1, "retry": 2}
    retry = DBTaskResult.objects.get()
    assert retry.task_path == TASK_PATH
    assert retry.args_kwargs == {"args": [event.pk], "kwargs": {"attempt": 2}}
    delay = timedelta(seconds=tasks.RETRY_DELAYS[0])
    assert before + delay <= retry.run_after <= timezone.now() + delay

    # The server is back: the retry sends the owed mail and schedules nothing more.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    result = tasks.deliver_event_notifications.call(event.pk, attempt=2)
    assert result == {"event": event.pk, "created": 0, "sent": 1, "failed": 0}
    assert len(mail.outbox) == 1
    assert DBTaskResult.objects.count() == 1
    assert Notification.objects.get().emailed_at is not None


def test_last_attempt_fails_the_task_without_scheduling_more(
    settings: Any,
    failing_mail: type[FailingEmailBackend],
    ticket_world: TicketWorld,
    new_ticket: Ticket,
) -> None:
    settings.TASKS = DATABASE_TASKS
    ticket_take(ticket_number=new_ticket.number, actor=ticket_world.staff_lpse)
    event = last_event(new_ticket.number)
    with pytest.raises(tasks.DeliveryFailed):
        tasks.deliver_event_notifications.call(event.pk, attempt=tasks.MAX_ATTEMPTS)
    assert not DBTaskResult.objects.exists()


def test_task_for_a_vanished_event_does_nothing(db: None) -> None:
    missing = (TicketEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    assert tasks.deliver_event_notifications.call(missing)["created"] == 0

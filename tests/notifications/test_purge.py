"""Finished task rows and sent e-mail deliveries are purged after the retention; what is still
owed (pending, failed) and the bell notifications stay."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lpse_support.notifications.models import EmailDelivery, Notification
from lpse_support.notifications.upkeep import purge_finished
from tests.support.outbox import outbox_rows
from tests.support.ticket_world import TicketWorld

pytestmark = pytest.mark.django_db

Sent = EmailDelivery.Status


@task()
def noop() -> None:
    return None


def _ago(days: float) -> Any:
    return timezone.now() - timedelta(days=days)


def _task_row(status: str, finished_days_ago: float | None) -> str:
    result = noop.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(
        status=status,
        finished_at=None if finished_days_ago is None else _ago(finished_days_ago),
    )
    return str(result.id)


@pytest.fixture
def history(settings: Any, ticket_world: TicketWorld) -> dict[str, Any]:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.BACKGROUND_WORKER = {**settings.BACKGROUND_WORKER, "RETENTION_DAYS": 30}
    old_sent, new_sent, old_failed, old_pending = outbox_rows(ticket_world, 4)
    EmailDelivery.objects.filter(pk=old_sent.pk).update(status=Sent.SENT, sent_at=_ago(31))
    EmailDelivery.objects.filter(pk=new_sent.pk).update(status=Sent.SENT, sent_at=_ago(29))
    EmailDelivery.objects.filter(pk=old_failed.pk).update(status=Sent.FAILED)
    EmailDelivery.objects.filter(pk__in=[old_failed.pk, old_pending.pk]).update(created_at=_ago(60))
    return {
        "emails_kept": {new_sent.pk, old_failed.pk, old_pending.pk},
        "tasks_gone": {
            _task_row(TaskResultStatus.SUCCESSFUL, 31),
            _task_row(TaskResultStatus.FAILED, 40),
        },
        "tasks_kept": {
            _task_row(TaskResultStatus.SUCCESSFUL, 29),
            _task_row(TaskResultStatus.READY, None),
            _task_row(TaskResultStatus.RUNNING, None),
        },
    }


def test_purge_deletes_only_finished_history_past_the_retention(history: dict[str, Any]) -> None:
    notifications = Notification.objects.count()

    purged = purge_finished()

    assert (purged.tasks, purged.emails) == (2, 1)
    assert set(EmailDelivery.objects.values_list("pk", flat=True)) == history["emails_kept"]
    remaining = {str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)}
    assert remaining == history["tasks_kept"]
    assert Notification.objects.count() == notifications, "the bell keeps its history"


def test_command_purges_with_its_own_retention(history: dict[str, Any]) -> None:
    out = StringIO()
    call_command("purge_finished_jobs", "--days", "0", stdout=out)
    assert "Dihapus: 3 baris tugas selesai dan 2 email terkirim yang lebih dari 0 hari." in (
        out.getvalue()
    )
    with pytest.raises(CommandError, match="tidak boleh negatif"):
        call_command("purge_finished_jobs", "--days", "-1")

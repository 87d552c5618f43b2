"""The background backlog read from the database: django-tasks' queue by status and the e-mail
outbox by status — one grouped query each, shared by /readyz and the /metrics collector."""

from __future__ import annotations

from django.db.models import Count
from django_tasks_db.models import DBTaskResult

from lpse_support.notifications.models import EmailDelivery


def task_counts() -> dict[str, int]:
    """Task rows per status (READY, RUNNING, SUCCESSFUL, FAILED), every status present."""
    counts = {"READY": 0, "RUNNING": 0, "SUCCESSFUL": 0, "FAILED": 0}
    for row in DBTaskResult.objects.values("status").annotate(n=Count("pk")).order_by():
        counts[str(row["status"])] = int(row["n"])
    return counts


def email_counts() -> dict[str, int]:
    """E-mail deliveries per status (pending, sending, sent, failed), every status present."""
    counts = {status.value: 0 for status in EmailDelivery.Status}
    for row in EmailDelivery.objects.values("status").annotate(n=Count("pk")).order_by():
        counts[str(row["status"])] = int(row["n"])
    return counts

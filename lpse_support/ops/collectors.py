"""Metrics read from the database when Prometheus scrapes (issue 15): the task queue and the
e-mail outbox by status, tickets past their SLA due time right now, and the SLA breaches on
record. Read at scrape time, they are the same whichever process answers the scrape."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from django.db.models import Count
from django.utils import timezone
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from lpse_support.ops.backlog import email_counts, task_counts
from lpse_support.tickets.models import Ticket, TicketEvent
from lpse_support.tickets.workflow import Action

logger = logging.getLogger(__name__)


class DatabaseCollector(Collector):
    def collect(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
        up = GaugeMetricFamily(
            "lpse_metrics_database_up", "1 when the scrape could read the database metrics."
        )
        try:
            families = list(self._families())
        except Exception:
            logger.warning("Metrik basis data tidak terbaca", exc_info=True)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from families

    def _families(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
        tasks = GaugeMetricFamily(
            "lpse_tasks",
            "Background task rows by status (READY is the queue depth).",
            labels=["status"],
        )
        for status, count in task_counts().items():
            tasks.add_metric([status], count)
        yield tasks
        emails = GaugeMetricFamily(
            "lpse_email_deliveries", "E-mail outbox rows by status.", labels=["status"]
        )
        for status, count in email_counts().items():
            emails.add_metric([status], count)
        yield emails
        now = timezone.now()
        overdue = GaugeMetricFamily(
            "lpse_tickets_overdue",
            "Tickets past their SLA due time now, by target (response, resolution).",
            labels=["target"],
        )
        overdue.add_metric(
            ["response"],
            Ticket.objects.filter(first_response_at__isnull=True, response_due_at__lt=now)
            .exclude(done_at__isnull=False)
            .count(),
        )
        overdue.add_metric(
            ["resolution"],
            Ticket.objects.filter(
                done_at__isnull=True, waiting_since__isnull=True, resolution_due_at__lt=now
            ).count(),
        )
        yield overdue
        recorded = CounterMetricFamily(
            "lpse_sla_breaches_recorded",
            "SLA breaches on record (every process, since the start), by target.",
            labels=["target"],
        )
        rows = (
            TicketEvent.objects.filter(action=Action.SLA_BREACH)
            .values("data__target")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in rows:
            recorded.add_metric([str(row["data__target"] or "")], int(row["n"]))
        yield recorded

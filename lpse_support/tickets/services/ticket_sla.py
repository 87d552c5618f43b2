"""SLA alerts (issue 14 item 6): the system warns the ticket's staff when ``SLA_WARNING_PERCENT``
of a response or resolution target has passed, and tells them and the supervisors when the
target is missed — once per ticket per (alert, target). ``sla_watch`` is the periodic job
(``notifications/schedule.py``, ``manage.py sla_watch``); ``ticket_sla_alert`` records one alert.

The targets, in business minutes counted from the filing (as ``ticket_create`` and Ubah Kategori
compute the due times):

- response: ``priority.response_minutes`` while nobody took the ticket yet
  (``first_response_at`` empty);
- resolution: ``priority.resolution_minutes`` + the minutes the clock was paused, while the work
  is not done and the clock runs (not waiting for the reporter's feedback, not waiting for the
  reporter's confirmation).

A warning is raised only before the target is missed; a breach when ``now`` reaches the due
time. An alert changes no field of the ticket and raises no revision (an agent's open form stays
valid): it is an event, and its notifications and e-mails come from the outbox like any other.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from lpse_support.catalog.business_time import BusinessCalendar, load_calendar
from lpse_support.catalog.models import PriorityLevel
from lpse_support.tickets.errors import ALERT_RECORDED, InvalidTransition, TicketChanged
from lpse_support.tickets.models import Ticket, TicketEvent
from lpse_support.tickets.services._base import acting_on
from lpse_support.tickets.workflow import SLA_RESOLUTION, SLA_RESPONSE, SLA_STATUSES, Action

logger = logging.getLogger("lpse_support.tickets")

RESPONSE = SLA_RESPONSE
RESOLUTION = SLA_RESOLUTION
TARGETS = (RESPONSE, RESOLUTION)
ALERTS = (Action.SLA_WARNING, Action.SLA_BREACH)


def warning_percent() -> int:
    return int(settings.LPSE_SUPPORT["SLA_WARNING_PERCENT"])


def _check(action: str, target: str) -> None:
    if action not in ALERTS:
        raise ValueError(f"{action!r} is not an SLA alert.")
    if target not in TARGETS:
        raise ValueError(f"{target!r} is not an SLA target.")


def alert_recorded(action: str, target: str) -> QuerySet[TicketEvent]:
    """Events of this alert on any ticket (correlate with ``ticket_id=OuterRef("pk")``)."""
    return TicketEvent.objects.filter(action=action, data__target=target)


def ticket_sla_alert(
    *,
    ticket_number: str,
    action: str,
    target: str,
    expected_revision: int | None = None,
) -> Ticket:
    """Record the SLA alert ``action`` (warning or breach) for ``target`` on the ticket, as the
    system. Refused (``TicketChanged``) when the ticket moved since it was listed
    (``expected_revision``) or already has this alert: once per ticket per (alert, target)."""
    _check(action, target)
    with acting_on(
        ticket_number=ticket_number,
        actor=None,
        action=action,
        expected_revision=expected_revision,
    ) as acting:
        assert acting is not None
        if alert_recorded(action, target).filter(ticket=acting.ticket).exists():
            raise TicketChanged(reason=ALERT_RECORDED)
        applied = acting.apply(target=target)
        acting.record(applied.data)
        return acting.ticket


@dataclass
class Candidate:
    number: str
    revision: int
    action: str
    target: str


@dataclass
class WatchSummary:
    """What one run of the watch did: the alerts raised as (ticket number, action, target)
    and how many listed alerts were skipped because the ticket changed meanwhile."""

    raised: list[tuple[str, str, str]] = field(default_factory=list)
    skipped: int = 0

    def count(self, action: str) -> int:
        return sum(1 for _number, done, _target in self.raised if done == action)

    def __str__(self) -> str:
        return (
            f"{self.count(Action.SLA_WARNING)} peringatan SLA, "
            f"{self.count(Action.SLA_BREACH)} batas SLA terlewati, {self.skipped} dilewati"
        )


def _running(target: str) -> QuerySet[Ticket]:
    """Tickets whose ``target`` clock runs now."""
    tickets = Ticket.objects.filter(status__in=SLA_STATUSES)
    if target == RESPONSE:
        return tickets.filter(first_response_at__isnull=True)
    return tickets.filter(done_at__isnull=True, waiting_since__isnull=True)


def _due_field(target: str) -> str:
    return "response_due_at" if target == RESPONSE else "resolution_due_at"


def _without(tickets: QuerySet[Ticket], action: str, target: str) -> QuerySet[Ticket]:
    recorded = alert_recorded(action, target).filter(ticket_id=OuterRef("pk"))
    return tickets.filter(~Q(Exists(recorded)))


def _breaches(target: str, now: datetime) -> list[Candidate]:
    due = _due_field(target)
    tickets = _without(_running(target), Action.SLA_BREACH, target).filter(**{f"{due}__lte": now})
    rows = tickets.order_by(due, "pk").values_list("number", "revision")
    return [Candidate(number, revision, Action.SLA_BREACH, target) for number, revision in rows]


def _target_minutes(level: PriorityLevel, target: str) -> int:
    return int(level.response_minutes if target == RESPONSE else level.resolution_minutes)


def _warnings(target: str, now: datetime, calendar: BusinessCalendar) -> list[Candidate]:
    """Per priority level, the SQL keeps the tickets that may have reached the warning point (a
    business minute is at most a wall minute, so at least ``percent`` % of the target in wall
    minutes has passed since the filing); the exact business-time check is done here."""
    percent = warning_percent()
    due = _due_field(target)
    found = []
    for level in PriorityLevel.objects.order_by("rank"):
        minutes = _target_minutes(level, target)
        earliest = timedelta(minutes=minutes * percent / 100)
        tickets = _without(
            _without(_running(target), Action.SLA_WARNING, target), Action.SLA_BREACH, target
        ).filter(priority=level, created_at__lte=now - earliest, **{f"{due}__gt": now})
        rows = tickets.order_by("created_at", "pk").values_list(
            "number", "revision", "created_at", "sla_paused_minutes"
        )
        for number, revision, created_at, paused in rows:
            total = minutes + (paused if target == RESOLUTION else 0)
            elapsed = calendar.business_minutes_between(created_at, now)
            if elapsed * 100 >= total * percent:
                found.append(Candidate(number, revision, Action.SLA_WARNING, target))
    return found


def due_alerts(*, now: datetime, calendar: BusinessCalendar | None = None) -> list[Candidate]:
    """The alerts due at ``now`` and not yet recorded: breaches first, then warnings."""
    calendar = calendar or load_calendar()
    breaches = [c for target in TARGETS for c in _breaches(target, now)]
    warnings = [c for target in TARGETS for c in _warnings(target, now, calendar)]
    return breaches + warnings


def sla_watch(*, now: datetime | None = None) -> WatchSummary:
    """Raise every SLA alert due at ``now`` (default: the present), each in its own transaction.
    A ticket that changed since it was listed (taken, paused, resolved …: its revision moved) or
    got the alert from another run meanwhile is skipped and logged; the run goes on."""
    now = now or timezone.now()
    summary = WatchSummary()
    for candidate in due_alerts(now=now):
        try:
            ticket_sla_alert(
                ticket_number=candidate.number,
                action=candidate.action,
                target=candidate.target,
                expected_revision=candidate.revision,
            )
        except InvalidTransition as exc:
            logger.info(
                "%s (%s) %s dilewati: %s",
                candidate.action,
                candidate.target,
                candidate.number,
                exc.message,
            )
            summary.skipped += 1
            continue
        summary.raised.append((candidate.number, candidate.action, candidate.target))
    return summary

"""Shared helpers of the notification tests."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from lpse_support.notifications.delivery import Round, Sender
from lpse_support.notifications.models import EmailDelivery
from lpse_support.tickets.models import TicketEvent

MSG = "Mohon dicek kembali pengaturan jadwal tahapan tender ini."


def last_event(number: str) -> TicketEvent:
    event = TicketEvent.objects.filter(ticket__number=number).order_by("-id").first()
    assert event is not None
    return event


def deliver(worker_id: str = "uji") -> Round:
    """One round of the worker's e-mail sending."""
    return Sender(worker_id).deliver_due()


def make_due() -> None:
    """Time passes: every back-off is over."""
    EmailDelivery.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))

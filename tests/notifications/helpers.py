"""Shared helpers of the notification tests."""

from __future__ import annotations

from lpse_support.accounts.models import User
from lpse_support.tickets.models import TicketEvent

MSG = "Mohon dicek kembali pengaturan jadwal tahapan tender ini."


def last_event(number: str) -> TicketEvent:
    event = TicketEvent.objects.filter(ticket__number=number).order_by("-id").first()
    assert event is not None
    return event


def fresh(user: User) -> User:
    """The same user without per-object caches (team ids) of earlier actions."""
    return User.objects.get(pk=user.pk)

"""Pending e-mail deliveries, written as the notification outbox writes them."""

from __future__ import annotations

from lpse_support.notifications.models import EmailDelivery, Notification
from lpse_support.tickets.models import TicketEvent
from lpse_support.tickets.workflow import Action, Status
from tests.support.factories import UserFactory
from tests.support.ticket_world import TicketWorld, make_ticket


def outbox_rows(world: TicketWorld, count: int) -> list[EmailDelivery]:
    """``count`` pending deliveries (one notification each), written as the outbox writes them."""
    ticket = make_ticket(world)
    Notification.objects.all().delete()
    rows = []
    for index in range(count):
        user = UserFactory.create(email=f"penerima{index}@contoh.go.id")
        event = TicketEvent.objects.create(
            ticket=ticket, actor=None, action=Action.COMMENT, to_status=Status.BARU
        )
        notification = Notification.objects.create(
            recipient=user, ticket=ticket, event=event, verb="comment", title="t", url="/"
        )
        rows.append(EmailDelivery.objects.create(notification=notification, to=user.email))
    return rows

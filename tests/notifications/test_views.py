"""The bell, the Notifikasi list and its POST actions; GET never changes anything."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lpse_support.accounts.models import User
from lpse_support.notifications.models import Notification
from lpse_support.notifications.views import PAGE_SIZE
from lpse_support.tickets.models import Ticket, TicketEvent
from lpse_support.tickets.workflow import Action, Status
from tests.support.ticket_world import TicketWorld, make_ticket

pytestmark = pytest.mark.django_db

LIST_URL = reverse("notifications:list")


def notify(user: User, ticket: Ticket, count: int, *, read: bool = False) -> list[Notification]:
    """``count`` notifications of ``user`` about ``ticket`` (each on its own event)."""
    rows = []
    for index in range(count):
        event = TicketEvent.objects.create(
            ticket=ticket, actor=None, action=Action.COMMENT, to_status=Status.BARU
        )
        rows.append(
            Notification.objects.create(
                recipient=user,
                ticket=ticket,
                event=event,
                verb=Action.COMMENT,
                title=f"Pesan baru {index} pada tiket {ticket.number}",
                url=reverse("tickets:detail", args=[ticket.number]),
                read_at=event.created_at if read else None,
            )
        )
    return rows


@pytest.fixture
def ticket(ticket_world: TicketWorld) -> Ticket:
    """A ticket whose own creation notification is removed: each test writes exactly the
    notifications it counts."""
    ticket = make_ticket(ticket_world)
    Notification.objects.filter(ticket=ticket).delete()
    return ticket


@pytest.fixture
def reporter_client(client: Client, ticket_world: TicketWorld) -> Client:
    client.force_login(ticket_world.reporter_a)
    return client


def _bell_queries(queries: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if 'FROM "notifications_notification"' in q["sql"]
    ]


def test_bell_shows_the_unread_count_with_one_bounded_query(
    reporter_client: Client, ticket_world: TicketWorld, ticket: Ticket
) -> None:
    notify(ticket_world.reporter_a, ticket, 3)
    notify(ticket_world.reporter_a, ticket, 2, read=True)
    notify(ticket_world.staff_lpse, ticket, 4)
    with CaptureQueriesContext(connection) as queries:
        response = reporter_client.get(reverse("accounts:profile"))
    assert response.status_code == 200
    assert 'data-unread-count="3"' in response.content.decode()
    (bell,) = _bell_queries(queries)
    assert "LIMIT 100" in bell and "COUNT(" not in bell.upper()


def test_bell_caps_the_label(
    reporter_client: Client, ticket_world: TicketWorld, ticket: Ticket
) -> None:
    notify(ticket_world.reporter_a, ticket, 99)
    body = reporter_client.get(reverse("accounts:profile")).content.decode()
    assert 'data-unread-count="99"' in body and ">99<" in body
    notify(ticket_world.reporter_a, ticket, 2)
    body = reporter_client.get(reverse("accounts:profile")).content.decode()
    assert 'data-unread-count="100"' in body and ">99+<" in body


def test_no_badge_without_unread(
    reporter_client: Client, ticket_world: TicketWorld, ticket: Ticket
) -> None:
    notify(ticket_world.reporter_a, ticket, 1, read=True)
    body = reporter_client.get(reverse("accounts:profile")).content.decode()
    assert "data-unread-count" not in body
    assert f'href="{LIST_URL}"' in body


def test_anonymous_pages_do_not_count(client: Client) -> None:
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("accounts:login"))
    assert _bell_queries(queries) == []


def test_list_is_newest_first_unread_highlighted_and_only_mine(
    reporter_client: Client, ticket_world: TicketWorld, ticket: Ticket
) -> None:
    old, new = notify(ticket_world.reporter_a, ticket, 2)
    Notification.objects.filter(pk=old.pk).update(read_at=old.created_at)
    notify(ticket_world.staff_lpse, ticket, 1)
    response = reporter_client.get(LIST_URL)
    assert response.status_code == 200
    assert [n.pk for n in response.context["notifications"]] == [new.pk, old.pk]
    body = response.content.decode()
    assert body.count("data-unread") == 2  # the unread row + the bell badge
    assert f'data-notification="{new.pk}" data-unread' in body
    assert f'data-notification="{old.pk}" data-unread' not in body
    assert "Tandai semua dibaca" in body
    assert reverse("notifications:open", args=[new.pk]) in body


def test_list_query_count_does_not_grow_with_rows(
    reporter_client: Client, ticket_world: TicketWorld, ticket: Ticket
) -> None:
    notify(ticket_world.reporter_a, ticket, 1)
    with CaptureQueriesContext(connection) as one:
        reporter_client.get(LIST_URL)
    notify(ticket_world.reporter_a, ticket, PAGE_SIZE + 5)
    with CaptureQueriesContext(connection) as many:
        response = reporter_client.get(LIST_URL)
    assert len(response.context["notifications"]) == PAGE_SIZE
    assert response.context["has_next"] is True
    assert len(many) == len(one)


def test_list_second_page(
    reporter_client: Client, ticket_world: TicketWorld, ticket: Ticket
) -> None:
    notify(ticket_world.reporter_a, ticket, PAGE_SIZE + 2)
    response = reporter_client.get(LIST_URL, {"page": "2"})
    assert len(response.context["notifications"]) == 2
    assert response.context["has_previous"] and not response.context["has_next"]
    assert reporter_client.get(LIST_URL, {"page": "x"}).context["page_number"] == 1


def test_get_never_marks_read(
    reporter_client: Client, ticket_world: TicketWorld, ticket: Ticket
) -> None:
    (item,) = notify(ticket_world.reporter_a, ticket, 1)
    reporter_client.get(LIST_URL)
    assert reporter_client.get(reverse("notifications:open", args=[item.pk])).status_code == 405
    assert reporter_client.get(reverse("notifications:mark_all_read")).status_code == 405
    assert Notification.objects.get(pk=item.pk).read_at is None


def test_open_marks_read_and_goes_to_the_ticket(
    reporter_client: Client, ticket_world: TicketWorld, ticket: Ticket
) -> None:
    first, second = notify(ticket_world.reporter_a, ticket, 2)
    response = reporter_client.post(reverse("notifications:open", args=[first.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("tickets:detail", args=[ticket.number])
    assert Notification.objects.get(pk=first.pk).read_at is not None
    assert Notification.objects.get(pk=second.pk).read_at is None


def test_open_someone_elses_notification_is_404(
    reporter_client: Client, ticket_world: TicketWorld, ticket: Ticket
) -> None:
    (theirs,) = notify(ticket_world.staff_lpse, ticket, 1)
    response = reporter_client.post(reverse("notifications:open", args=[theirs.pk]))
    assert response.status_code == 404
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_mark_all_read_touches_only_mine(
    reporter_client: Client, ticket_world: TicketWorld, ticket: Ticket
) -> None:
    notify(ticket_world.reporter_a, ticket, 3)
    notify(ticket_world.staff_lpse, ticket, 2)
    response = reporter_client.post(reverse("notifications:mark_all_read"))
    assert response.status_code == 302 and response["Location"] == LIST_URL
    mine = Notification.objects.filter(recipient=ticket_world.reporter_a)
    assert not mine.filter(read_at__isnull=True).exists()
    assert Notification.objects.filter(read_at__isnull=True).count() == 2
    body = reporter_client.get(LIST_URL).content.decode()
    assert "data-unread-count" not in body and "Tandai semua dibaca" not in body


def test_login_required(client: Client, ticket_world: TicketWorld, ticket: Ticket) -> None:
    (item,) = notify(ticket_world.reporter_a, ticket, 1)
    assert client.get(LIST_URL).status_code == 302
    assert client.post(reverse("notifications:open", args=[item.pk])).status_code == 302
    assert Notification.objects.get(pk=item.pk).read_at is None


def test_page_has_no_inline_script_or_style(
    reporter_client: Client, ticket_world: TicketWorld, ticket: Ticket, settings: Any
) -> None:
    notify(ticket_world.reporter_a, ticket, 1)
    body = reporter_client.get(LIST_URL).content.decode()
    assert "style=" not in body and "<style" not in body
    assert "<script>" not in body

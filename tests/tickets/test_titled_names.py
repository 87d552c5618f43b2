"""Issue 17 item 2: a name that ends in an academic title ("…, S.T.") never gains a second full
stop at the end of a sentence (notifications, their e-mails, Diskusi system lines, refusals), and
keeps its own dot inside a sentence."""

from __future__ import annotations

import pytest

from lpse_support.notifications.messages import email_body
from lpse_support.notifications.models import Notification
from lpse_support.tickets.errors import AlreadyTaken
from lpse_support.tickets.models import TicketMessage
from lpse_support.tickets.services.ticket_take import ticket_take
from lpse_support.tickets.workflow import Status
from tests.support.drive import drive_to, last_event
from tests.support.flow import Flow

TITLED = "Dimas Aryo Wicaksono, S.T."


@pytest.fixture
def titled(flow: Flow) -> Flow:
    staff = flow.world.staff_lpse
    staff.full_name = TITLED
    staff.save(update_fields=["full_name"])
    return flow


def test_resolution_notification_and_its_email_end_with_one_dot(titled: Flow) -> None:
    w = titled.world
    ticket = drive_to(w, Status.MENUNGGU_KONFIRMASI)
    event = last_event(ticket)
    title = Notification.objects.filter(event=event).values_list("title", flat=True).first()
    assert title == (
        f"Tiket {ticket.number} diselesaikan oleh {TITLED} Mohon konfirmasi penyelesaiannya"
    )
    assert ".." not in title
    body = email_body(recipient_name="Pelapor", title=title, event=event, url="/tiket/x/")
    assert ".." not in body


def test_system_lines_keep_the_title_dot_once(titled: Flow) -> None:
    w = titled.world
    ticket = drive_to(w, Status.MENUNGGU_KONFIRMASI)
    lines = list(
        TicketMessage.objects.filter(ticket=ticket, kind="system").values_list("body", flat=True)
    )
    assert f"Tiket diambil oleh {TITLED} (Helpdesk LPSE Makassar)." in lines
    assert all(".." not in line for line in lines), lines


def test_already_taken_names_the_taker_with_one_dot(titled: Flow) -> None:
    w = titled.world
    ticket = drive_to(w, Status.BARU)
    ticket_take(ticket_number=ticket.number, actor=w.staff_lpse)
    with pytest.raises(AlreadyTaken) as refused:
        ticket_take(ticket_number=ticket.number, actor=titled.staff_lpse_2)
    assert refused.value.message == f"Tiket sudah diambil oleh {TITLED}"

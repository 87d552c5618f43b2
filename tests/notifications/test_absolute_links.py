"""Ticket e-mails carry a full link on ``SITE_URL`` (issue 13 item 6): sent by the worker's
delivery path, read from the outbox and followed by the recipient. The bell keeps the path."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client

from lpse_support.notifications.models import Notification
from lpse_support.tickets.models import Ticket
from lpse_support.tickets.services.ticket_take import ticket_take
from tests.notifications.helpers import deliver
from tests.support.ticket_world import TicketWorld, make_ticket

pytestmark = pytest.mark.django_db

SITE = "https://lpse-support.example.go.id"


@pytest.fixture(autouse=True)
def _site(settings: Any) -> None:
    settings.SITE_URL = SITE


def link_of(body: str) -> str:
    [line] = [line for line in body.splitlines() if line.startswith("Tautan")]
    return line.split(":", 1)[1].strip()


def test_the_mail_link_is_absolute_and_opens_the_ticket(ticket_world: TicketWorld) -> None:
    ticket = make_ticket(ticket_world)
    Notification.objects.all().delete()
    mail.outbox.clear()
    ticket_take(ticket_number=ticket.number, actor=ticket_world.staff_lpse)

    assert deliver().sent == 1
    [message] = mail.outbox
    assert message.to == [ticket_world.reporter_a.email]
    link = link_of(str(message.body))
    assert link == f"{SITE}/tiket/{ticket.number}/"
    assert re.findall(r"\S+://\S+", str(message.body)) == [link]
    # The bell (in the site) keeps the path.
    assert Notification.objects.get().url == f"/tiket/{ticket.number}/"

    reader = Client()
    reader.force_login(ticket_world.reporter_a)
    opened = reader.get(urlsplit(link).path)
    assert opened.status_code == 200
    assert ticket.number in opened.content.decode()


def test_every_team_member_gets_the_absolute_link_of_a_new_ticket(
    ticket_world: TicketWorld,
) -> None:
    mail.outbox.clear()
    ticket: Ticket = make_ticket(ticket_world)
    deliver()
    assert mail.outbox
    for message in mail.outbox:
        assert link_of(str(message.body)) == f"{SITE}/tiket/{ticket.number}/"

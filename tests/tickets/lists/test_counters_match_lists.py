"""Each dashboard counter links to a filtered Daftar Tiket, and the list holds exactly as many
tickets as the counter says (issue 5 §4 and §9) — for staff and reporters, with overdue tickets."""

from __future__ import annotations

import html as html_lib
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lpse_support.tickets.models import Ticket
from tests.support.demo_tickets import DemoTickets, user

COUNTER = re.compile(
    r'<a class="counter counter-link[^"]*" href="([^"]+)" data-counter-value="(\d+)">'
)


def list_size(client: Client, url: str) -> int:
    response = client.get(html_lib.unescape(url) + "&per_page=100")
    assert response.status_code == 200
    page = response.content.decode()
    cards = re.findall(r'class="ticket-number[^"]*">(T[A-Z]{2}\d{10})<', page)
    total = re.search(r'data-result-total="(\d+)"', page)
    assert total is not None, url
    assert int(total.group(1)) == len(cards), url
    return len(cards)


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["helpdesk_lpse1", "ppk1", "helpdesk_lkpp_teknis"])
def test_every_counter_equals_its_list(
    client: Client, demo_tickets: DemoTickets, username: str
) -> None:
    # One of the tickets in helpdesk_lpse1's hands and ppk1's open ones is overdue.
    Ticket.objects.filter(pk=demo_tickets.taken.pk).update(
        resolution_due_at=timezone.now() - timedelta(hours=2)
    )
    client.force_login(user(username))
    page = client.get("/").content.decode()
    counters = COUNTER.findall(page)
    assert len(counters) >= 5
    nonzero = 0
    for url, value in counters:
        assert url.startswith("/tiket/?tab="), url
        assert list_size(client, url) == int(value), url
        nonzero += int(value) > 0
    assert nonzero >= 1
    if username != "helpdesk_lkpp_teknis":
        assert 'counter-alert" href' in page  # the overdue counter stands out

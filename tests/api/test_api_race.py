"""R-WF-2 through the API: two members of the same team, each with their own token, POST
``/take`` on the same ticket at the same moment from two threads (each its own database
connection, the whole request stack each time). Exactly one gets 200, the other 409
``already_taken`` naming the winner; one take event. Runs on PostgreSQL (row lock) and SQLite
(write lock + conditional UPDATE)."""

from __future__ import annotations

import pytest
from django.test import Client

from lpse_support.accounts.models import User
from lpse_support.tickets.models import Ticket, TicketEvent
from lpse_support.tickets.workflow import Action, Status
from tests.support.api import BASE, api_client
from tests.support.flow import build_flow
from tests.support.race import at_once
from tests.support.ticket_world import TicketWorld, make_ticket

ROUNDS = 3


def _race(number: str, clients: list[Client]) -> list[tuple[int, dict[str, object]]]:
    def take(client: Client) -> tuple[int, dict[str, object]]:
        response = client.post(f"{BASE}/{number}/take")
        return response.status_code, response.json()

    result = at_once(take, clients)
    assert not result.raised, result.raised
    return [answer for _client, answer in result.returned]


@pytest.mark.needs_file_db
@pytest.mark.django_db(transaction=True)
def test_two_tokens_take_the_same_ticket(ticket_world: TicketWorld) -> None:
    flow = build_flow(ticket_world)
    takers: list[User] = [flow.world.staff_lpse, flow.staff_lpse_2]
    clients = [api_client(user) for user in takers]
    for _ in range(ROUNDS):
        ticket = make_ticket(flow.world)
        answers = sorted(_race(ticket.number, clients), key=lambda answer: answer[0])
        assert [status for status, _ in answers] == [200, 409], answers
        won, lost = answers[0][1], answers[1][1]
        assert lost["code"] == "already_taken"
        winner = User.objects.get(username=won["assignee"]["username"])  # type: ignore[index]
        assert lost["detail"] == f"Tiket sudah diambil oleh {winner.get_full_name()}."
        after = Ticket.objects.get(pk=ticket.pk)
        assert (after.status, after.assignee_id) == (Status.DIKERJAKAN, winner.pk)
        takes = TicketEvent.objects.filter(ticket=ticket, action=Action.TAKE)
        assert list(takes.values_list("actor_id", flat=True)) == [winner.pk]

"""R-WF-2 through the API: two members of the same team, each with their own token, POST
``/take`` on the same ticket at the same moment from two threads (each its own database
connection, the whole request stack each time). Exactly one gets 200, the other 409
``already_taken`` naming the winner; one take event. Runs on PostgreSQL (row lock) and SQLite
(write lock + conditional UPDATE)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from lpse_support.accounts.models import User
from lpse_support.tickets.models import Ticket, TicketEvent
from lpse_support.tickets.workflow import Action, Status
from tests.api.test_tickets_api import BASE, api_client
from tests.tickets import conftest as ticket_fixtures
from tests.tickets.conftest import TicketWorld, make_ticket
from tests.tickets.workflow.conftest import build_flow

ROUNDS = 3

# The ticket fixtures (autouse: attachments in a temporary MEDIA_ROOT).
ticket_world = ticket_fixtures.ticket_world
_media_in_tmp = ticket_fixtures._media_in_tmp


def _race(number: str, clients: list[Client]) -> list[tuple[int, dict[str, object]]]:
    barrier = threading.Barrier(len(clients))
    answers: list[tuple[int, dict[str, object]]] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def work(client: Client) -> None:
        try:
            barrier.wait(timeout=30)
            response = client.post(f"{BASE}/{number}/take")
            with lock:
                answers.append((response.status_code, response.json()))
        except BaseException as exc:  # judged below; a thread must not die silently
            with lock:
                failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert not failures, failures
    return answers


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

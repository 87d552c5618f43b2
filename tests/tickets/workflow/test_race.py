"""R-WF-2 with real threads, each on its own database connection: two members of the same team
press Ambil Tiket on the same ticket at the same moment. Exactly one wins; the other is told who
did; one take event. PostgreSQL decides with the row lock, SQLite with the IMMEDIATE write lock
and the conditional UPDATE (ARCHITECTURE.md rule 4)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from lpse_support.accounts.models import User
from lpse_support.tickets.errors import AlreadyTaken
from lpse_support.tickets.models import Ticket, TicketEvent
from lpse_support.tickets.services.ticket_take import ticket_take
from lpse_support.tickets.workflow import Action, Status
from tests.tickets.conftest import TicketWorld, make_ticket
from tests.tickets.workflow.conftest import build_flow
from tests.tickets.workflow.helpers import fresh

ROUNDS = 4


def _race(number: str, takers: list[User]) -> tuple[list[User], list[tuple[User, BaseException]]]:
    barrier = threading.Barrier(len(takers))
    winners: list[User] = []
    losers: list[tuple[User, BaseException]] = []
    lock = threading.Lock()

    def work(user: User) -> None:
        try:
            barrier.wait(timeout=30)
            ticket_take(ticket_number=number, actor=user)
            with lock:
                winners.append(user)
        except BaseException as exc:  # judged below; a thread must not die silently
            with lock:
                losers.append((user, exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(user,)) for user in takers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return winners, losers


@pytest.mark.django_db(transaction=True)
def test_two_agents_take_the_same_ticket(ticket_world: TicketWorld) -> None:
    flow = build_flow(ticket_world)
    w = flow.world
    for _ in range(ROUNDS):
        ticket = make_ticket(w)
        # Fresh user objects per thread: no shared per-object caches between connections.
        takers = [fresh(w.staff_lpse), fresh(flow.staff_lpse_2)]
        winners, losers = _race(ticket.number, takers)
        assert len(winners) == 1, losers
        assert len(losers) == 1
        winner = winners[0]
        _loser, error = losers[0]
        assert isinstance(error, AlreadyTaken), error
        assert error.message == f"Tiket sudah diambil oleh {winner.get_full_name()}."
        after = Ticket.objects.get(pk=ticket.pk)
        assert (after.status, after.assignee_id) == (Status.DIKERJAKAN, winner.pk)
        takes = TicketEvent.objects.filter(ticket=ticket, action=Action.TAKE)
        assert takes.count() == 1
        assert takes.get().actor_id == winner.pk

"""R-WF-2 with real threads, each on its own database connection: two members of the same team
press Ambil Tiket on the same ticket at the same moment. Exactly one wins; the other is told who
did; one take event. PostgreSQL decides with the row lock, SQLite with the IMMEDIATE write lock
and the conditional UPDATE (ARCHITECTURE.md rule 4)."""

from __future__ import annotations

import pytest

from lpse_support.accounts.models import User
from lpse_support.tickets.errors import AlreadyTaken
from lpse_support.tickets.models import Ticket, TicketEvent
from lpse_support.tickets.services.ticket_take import ticket_take
from lpse_support.tickets.workflow import Action, Status
from tests.support.flow import build_flow
from tests.support.race import at_once
from tests.support.ticket_world import TicketWorld, make_ticket
from tests.support.users import fresh

ROUNDS = 4


def _race(number: str, takers: list[User]) -> tuple[list[User], list[tuple[User, BaseException]]]:
    result = at_once(lambda user: ticket_take(ticket_number=number, actor=user), takers)
    return [user for user, _ticket in result.returned], result.raised


@pytest.mark.needs_file_db
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

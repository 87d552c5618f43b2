"""Query budgets of the action POSTs (issue 12 item 5). The caller's teams are read once per
request (one ``Viewer``), the ticket comes with the relations the action reads, the escalation
targets are one query, and the outbox asks the scope rule once for all recipients.

Each action is sent as the real clients send it — an idempotency key and the revision the form
or copy was drawn from — to a ticket whose teams have two members, so the outbox has more than
one person to check. ``budget`` bounds the action's own queries (``action_queries``: after the
login, through the action's transaction); the whole POST is bounded too: the page adds the
session and user rows and the test's savepoint pair, the API the token and its last-use stamp,
the savepoint pair and the ticket detail it answers with. Same counts on SQLite and PostgreSQL
(``select_for_update`` is part of the query that reads the ticket)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lpse_support.accounts.models import User
from lpse_support.api.tokens import token_create
from lpse_support.tickets.models import Ticket, TicketEvent
from lpse_support.tickets.services.ticket_feedback import ticket_request_feedback
from lpse_support.tickets.services.ticket_resolution import ticket_confirm, ticket_resolve
from lpse_support.tickets.services.ticket_take import ticket_take
from tests.support.flow import Flow, build_flow
from tests.support.ticket_world import TicketWorld, make_ticket

pytestmark = pytest.mark.django_db

MSG = "Mohon dicek kembali, dokumen sudah saya unggah ulang."
API = "/api/v1/tickets"
PAGE_AROUND = 4  # session row, user row, the test's SAVEPOINT and RELEASE
API_AROUND = 10  # token row, its last-use stamp, SAVEPOINT and RELEASE, the detail answered (6)


@dataclass(frozen=True)
class Case:
    """One action: how to reach its starting state, who acts, and what each client sends."""

    prepare: Callable[[Flow], Ticket]
    actor: Callable[[Flow], User]
    page: str  # the URL name of the page action
    api: str  # the last segment of the API path
    budget: int  # queries of the action itself
    form: dict[str, Any] = field(default_factory=dict)
    payload: dict[str, Any] = field(default_factory=dict)
    json: bool = False


def _new(flow: Flow) -> Ticket:
    return make_ticket(flow.world)


def _fresh(ticket: Ticket) -> Ticket:
    return Ticket.objects.get(pk=ticket.pk)


def _taken(flow: Flow) -> Ticket:
    ticket = _new(flow)
    ticket_take(ticket_number=ticket.number, actor=flow.world.staff_lpse)
    return ticket


def _asked(flow: Flow) -> Ticket:
    ticket = _taken(flow)
    ticket_request_feedback(ticket_number=ticket.number, actor=flow.world.staff_lpse, message=MSG)
    return ticket


def _resolved(flow: Flow) -> Ticket:
    ticket = _taken(flow)
    ticket_resolve(ticket_number=ticket.number, actor=flow.world.staff_lpse, message=MSG)
    return ticket


def _confirmed(flow: Flow) -> Ticket:
    ticket = _resolved(flow)
    ticket_confirm(ticket_number=ticket.number, actor=flow.world.reporter_a)
    return ticket


def _staff(flow: Flow) -> User:
    return flow.world.staff_lpse


def _reporter(flow: Flow) -> User:
    return flow.world.reporter_a


CASES = {
    "take": Case(_new, _staff, "take", "take", budget=10),  # issue 12: Ambil ≤ 10
    "request_feedback": Case(
        _taken,
        _staff,
        "request_feedback",
        "request-feedback",
        budget=12,
        form={"message": MSG, "tindakan": "request_feedback", "from_party": "reporter"},
        payload={"message": MSG, "from_party": "reporter"},
    ),
    "give_feedback": Case(
        _asked,
        _reporter,
        "give_feedback",
        "feedback",
        budget=11,
        form={"message": MSG},
        payload={"message": MSG},
    ),
    "escalate": Case(
        _taken,
        _staff,
        "escalate",
        "escalate",
        budget=15,  # issue 12: Eskalasi ≤ 15
        form={"message": MSG, "tindakan": "escalate"},
        payload={"message": MSG},
    ),
    "resolve": Case(
        _taken,
        _staff,
        "resolve",
        "resolve",
        budget=12,
        form={"message": MSG, "tindakan": "resolve"},
        payload={"message": MSG},
    ),
    "confirm": Case(_resolved, _reporter, "confirm", "confirm", budget=11),
    "reject": Case(
        _resolved,
        _reporter,
        "reject",
        "reject",
        budget=12,
        form={"message": MSG},
        payload={"message": MSG},
    ),
    "rate": Case(
        _confirmed,
        _reporter,
        "rate",
        "rating",
        budget=13,
        form={"stars": 5},
        payload={"stars": 5},
        json=True,
    ),
    "close": Case(
        _taken,
        _reporter,
        "close",
        "close",
        budget=11,
        form={"reason": MSG},
        payload={"reason": MSG},
        json=True,
    ),
    "comment": Case(
        _taken,
        _staff,
        "comment",
        "messages",
        budget=10,
        form={"message": MSG},
        payload={"message": MSG},
    ),
}


@pytest.fixture
def flow(ticket_world: TicketWorld) -> Flow:
    return build_flow(ticket_world)


def _events(ticket: Ticket) -> int:
    return TicketEvent.objects.filter(ticket=ticket).count()


def _is_savepoint(sql: str) -> bool:
    return sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT"))


def action_queries(captured: CaptureQueriesContext, *, signed_in_by: tuple[str, ...]) -> list[str]:
    """The queries of the action itself: everything after the caller is authenticated (the
    ``signed_in_by`` queries: session and user row, or token and its last-use stamp), up to the
    end of the action's transaction — without the detail an API call answers with, and without
    the savepoint statements the test's own transaction adds (in production the action's
    transaction is the outermost one)."""
    sql = [query["sql"] for query in captured.captured_queries]
    for position, table in enumerate(signed_in_by):
        assert f'"{table}"' in sql[position], (table, sql[position][:200])
    sql = sql[len(signed_in_by) :]
    begin = next(i for i, query in enumerate(sql) if query.startswith("SAVEPOINT"))
    name = sql[begin].split()[-1]
    end = sql.index(f"RELEASE SAVEPOINT {name}")
    return [query for query in sql[: end + 1] if not _is_savepoint(query)]


def _page_post(flow: Flow, case: Case) -> tuple[int, int]:
    ticket = Ticket.objects.get(pk=case.prepare(flow).pk)
    before = _events(ticket)
    client = Client()
    client.force_login(case.actor(flow))
    form = {**case.form, "idempotency_key": uuid.uuid4(), "revision": ticket.revision}
    with CaptureQueriesContext(connection) as captured:
        response = client.post(reverse(f"tickets:{case.page}", args=[ticket.number]), form)
    assert response.status_code == 302, response.content[:2000]
    assert _events(ticket) == before + 1, "the action was refused"
    action = action_queries(captured, signed_in_by=("django_session", "accounts_user"))
    return len(captured), len(action)


def _api_post(flow: Flow, case: Case) -> tuple[int, int]:
    ticket = Ticket.objects.get(pk=case.prepare(flow).pk)
    before = _events(ticket)
    secret = token_create(user=case.actor(flow), name="budget").secret
    client = Client(
        headers={
            "authorization": f"Bearer {secret}",
            "idempotency-key": str(uuid.uuid4()),
            "if-match": f'"{ticket.revision}"',
        }
    )
    url = f"{API}/{ticket.number}/{case.api}"
    with CaptureQueriesContext(connection) as captured:
        if case.json:
            response = client.post(url, case.payload, content_type="application/json")
        else:
            response = client.post(url, case.payload)
    assert response.status_code == 200, response.content[:2000]
    assert _events(ticket) == before + 1
    action = action_queries(captured, signed_in_by=("api_apitoken", "api_apitoken"))
    return len(captured), len(action)


@pytest.mark.parametrize("name", list(CASES))
def test_page_action_post_stays_within_its_query_budget(flow: Flow, name: str) -> None:
    case = CASES[name]
    whole, action = _page_post(flow, case)
    assert action <= case.budget, f"{name}: the action made {action} queries"
    assert whole <= case.budget + PAGE_AROUND, f"{name}: {whole} queries on the page POST"


@pytest.mark.parametrize("name", list(CASES))
def test_api_action_post_stays_within_its_query_budget(flow: Flow, name: str) -> None:
    case = CASES[name]
    whole, action = _api_post(flow, case)
    assert action <= case.budget, f"{name}: the action made {action} queries"
    assert whole <= case.budget + API_AROUND, f"{name}: {whole} queries on the API POST"

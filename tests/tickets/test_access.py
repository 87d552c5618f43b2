"""R-AUTH-2: who may open a ticket's detail, print page and PDF — and the scoping functions
behind them. Out of scope answers exactly like a number that does not exist."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from lpse_support.accounts.models import User
from lpse_support.core.errors import NotFound
from lpse_support.tickets.access import access_ticket, tickets_visible_to
from lpse_support.tickets.models import Ticket
from tests.support.factories import DirectorateFactory, UserFactory
from tests.support.ticket_world import TicketWorld, make_ticket
from tests.support.two_factor import sign_in

pytestmark = pytest.mark.django_db

VIEWS = ["tickets:detail", "tickets:print", "tickets:pdf"]


def _national_supervisor(world: TicketWorld) -> User:
    user: User = UserFactory.create(username="sup_nasional", is_supervisor=True, home_lpse=None)
    return user


def _other_directorate_supervisor(world: TicketWorld) -> User:
    user: User = UserFactory.create(
        username="sup_katalog",
        is_supervisor=True,
        supervised_directorate=DirectorateFactory.create(),
        home_lpse=None,
    )
    return user


def _own_directorate_supervisor(world: TicketWorld) -> User:
    user: User = UserFactory.create(
        username="sup_spse", is_supervisor=True, supervised_directorate=world.directorate
    )
    return user


def _admin(world: TicketWorld) -> User:
    user: User = UserFactory.create(username="admin_x", is_superuser=True, is_staff=True)
    return user


VIEWERS: dict[str, tuple[Callable[[TicketWorld], User], bool]] = {
    "reporter_owner": (lambda w: w.reporter_a, True),
    "reporter_same_lpse": (lambda w: w.reporter_b, False),
    "staff_other_lpse": (lambda w: w.staff_other_lpse, False),
    "staff_routed_team": (lambda w: w.staff_lpse, True),
    "tier2_not_involved": (lambda w: w.helpdesk_lkpp, False),
    "supervisor_national": (_national_supervisor, True),
    "supervisor_own_directorate": (_own_directorate_supervisor, True),
    "supervisor_other_directorate": (_other_directorate_supervisor, False),
    "admin": (_admin, True),
}


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("viewer", list(VIEWERS))
def test_access_matrix(client: Client, ticket_world: TicketWorld, viewer: str, view: str) -> None:
    ticket = make_ticket(ticket_world)
    make_user, allowed = VIEWERS[viewer]
    user = make_user(ticket_world)
    sign_in(client, user)
    response = client.get(reverse(view, args=[ticket.number]))
    assert response.status_code == (200 if allowed else 404)
    if allowed:
        assert ticket.number.encode() in response.content or view == "tickets:pdf"
    else:
        assert ticket.title.encode() not in response.content
    assert (ticket in tickets_visible_to(user)) is allowed


@pytest.mark.parametrize("view", VIEWS)
def test_anonymous_is_sent_to_login(client: Client, ticket_world: TicketWorld, view: str) -> None:
    ticket = make_ticket(ticket_world)
    url = reverse(view, args=[ticket.number])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{resolve_url(settings.LOGIN_URL)}?next={url}"


@pytest.mark.parametrize("view", VIEWS)
def test_missing_and_out_of_scope_answer_the_same(
    client: Client, ticket_world: TicketWorld, view: str
) -> None:
    ticket = make_ticket(ticket_world)
    client.force_login(ticket_world.reporter_b)
    hidden = client.get(reverse(view, args=[ticket.number]))
    missing = client.get(reverse(view, args=["TPS2601019999"]))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content.replace(ticket.number.encode(), b"") == missing.content.replace(
        b"TPS2601019999", b""
    )


def test_tier2_sees_ticket_once_it_reached_their_team(ticket_world: TicketWorld) -> None:
    ticket = make_ticket(ticket_world)
    lkpp = ticket_world.helpdesk_lkpp
    assert not tickets_visible_to(lkpp).filter(pk=ticket.pk).exists()
    ticket.team_links.create(team=ticket_world.team_lkpp)
    assert access_ticket(lkpp, ticket.number) == ticket


def test_tickets_visible_to_scopes_lists(ticket_world: TicketWorld) -> None:
    world = ticket_world
    mine = make_ticket(world, reporter=world.reporter_a)
    theirs = make_ticket(world, reporter=world.reporter_b)
    assert set(tickets_visible_to(world.reporter_a)) == {mine}
    assert set(tickets_visible_to(world.reporter_b)) == {theirs}
    assert set(tickets_visible_to(world.staff_lpse)) == {mine, theirs}
    assert set(tickets_visible_to(world.staff_other_lpse)) == set()
    assert tickets_visible_to(_anonymous()).count() == 0
    world.reporter_a.is_active = False
    assert tickets_visible_to(world.reporter_a).count() == 0


def _anonymous() -> Any:
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_access_ticket_not_found_is_identical(ticket_world: TicketWorld) -> None:
    ticket = make_ticket(ticket_world)
    with pytest.raises(NotFound) as hidden:
        access_ticket(ticket_world.reporter_b, ticket.number)
    with pytest.raises(NotFound) as missing:
        access_ticket(ticket_world.reporter_b, "TPS2601019999")
    assert hidden.value.message == missing.value.message
    assert hidden.value.code == missing.value.code == "not_found"
    assert hidden.value.http_status == 404


def test_access_ticket_for_update_inside_atomic(ticket_world: TicketWorld) -> None:
    ticket = make_ticket(ticket_world)
    with transaction.atomic():
        locked = access_ticket(ticket_world.staff_lpse, ticket.number, for_update=True)
        assert isinstance(locked, Ticket)
        assert locked.pk == ticket.pk
    with pytest.raises(NotFound), transaction.atomic():
        access_ticket(ticket_world.staff_other_lpse, ticket.number, for_update=True)

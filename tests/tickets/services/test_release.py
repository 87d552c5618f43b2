"""``ticket_release`` and what triggers it (issue 10 row 5): the admin's delete, the sweep command
for changes that bypassed the signals, the per-ticket re-check, and that ordinary saves of users
and teams (every login saves the user) cost nothing."""

from __future__ import annotations

import threading
from io import StringIO

import pytest
from django.contrib.auth.models import update_last_login
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lpse_support.accounts.models import Team, TeamMembership, User
from lpse_support.core.errors import NotFound
from lpse_support.tickets.errors import InvalidTransition
from lpse_support.tickets.models import Ticket, TicketEvent
from lpse_support.tickets.services.ticket_release import (
    release_unheld,
    ticket_release,
    unheld_tickets,
)
from lpse_support.tickets.services.ticket_resolution import ticket_resolve
from lpse_support.tickets.workflow import Status
from tests.support.drive import MSG, drive_to
from tests.support.factories import UserFactory
from tests.support.ticket_world import TicketWorld
from tests.support.two_factor import login_verified

pytestmark = pytest.mark.django_db


def _status(ticket: Ticket) -> tuple[str, int | None]:
    fresh = Ticket.objects.get(pk=ticket.pk)
    return fresh.status, fresh.assignee_id


def test_deleting_the_membership_in_the_admin_releases_the_ticket(
    ticket_world: TicketWorld,
) -> None:
    ticket = drive_to(ticket_world, Status.DIKERJAKAN)
    membership = TeamMembership.objects.get(
        user=ticket_world.staff_lpse, team=ticket_world.team_lpse
    )
    admin = UserFactory.create(username="admin_y", is_superuser=True, is_staff=True)
    client = Client()
    login_verified(client, admin)

    response = client.post(
        f"/admin/accounts/teammembership/{membership.pk}/delete/", {"post": "yes"}
    )

    assert response.status_code == 302
    assert _status(ticket) == (Status.BARU, None)


def test_the_sweep_releases_what_bypassed_the_signals_and_is_idempotent(
    ticket_world: TicketWorld,
) -> None:
    ticket = drive_to(ticket_world, Status.DIKERJAKAN)
    TeamMembership.objects.filter(user=ticket_world.staff_lpse).update(
        team=ticket_world.team_other_lpse
    )  # no signal: the ticket is still "in their hands"
    assert _status(ticket) == (Status.DIKERJAKAN, ticket_world.staff_lpse.pk)
    assert list(unheld_tickets()) == [Ticket.objects.get(pk=ticket.pk)]

    first, second = StringIO(), StringIO()
    call_command("release_unheld_tickets", stdout=first)
    call_command("release_unheld_tickets", stdout=second)

    assert _status(ticket) == (Status.BARU, None)
    assert f"{ticket.number} dikembalikan ke antrean tim" in first.getvalue()
    assert "1 tiket dikembalikan" in first.getvalue()
    assert "0 tiket dikembalikan" in second.getvalue()


def test_an_assignee_back_in_the_team_keeps_the_ticket(ticket_world: TicketWorld) -> None:
    ticket = drive_to(ticket_world, Status.DIKERJAKAN)
    events = TicketEvent.objects.filter(ticket=ticket).count()

    assert ticket_release(ticket_number=ticket.number) is None

    assert _status(ticket) == (Status.DIKERJAKAN, ticket_world.staff_lpse.pk)
    assert TicketEvent.objects.filter(ticket=ticket).count() == events


def test_the_table_refuses_a_release_of_a_resolution_awaiting_the_reporter(
    ticket_world: TicketWorld,
) -> None:
    ticket = drive_to(ticket_world, Status.DIKERJAKAN)
    ticket_resolve(ticket_number=ticket.number, actor=ticket_world.staff_lpse, message=MSG)
    User.objects.filter(pk=ticket_world.staff_lpse.pk).update(is_active=False)

    with pytest.raises(InvalidTransition):
        ticket_release(ticket_number=ticket.number)
    assert release_unheld() == []  # not even looked at: nobody works on it now
    assert _status(ticket) == (Status.MENUNGGU_KONFIRMASI, ticket_world.staff_lpse.pk)


def test_every_ticket_in_the_hands_of_a_deactivated_account_is_released(
    ticket_world: TicketWorld,
) -> None:
    working = drive_to(ticket_world, Status.DIKERJAKAN)
    waiting = drive_to(ticket_world, Status.MENUNGGU_FEEDBACK)
    resolved = drive_to(ticket_world, Status.MENUNGGU_KONFIRMASI)
    user = User.objects.get(pk=ticket_world.staff_lpse.pk)

    user.is_active = False
    user.save(update_fields=["is_active"])

    assert _status(working) == (Status.BARU, None)
    assert _status(waiting) == (Status.BARU, None)
    assert _status(resolved) == (Status.MENUNGGU_KONFIRMASI, user.pk)


def test_saving_an_active_user_or_team_looks_at_no_ticket(ticket_world: TicketWorld) -> None:
    drive_to(ticket_world, Status.DIKERJAKAN)
    user = User.objects.get(pk=ticket_world.staff_lpse.pk)
    team = Team.objects.get(pk=ticket_world.team_lpse.pk)
    with CaptureQueriesContext(connection) as login:
        update_last_login(User, user)
    with CaptureQueriesContext(connection) as saves:
        user.save()
        team.save()
    assert len(login.captured_queries) == 1  # the UPDATE of last_login, nothing else
    assert not any("tickets_ticket" in query["sql"] for query in saves.captured_queries)


ROUNDS = 4


def _remove_while_resolving(world: TicketWorld, number: str) -> list[BaseException]:
    """One round: two threads, each on its own connection, start together."""
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def remove() -> None:
        try:
            barrier.wait(timeout=30)
            TeamMembership.objects.filter(
                user_id=world.staff_lpse.pk, team_id=world.team_lpse.pk
            ).delete()
        except BaseException as exc:  # judged by the caller
            errors.append(exc)
        finally:
            connection.close()

    def resolve() -> None:
        try:
            barrier.wait(timeout=30)
            actor = User.objects.get(pk=world.staff_lpse.pk)
            ticket_resolve(ticket_number=number, actor=actor, message=MSG)
        except (NotFound, InvalidTransition):
            pass  # the removal came first: refused, as it should be
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=remove), threading.Thread(target=resolve)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return errors


@pytest.mark.needs_file_db
@pytest.mark.django_db(transaction=True)
def test_leaving_the_team_while_resolving_never_leaves_the_ticket_in_departed_hands(
    ticket_world: TicketWorld,
) -> None:
    """The admin removes the assignee from the team while the assignee presses Selesaikan
    Masalah. Either the resolution came first (it stands, no release) or the removal did (back in
    the queue, the resolution refused) — never both, and never a working ticket in the hands of
    someone outside the team."""
    for _ in range(ROUNDS):
        TeamMembership.objects.get_or_create(
            user=ticket_world.staff_lpse, team=ticket_world.team_lpse
        )
        ticket = drive_to(
            ticket_world,
            Status.DIKERJAKAN,
            assignee=User.objects.get(pk=ticket_world.staff_lpse.pk),
        )
        assert _remove_while_resolving(ticket_world, ticket.number) == []
        after = Ticket.objects.get(pk=ticket.pk)
        actions = list(
            TicketEvent.objects.filter(ticket=ticket)
            .order_by("id")
            .values_list("action", flat=True)
        )
        if after.status == Status.MENUNGGU_KONFIRMASI:
            assert actions[-1] == "resolve" and "release" not in actions
        else:
            assert (after.status, after.assignee_id) == (Status.BARU, None)
            assert actions[-1] == "release" and "resolve" not in actions

"""``access.audience`` states the scope rule (``tickets_visible_to``) and the internal-note rule
(``may_see_internal_notes``) as conditions on users, so that a recipient list is one query. The
two statements must agree for every kind of user, before and after each way a membership ends,
and on a ticket that passed through several teams."""

from __future__ import annotations

import pytest

from lpse_support.accounts.models import User
from lpse_support.tickets.access import audience, may_see_internal_notes, tickets_visible_to
from lpse_support.tickets.models import Ticket
from lpse_support.tickets.services.ticket_escalate import ticket_escalate
from lpse_support.tickets.services.ticket_take import ticket_take
from tests.security import scope_scene
from tests.security.scope_scene import CHANGES, MSG, Scene
from tests.support.factories import UserFactory
from tests.support.ticket_world import make_ticket

pytestmark = pytest.mark.django_db

scene = scope_scene.scene


def _by_the_pages(ticket: Ticket, users: list[User], *, internal: bool) -> set[str]:
    """Who the page rules let look, asked one person at a time."""
    return {
        user.username
        for user in users
        if user.is_active
        and tickets_visible_to(user).filter(pk=ticket.pk).exists()
        and (not internal or may_see_internal_notes(user, ticket))
    }


def _agree(ticket: Ticket) -> None:
    users = list(User.objects.all())
    for internal in (False, True):
        told = {
            user.username for user in audience(ticket, [u.pk for u in users], internal=internal)
        }
        assert told == _by_the_pages(ticket, users, internal=internal), internal


def test_audience_is_the_scope_rule_for_every_kind_of_user(scene: Scene) -> None:
    UserFactory.create(username="tidak_aktif", is_active=False, is_superuser=True)
    _agree(scene.ticket())


@pytest.mark.parametrize("change", list(CHANGES))
def test_audience_follows_a_membership_that_ends(scene: Scene, change: str) -> None:
    CHANGES[change](scene)
    _agree(scene.ticket())


def test_audience_counts_the_teams_a_ticket_passed_through(scene: Scene) -> None:
    world = scene.world
    ticket_escalate(ticket_number=scene.number, actor=scene.assignee, message=MSG)
    ticket_take(ticket_number=scene.number, actor=world.helpdesk_lkpp)
    _agree(scene.ticket())
    # A staff member reporting a ticket is its reporter: never told of its internal notes.
    staff_ticket = make_ticket(world, reporter=world.staff_lpse)
    ticket_take(ticket_number=staff_ticket.number, actor=world.helpdesk_lkpp)
    _agree(staff_ticket)

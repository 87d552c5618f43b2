"""Who is told about each event (SPEC R-NOTIF), driven through the real ticket services."""

from __future__ import annotations

import pytest

from lpse_support.accounts.models import User
from lpse_support.notifications.recipients import recipients_for
from lpse_support.tickets.models import Ticket
from lpse_support.tickets.services.ticket_close import ticket_force_close
from lpse_support.tickets.services.ticket_comment import ticket_comment
from lpse_support.tickets.services.ticket_escalate import ticket_escalate
from lpse_support.tickets.services.ticket_feedback import (
    ticket_give_feedback,
    ticket_request_feedback,
)
from lpse_support.tickets.services.ticket_rate import ticket_rate
from lpse_support.tickets.services.ticket_reclassify import ticket_reclassify
from lpse_support.tickets.services.ticket_resolution import (
    ticket_auto_confirm,
    ticket_confirm,
    ticket_reject,
    ticket_resolve,
)
from lpse_support.tickets.services.ticket_take import ticket_take
from lpse_support.tickets.workflow import Action, FeedbackFrom
from tests.notifications.helpers import MSG, last_event
from tests.support.factories import TeamFactory, UserFactory
from tests.support.ticket_world import TicketWorld, make_ticket
from tests.support.users import fresh

pytestmark = pytest.mark.django_db


def told(number: str, action: Action) -> set[str]:
    event = last_event(number)
    assert event.action == action
    names = {user.username for user in recipients_for(event)}
    actor = event.actor.username if event.actor else None
    assert actor not in names, "the actor is never told about their own action"
    return names


@pytest.fixture
def second_lpse_member(ticket_world: TicketWorld) -> User:
    user: User = UserFactory.create(username="helpdesk_mks_2", home_lpse=ticket_world.lpse)
    ticket_world.team_lpse.members.add(user)
    return user


def _taken(world: TicketWorld) -> str:
    number = make_ticket(world).number
    ticket_take(ticket_number=number, actor=world.staff_lpse)
    return number


def _resolved(world: TicketWorld) -> str:
    number = _taken(world)
    ticket_resolve(ticket_number=number, actor=world.staff_lpse, message=MSG)
    return number


def test_create_tells_every_member_of_the_target_team(
    ticket_world: TicketWorld, second_lpse_member: User
) -> None:
    number = make_ticket(ticket_world).number
    assert told(number, Action.CREATE) == {"helpdesk_mks", "helpdesk_mks_2"}


def test_create_by_a_member_of_the_target_team_does_not_tell_themself(
    ticket_world: TicketWorld,
) -> None:
    """Tier-3 staff file to their own tier (the last one): the filer is in the target team."""
    filer, colleague = UserFactory.create_batch(2, home_lpse=None)
    TeamFactory.create(
        tier=3, lpse=None, directorate=ticket_world.directorate, members=[filer, colleague]
    )
    number = make_ticket(ticket_world, reporter=filer).number
    assert told(number, Action.CREATE) == {colleague.username}


def test_take_tells_the_reporter(ticket_world: TicketWorld, second_lpse_member: User) -> None:
    assert told(_taken(ticket_world), Action.TAKE) == {"ppk_a"}


def test_reclassify_tells_the_reporter(ticket_world: TicketWorld) -> None:
    number = _taken(ticket_world)
    ticket_reclassify(
        ticket_number=number,
        actor=ticket_world.staff_lpse,
        subcategory_id=ticket_world.deadline_subcategory.pk,
    )
    assert told(number, Action.RECLASSIFY) == {"ppk_a"}


def test_feedback_from_the_reporter_round_trip(ticket_world: TicketWorld) -> None:
    number = _taken(ticket_world)
    ticket_request_feedback(ticket_number=number, actor=ticket_world.staff_lpse, message=MSG)
    assert told(number, Action.REQUEST_FEEDBACK) == {"ppk_a"}
    ticket_give_feedback(ticket_number=number, actor=ticket_world.reporter_a, message=MSG)
    assert told(number, Action.GIVE_FEEDBACK) == {"helpdesk_mks"}


def test_escalate_tells_the_new_team_and_the_reporter(
    ticket_world: TicketWorld, second_lpse_member: User
) -> None:
    number = _taken(ticket_world)
    ticket_escalate(ticket_number=number, actor=ticket_world.staff_lpse, message=MSG)
    assert told(number, Action.ESCALATE) == {"helpdesk_lkpp", "ppk_a"}


def test_feedback_from_the_escalating_team_tells_its_members(
    ticket_world: TicketWorld, second_lpse_member: User
) -> None:
    world = ticket_world
    number = _taken(world)
    ticket_escalate(ticket_number=number, actor=world.staff_lpse, message=MSG)
    ticket_take(ticket_number=number, actor=world.helpdesk_lkpp)
    ticket_request_feedback(
        ticket_number=number,
        actor=world.helpdesk_lkpp,
        message=MSG,
        from_party=FeedbackFrom.TEAM,
    )
    assert told(number, Action.REQUEST_FEEDBACK) == {"helpdesk_mks", "helpdesk_mks_2"}
    ticket_give_feedback(ticket_number=number, actor=fresh(second_lpse_member), message=MSG)
    assert told(number, Action.GIVE_FEEDBACK) == {"helpdesk_lkpp"}


def test_resolve_tells_the_reporter(ticket_world: TicketWorld) -> None:
    assert told(_resolved(ticket_world), Action.RESOLVE) == {"ppk_a"}


def test_reject_tells_the_resolver(ticket_world: TicketWorld) -> None:
    number = _resolved(ticket_world)
    ticket_reject(ticket_number=number, actor=ticket_world.reporter_a, message=MSG)
    assert told(number, Action.REJECT) == {"helpdesk_mks"}


def test_confirm_and_rate_tell_the_handler(ticket_world: TicketWorld) -> None:
    number = _resolved(ticket_world)
    ticket_confirm(ticket_number=number, actor=ticket_world.reporter_a)
    assert told(number, Action.CONFIRM) == {"helpdesk_mks"}
    ticket_rate(ticket_number=number, actor=ticket_world.reporter_a, stars=5)
    assert told(number, Action.RATE) == {"helpdesk_mks"}


def test_auto_confirm_tells_the_handler(ticket_world: TicketWorld) -> None:
    number = _resolved(ticket_world)
    ticket_auto_confirm(ticket_number=number)
    assert told(number, Action.AUTO_CONFIRM) == {"helpdesk_mks"}


def test_close_tells_the_handler(ticket_world: TicketWorld) -> None:
    number = _taken(ticket_world)
    ticket_force_close(ticket_number=number, actor=ticket_world.reporter_a)
    assert told(number, Action.CLOSE) == {"helpdesk_mks"}


def test_close_of_an_untaken_ticket_has_no_handler_to_tell(ticket_world: TicketWorld) -> None:
    number = make_ticket(ticket_world).number
    ticket_force_close(ticket_number=number, actor=ticket_world.reporter_a)
    assert told(number, Action.CLOSE) == set()


def test_comment_tells_the_other_parties(
    ticket_world: TicketWorld, second_lpse_member: User
) -> None:
    world = ticket_world
    number = make_ticket(world).number
    ticket_comment(ticket_number=number, actor=world.reporter_a, message="Ada kabar?")
    assert told(number, Action.COMMENT) == {"helpdesk_mks", "helpdesk_mks_2"}  # nobody holds it
    ticket_take(ticket_number=number, actor=world.staff_lpse)
    ticket_comment(ticket_number=number, actor=world.reporter_a, message="Ada kabar?")
    assert told(number, Action.COMMENT) == {"helpdesk_mks"}
    ticket_comment(ticket_number=number, actor=world.staff_lpse, message="Sedang dicek.")
    assert told(number, Action.COMMENT) == {"ppk_a"}


def test_internal_note_never_tells_the_reporter(
    ticket_world: TicketWorld, second_lpse_member: User
) -> None:
    world = ticket_world
    number = _taken(world)
    ticket_comment(
        ticket_number=number, actor=world.staff_lpse, message="Cek log server.", internal=True
    )
    assert told(number, Action.INTERNAL_NOTE) == {"helpdesk_mks_2"}
    ticket_comment(
        ticket_number=number,
        actor=fresh(second_lpse_member),
        message="Log sudah dicek.",
        internal=True,
    )
    assert told(number, Action.INTERNAL_NOTE) == {"helpdesk_mks"}


def test_internal_note_skips_a_reporter_who_is_also_staff(ticket_world: TicketWorld) -> None:
    filer, colleague = UserFactory.create_batch(2, home_lpse=None)
    TeamFactory.create(
        tier=3, lpse=None, directorate=ticket_world.directorate, members=[filer, colleague]
    )
    number = make_ticket(ticket_world, reporter=filer).number
    ticket_take(ticket_number=number, actor=colleague)
    ticket_comment(ticket_number=number, actor=colleague, message="Catatan.", internal=True)
    assert told(number, Action.INTERNAL_NOTE) == set()


def test_inactive_accounts_are_not_told(
    ticket_world: TicketWorld, second_lpse_member: User
) -> None:
    User.objects.filter(pk=second_lpse_member.pk).update(is_active=False)
    number = make_ticket(ticket_world).number
    assert told(number, Action.CREATE) == {"helpdesk_mks"}


def test_the_actor_is_never_told_along_a_whole_ticket_life(ticket_world: TicketWorld) -> None:
    """``told`` asserts it for every event; this walks one ticket through most actions."""
    world = ticket_world
    number = _resolved(world)
    ticket_reject(ticket_number=number, actor=world.reporter_a, message=MSG)
    ticket_resolve(ticket_number=number, actor=world.staff_lpse, message=MSG)
    ticket_confirm(ticket_number=number, actor=world.reporter_a)
    for event in Ticket.objects.get(number=number).events.select_related("ticket"):
        assert event.actor_id not in {user.pk for user in recipients_for(event)}

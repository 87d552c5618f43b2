"""Leaving a team (issue 10 row 5; docs/workflow.md "Leaving a team"): the rights end at once and
the tickets the person was working on go back to the team queue."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lpse_support.accounts.models import Team, TeamMembership, User
from lpse_support.notifications.recipients import recipients_for
from lpse_support.tickets.access import tickets_visible_to
from lpse_support.tickets.models import Ticket, TicketEvent
from lpse_support.tickets.parties import allowed_actions
from lpse_support.tickets.services.ticket_comment import ticket_comment
from lpse_support.tickets.services.ticket_escalate import ticket_escalate
from lpse_support.tickets.services.ticket_feedback import ticket_request_feedback
from lpse_support.tickets.services.ticket_resolution import ticket_reject, ticket_resolve
from lpse_support.tickets.services.ticket_take import ticket_take
from lpse_support.tickets.workflow import Action, FeedbackFrom, Status
from tests.security import scope_scene
from tests.security.scope_scene import (
    API,
    CHANGES,
    MSG,
    RELEASE_LABEL,
    Scene,
    _history,
    _removed,
    _tokens,
)
from tests.support.ticket_world import TicketWorld, make_ticket

pytestmark = pytest.mark.django_db

scene = scope_scene.scene


# --- row 5: leaving a team ends the rights at once and frees the ticket ------------------------


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_departed_assignee_can_do_nothing_and_the_ticket_is_back_in_the_queue(
    scene: Scene, change: str
) -> None:
    tokens = _tokens(scene)
    CHANGES[change](scene)
    ticket = scene.ticket()
    assert (ticket.status, ticket.assignee_id) == (Status.BARU, None), change
    assert ticket.position == scene.world.team_lpse.position_label
    release = TicketEvent.objects.filter(ticket=ticket).order_by("-id").first()
    assert release is not None and release.action == "release" and release.actor_id is None
    assert (release.from_status, release.to_status) == (Status.DIKERJAKAN, Status.BARU)
    reason = {
        "team_deactivated": "team_inactive",
        "account_deactivated": "account_inactive",
    }.get(change, "left_team")
    assert release.data["reason"] == reason

    departed = User.objects.get(pk=scene.assignee.pk)
    page = Client()
    page.force_login(departed)
    api = Client(headers={"authorization": f"Bearer {tokens['assignee']}"})
    denied = 302 if change == "account_deactivated" else 404
    denied_api = 401 if change == "account_deactivated" else 404
    for name in ("take", "resolve", "comment"):
        data = {"message": MSG, "tindakan": "resolve"}
        assert page.post(reverse(f"tickets:{name}", args=[scene.number]), data).status_code == (
            denied
        ), name
    assert (
        page.post(
            reverse("tickets:comment", args=[scene.number]), {"message": MSG, "internal": "on"}
        ).status_code
        == denied
    )
    assert api.post(f"{API}/{scene.number}/resolve", {"message": MSG}).status_code == denied_api
    assert api.post(f"{API}/{scene.number}/take").status_code == denied_api
    assert not tickets_visible_to(departed).filter(number=scene.number).exists()
    after = scene.ticket()
    assert (after.status, after.assignee_id) == (Status.BARU, None)


def test_the_release_shows_in_riwayat_in_indonesian_for_every_party(scene: Scene) -> None:
    _removed(scene)
    for viewer in ("reporter", "colleague"):
        client = Client()
        client.force_login(scene.users[viewer])
        html = client.get(reverse("tickets:detail", args=[scene.number])).content.decode()
        assert RELEASE_LABEL in _history(html), viewer
        assert "Belum Diambil" in _history(html)
        assert "tidak lagi menangani tiket di tim ini" in html


def test_a_colleague_takes_the_released_ticket(scene: Scene) -> None:
    _removed(scene)
    colleague = User.objects.get(pk=scene.users["colleague"].pk)
    ticket_take(ticket_number=scene.number, actor=colleague)
    assert scene.ticket().assignee_id == colleague.pk


def test_waiting_for_the_reporter_goes_back_to_the_queue_and_the_question_is_withdrawn(
    scene: Scene,
) -> None:
    ticket_request_feedback(ticket_number=scene.number, actor=scene.assignee, message=MSG)
    assert scene.ticket().waiting_since is not None
    _removed(scene)
    ticket = scene.ticket()
    assert (ticket.status, ticket.assignee_id) == (Status.BARU, None)
    assert (ticket.feedback_from, ticket.feedback_team_id, ticket.waiting_since) == ("", None, None)
    assert ticket.position == scene.world.team_lpse.position_label


def test_a_question_to_the_lower_team_is_withdrawn_when_the_asker_leaves(
    ticket_world: TicketWorld,
) -> None:
    world = ticket_world
    ticket = make_ticket(world)
    number = ticket.number
    ticket_take(ticket_number=number, actor=world.staff_lpse)
    ticket_escalate(ticket_number=number, actor=world.staff_lpse, message=MSG)
    ticket_take(ticket_number=number, actor=world.helpdesk_lkpp)
    ticket_request_feedback(
        ticket_number=number,
        actor=world.helpdesk_lkpp,
        message=MSG,
        from_party=FeedbackFrom.TEAM,
    )
    world.team_lkpp.members.remove(world.helpdesk_lkpp)
    after = Ticket.objects.get(number=number)
    assert (after.status, after.team_id, after.assignee_id) == (
        Status.BARU,
        world.team_lkpp.pk,
        None,
    )
    assert (after.feedback_from, after.feedback_team_id) == ("", None)
    assert after.position == world.team_lkpp.position_label
    # The lower team keeps what an earlier team has: the Diskusi, not the question.
    lpse_staff = User.objects.get(pk=world.staff_lpse.pk)
    assert allowed_actions(after, lpse_staff) == [Action.COMMENT, Action.INTERNAL_NOTE]


def test_a_resolution_stands_and_a_rejection_goes_to_the_queue_not_the_departed(
    scene: Scene,
) -> None:
    ticket_resolve(ticket_number=scene.number, actor=scene.assignee, message=MSG)
    _removed(scene)
    waiting = scene.ticket()
    assert waiting.status == Status.MENUNGGU_KONFIRMASI  # the reporter still decides
    assert not tickets_visible_to(User.objects.get(pk=scene.assignee.pk)).exists()

    ticket_reject(ticket_number=scene.number, actor=scene.users["reporter"], message=MSG)

    ticket = scene.ticket()
    assert (ticket.status, ticket.assignee_id) == (Status.BARU, None)
    actions = list(
        TicketEvent.objects.filter(ticket=ticket).order_by("id").values_list("action", flat=True)
    )
    assert actions[-2:] == ["reject", "release"]


def test_an_assignee_still_in_the_team_keeps_the_ticket(scene: Scene) -> None:
    """Changes that do not touch the holder's standing release nothing."""
    TeamMembership.objects.create(user=scene.assignee, team=scene.world.team_other_lpse)
    TeamMembership.objects.filter(user=scene.users["colleague"]).delete()
    other = Team.objects.get(pk=scene.world.team_other_lpse.pk)
    other.active = False
    other.save()
    ticket = scene.ticket()
    assert (ticket.status, ticket.assignee_id) == (Status.DIKERJAKAN, scene.assignee.pk)


def test_the_departed_is_told_nothing_more_and_the_team_is_told_of_the_release(
    scene: Scene,
) -> None:
    ticket_resolve(ticket_number=scene.number, actor=scene.assignee, message=MSG)
    _removed(scene)
    ticket_comment(ticket_number=scene.number, actor=scene.users["reporter"], message=MSG)
    comment = TicketEvent.objects.filter(ticket__number=scene.number).order_by("-id").first()
    assert comment is not None and comment.assignee_id == scene.assignee.pk
    assert scene.assignee not in set(recipients_for(comment))

    scene_ticket = scene.ticket()
    ticket_reject(ticket_number=scene.number, actor=scene.users["reporter"], message=MSG)
    release = TicketEvent.objects.filter(ticket=scene_ticket).order_by("-id").first()
    assert release is not None and release.action == "release"
    assert set(recipients_for(release)) == {scene.users["colleague"]}

"""The scene of the scope security tests: one ticket with a file on the description, a staff reply
with a file and an internal note with a file; the users around it; and the ways the assignee's
team membership can end."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from lpse_support.accounts.models import Team, TeamMembership, User
from lpse_support.api.tokens import token_create
from lpse_support.tickets.models import Ticket, TicketAttachment
from lpse_support.tickets.services.ticket_comment import ticket_comment
from lpse_support.tickets.services.ticket_take import ticket_take
from tests.support.factories import DirectorateFactory, UserFactory
from tests.support.ticket_world import TicketWorld, make_ticket
from tests.support.two_factor import sign_in
from tests.support.uploads import sample_upload

API = "/api/v1/tickets"
NOTE = "Catatan rahasia tim: kredensial server uji ada di brankas."
REPLY = "Silakan coba unggah ulang dokumen setelah membersihkan cache peramban."
MSG = "Mohon dicek kembali pengaturan jadwal tahapan tender ini."
RELEASE_LABEL = "Dikembalikan ke antrean tim"
INTERNAL_LABEL = "Catatan Internal"


@dataclass
class Scene:
    """A ticket of reporter_a taken by staff_lpse (the assignee) in the LPSE team, with a file on
    the description (1), a staff reply with a file (2) and an internal note with a file (3)."""

    world: TicketWorld
    number: str
    users: dict[str, User]
    internal_sequence: int

    @property
    def assignee(self) -> User:
        return self.users["assignee"]

    def ticket(self) -> Ticket:
        return Ticket.objects.get(number=self.number)


def _build(world: TicketWorld) -> Scene:
    colleague = UserFactory.create(username="verifikator_mks", home_lpse=world.lpse)
    TeamMembership.objects.create(team=world.team_lpse, user=colleague)
    users = {
        "reporter": world.reporter_a,
        "other_reporter": world.reporter_b,
        "assignee": world.staff_lpse,
        "colleague": colleague,
        "other_lpse_staff": world.staff_other_lpse,
        "tier2_uninvolved": world.helpdesk_lkpp,
        "supervisor_national": UserFactory.create(username="sup_nas", is_supervisor=True),
        "supervisor_own": UserFactory.create(
            username="sup_spse", is_supervisor=True, supervised_directorate=world.directorate
        ),
        "supervisor_other": UserFactory.create(
            username="sup_lain",
            is_supervisor=True,
            supervised_directorate=DirectorateFactory.create(),
        ),
        "admin": UserFactory.create(username="admin_x", is_superuser=True, is_staff=True),
    }
    ticket = make_ticket(world, files=[sample_upload("Bukti Layar.png")])
    number = ticket.number
    staff = world.staff_lpse
    ticket_take(ticket_number=number, actor=staff)
    ticket_comment(
        ticket_number=number, actor=staff, message=REPLY, files=[sample_upload("panduan.pdf")]
    )
    ticket_comment(
        ticket_number=number,
        actor=staff,
        message=NOTE,
        internal=True,
        files=[sample_upload("log server.txt")],
    )
    internal = TicketAttachment.objects.get(ticket__number=number, message__is_internal=True)
    return Scene(world=world, number=number, users=users, internal_sequence=internal.sequence)


@pytest.fixture
def scene(ticket_world: TicketWorld) -> Scene:
    return _build(ticket_world)


# --- membership changes of the assignee --------------------------------------------------------


def _removed(scene: Scene) -> None:
    TeamMembership.objects.filter(user=scene.assignee).delete()


def _removed_through_team(scene: Scene) -> None:
    scene.world.team_lpse.members.remove(scene.assignee)


def _moved(scene: Scene) -> None:
    TeamMembership.objects.filter(user=scene.assignee).delete()
    TeamMembership.objects.create(user=scene.assignee, team=scene.world.team_other_lpse)


def _moved_by_editing_the_row(scene: Scene) -> None:
    """The admin inline changes the team of the existing membership row."""
    membership = TeamMembership.objects.get(user=scene.assignee, team=scene.world.team_lpse)
    membership.team = scene.world.team_other_lpse
    membership.save()


def _team_deactivated(scene: Scene) -> None:
    team = Team.objects.get(pk=scene.world.team_lpse.pk)
    team.active = False
    team.save()


def _account_deactivated(scene: Scene) -> None:
    user = User.objects.get(pk=scene.assignee.pk)
    user.is_active = False
    user.save()


CHANGES: dict[str, Callable[[Scene], None]] = {
    "removed": _removed,
    "removed_through_team": _removed_through_team,
    "moved": _moved,
    "moved_by_editing_the_row": _moved_by_editing_the_row,
    "team_deactivated": _team_deactivated,
    "account_deactivated": _account_deactivated,
}

# viewer → (sees the ticket, sees internal notes) with nobody's membership changed.
UNCHANGED = {
    "reporter": (True, False),
    "other_reporter": (False, False),
    "assignee": (True, True),
    "colleague": (True, True),
    "other_lpse_staff": (False, False),
    "tier2_uninvolved": (False, False),
    "supervisor_national": (True, True),
    "supervisor_own": (True, True),
    "supervisor_other": (False, False),
    "admin": (True, True),
}


def expected(viewer: str, change: str | None) -> tuple[bool, bool]:
    if change is not None and viewer == "assignee":
        return (False, False)
    if change == "team_deactivated" and viewer == "colleague":
        return (False, False)  # the colleague's only team is gone as well
    return UNCHANGED[viewer]


def _logged_in(scene: Scene, viewer: str = "reporter") -> Client:
    client = Client()
    sign_in(client, scene.users[viewer])
    return client


def _streamed(response: Any) -> bytes:
    """The body. The test client closes a streamed response when its iterator is exhausted;
    closing it a second time would close the test's database connection."""
    return b"".join(response.streaming_content) if response.streaming else bytes(response.content)


def _history(html: str) -> str:
    found = re.search(r'<ol class="[^"]*ticket-history"[^>]*>(.*?)</ol>', html, re.S)
    return found.group(1) if found else ""


def _tokens(scene: Scene) -> dict[str, str]:
    """Personal API tokens, made before any change (a deactivated account keeps its token)."""
    return {name: token_create(user=user, name="tes").secret for name, user in scene.users.items()}

"""The workflow world: the ticket world plus a second member in the LPSE and LKPP teams
(two people who can take the same ticket) and a tier-3 team, so every action has a target."""

from __future__ import annotations

from dataclasses import dataclass

from lpse_support.accounts.models import Team, TeamMembership, User
from tests.support.factories import TeamFactory, UserFactory
from tests.support.ticket_world import TicketWorld


@dataclass
class Flow:
    world: TicketWorld
    staff_lpse_2: User
    helpdesk_lkpp_2: User
    team_t3: Team
    teknis: User


def build_flow(world: TicketWorld) -> Flow:
    staff_lpse_2 = UserFactory.create(
        username="verifikator_mks",
        full_name="Verifikator Makassar",
        reporter_category=world.category_ppk,
        home_lpse=world.lpse,
    )
    TeamMembership.objects.create(team=world.team_lpse, user=staff_lpse_2)
    helpdesk_lkpp_2 = UserFactory.create(
        username="helpdesk_lkpp_2", reporter_category=world.category_ppk, home_lpse=None
    )
    TeamMembership.objects.create(team=world.team_lkpp, user=helpdesk_lkpp_2)
    teknis = UserFactory.create(
        username="timteknis_spse", reporter_category=world.category_ppk, home_lpse=None
    )
    team_t3 = TeamFactory.create(
        name="Tim Teknis SPSE",
        tier=3,
        lpse=None,
        directorate=world.directorate,
        position_label="Tim Teknis",
        members=[teknis],
    )
    return Flow(
        world=world,
        staff_lpse_2=staff_lpse_2,
        helpdesk_lkpp_2=helpdesk_lkpp_2,
        team_t3=team_t3,
        teknis=teknis,
    )

"""The people and teams of the state machine test, created once for all examples: the ticket
world's reporters and staff, a tier-3 team and a second tier-3 team it escalates to, who belongs to
which team, where each creator's new ticket goes and where each team escalates; and who the random
steps pick and the paths that drive the first tickets deep into the workflow."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st

from lpse_support.accounts.models import Team, User
from tests.support.factories import DirectorateFactory, TeamFactory, UserFactory
from tests.support.flow import build_flow
from tests.support.ticket_world import TicketWorld

USERS = (
    "reporter_a",
    "reporter_b",
    "staff_lpse",
    "staff_other_lpse",
    "helpdesk_lkpp",
    "teknis",
    "teknis_b",
    "lead_lpse",
)
CREATORS = ("reporter_a", "reporter_b", "staff_lpse")
# Some picks name a user outright, most name a role resolved against the ticket at that step (its
# reporter, assignee, a member of its team, the party asked): random users keep probing the
# refusals, the roles let the walks get deep into the workflow. Closing (open to the reporter
# from every open status) picks users only, or it would end most walks early.
ROLES = ("@reporter", "@assignee", "@team", "@asked", "@lead")
WHO = st.sampled_from(ROLES * 3 + USERS)
MAX_TICKETS = 3
PATHS = (
    (),
    ("take",),
    ("take", "ask_reporter"),
    ("take", "escalate", "take", "ask_team"),
    ("take", "resolve"),
    ("take", "escalate", "take", "resolve"),
    ("take", "resolve", "confirm"),
    ("take", "close"),
    ("take", "reclassify", "ask_reporter", "answer"),
    ("take", "resolve", "reject"),
    ("take", "resolve", "confirm", "rate"),
    ("take", "unassign"),
    ("take", "reassign"),
    ("take", "ask_reporter", "recall"),
)


@dataclass
class Cast:
    """Users and teams created once for all examples (only tickets live inside an example)."""

    world: TicketWorld
    users: dict[str, User]
    member_of: dict[str, set[int]]
    teams: dict[str, Team]
    first_team: dict[str, Team]  # routing of a new ticket per creator (R-ORG-3)
    escalates_to: dict[int, Team]  # each team has exactly one target in this world
    member_name: dict[int, str]  # the one acting member of each team
    leads: dict[str, set[int]]  # the teams each user leads (Ketua tim)
    tier1: set[int]  # the tier-1 teams (their members see what a colleague filed upward)


def build_cast(world: TicketWorld) -> Cast:
    flow = build_flow(world)
    teknis_b = UserFactory.create(
        username="timteknis_katalog", reporter_category=world.category_ppk, home_lpse=None
    )
    team_t3b = TeamFactory.create(
        name="Tim Teknis Katalog",
        tier=3,
        lpse=None,
        directorate=DirectorateFactory.create(name="Direktorat Katalog"),
        position_label="Tim Teknis Katalog",
        members=[teknis_b],
    )
    lead_lpse = UserFactory.create(
        username="ketua_mks", reporter_category=world.category_ppk, home_lpse=world.lpse
    )
    world.team_lpse.memberships.create(user=lead_lpse, is_lead=True)
    users = {
        "lead_lpse": lead_lpse,
        "reporter_a": world.reporter_a,
        "reporter_b": world.reporter_b,
        "staff_lpse": world.staff_lpse,
        "staff_other_lpse": world.staff_other_lpse,
        "helpdesk_lkpp": world.helpdesk_lkpp,
        "teknis": flow.teknis,
        "teknis_b": teknis_b,
    }
    teams = {
        "lpse": world.team_lpse,
        "other_lpse": world.team_other_lpse,
        "lkpp": world.team_lkpp,
        "t3": flow.team_t3,
        "t3b": team_t3b,
    }
    member_of: dict[str, set[int]] = {name: set() for name in users}
    member_of["staff_lpse"] = {world.team_lpse.pk}
    member_of["staff_other_lpse"] = {world.team_other_lpse.pk}
    member_of["helpdesk_lkpp"] = {world.team_lkpp.pk}
    member_of["teknis"] = {flow.team_t3.pk}
    member_of["teknis_b"] = {team_t3b.pk}
    member_of["lead_lpse"] = {world.team_lpse.pk}
    return Cast(
        world=world,
        users=users,
        member_of=member_of,
        teams=teams,
        first_team={
            "reporter_a": world.team_lpse,
            "reporter_b": world.team_lpse,
            "staff_lpse": world.team_lkpp,  # tier-1 staff file to tier 2
        },
        member_name={
            world.team_lpse.pk: "staff_lpse",
            world.team_other_lpse.pk: "staff_other_lpse",
            world.team_lkpp.pk: "helpdesk_lkpp",
            flow.team_t3.pk: "teknis",
            team_t3b.pk: "teknis_b",
        },
        leads={"lead_lpse": {world.team_lpse.pk}},
        tier1={world.team_lpse.pk, world.team_other_lpse.pk},
        escalates_to={
            world.team_lpse.pk: world.team_lkpp,
            world.team_lkpp.pk: flow.team_t3,
            flow.team_t3.pk: team_t3b,
            team_t3b.pk: flow.team_t3,
        },
    )

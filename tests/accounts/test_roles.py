"""Role predicates (lpse_support.accounts.roles): roles come from team membership and flags."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from pytest_django import DjangoAssertNumQueries

from lpse_support.accounts import roles
from lpse_support.accounts.models import Team, User
from lpse_support.accounts.viewer import Viewer
from tests.support.factories import DirectorateFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def _member_of(*teams: Team) -> User:
    user: User = UserFactory.create()
    for team in teams:
        team.members.add(user)
    return user


def _lkpp_team(tier: int, *, active: bool = True) -> Team:
    team: Team = TeamFactory.create(
        tier=tier, lpse=None, directorate=DirectorateFactory.create(), active=active
    )
    return team


def test_plain_reporter() -> None:
    user = UserFactory.create()
    assert roles.is_plain_reporter(user)
    assert roles.highest_tier(user) == 0
    assert roles.support_tiers(user) == frozenset()
    assert not roles.is_support_staff(user)
    assert not (roles.is_level1(user) or roles.is_level2(user) or roles.is_level3(user))
    assert roles.role_label(user) == "Pelapor"


@pytest.mark.parametrize(
    ("tier", "predicate", "label"),
    [
        (1, roles.is_level1, "LPSE Level 1"),
        (2, roles.is_level2, "Helpdesk LKPP"),
        (3, roles.is_level3, "Tim Teknis LKPP"),
    ],
)
def test_each_tier(tier: int, predicate: Callable[[Any], bool], label: str) -> None:
    team = TeamFactory.create() if tier == 1 else _lkpp_team(tier)
    user = _member_of(team)
    assert predicate(user)
    assert roles.is_support_staff(user)
    assert not roles.is_plain_reporter(user)
    assert roles.highest_tier(user) == tier
    assert roles.role_label(user) == label


def test_several_teams_highest_tier_wins() -> None:
    user = _member_of(TeamFactory.create(), _lkpp_team(2))
    assert roles.support_tiers(user) == frozenset({1, 2})
    assert roles.is_level1(user) and roles.is_level2(user) and not roles.is_level3(user)
    assert roles.highest_tier(user) == 2
    assert roles.role_label(user) == "Helpdesk LKPP"


def test_inactive_team_does_not_count() -> None:
    user = _member_of(_lkpp_team(3, active=False))
    assert not roles.is_level3(user)
    assert roles.highest_tier(user) == 0
    assert roles.is_plain_reporter(user)
    assert roles.role_label(user) == "Pelapor"


def test_supervisor() -> None:
    user = UserFactory.create(is_supervisor=True)
    assert roles.is_supervisor(user)
    assert not roles.is_plain_reporter(user)
    assert roles.role_label(user) == "Supervisor"


def test_admin_label_wins_over_everything() -> None:
    user = _member_of(_lkpp_team(2))
    user.is_superuser = True
    user.is_supervisor = True
    assert roles.is_admin(user)
    assert roles.role_label(user) == "Admin"


def test_anonymous_user_has_no_role() -> None:
    anonymous = AnonymousUser()
    assert roles.support_tiers(anonymous) == frozenset()
    assert not roles.is_supervisor(anonymous)
    assert not roles.is_admin(anonymous)
    assert not roles.is_plain_reporter(anonymous)


def test_tiers_are_read_once_per_viewer(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    """Read once per request: the request's ``Viewer`` holds the teams (issue 12 item 5)."""
    user = _member_of(TeamFactory.create())
    fresh = User.objects.get(pk=user.pk)
    with django_assert_num_queries(1):
        viewer = Viewer.of(fresh)
        roles.is_level1(viewer)
        roles.highest_tier(viewer)
        roles.role_label(viewer)

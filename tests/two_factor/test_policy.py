"""Who must use two-factor and who may (policy.py): admins and teams/tiers with a rule must,
other staff may, reporters are not offered it."""

from __future__ import annotations

import pytest

from lpse_support.accounts.models import Tier, User
from lpse_support.accounts.viewer import Viewer
from lpse_support.two_factor.models import TwoFactorRule
from lpse_support.two_factor.policy import Requirement, requirement_of
from tests.support.factories import DirectorateFactory, TeamFactory
from tests.support.users import make_superuser, make_user

pytestmark = pytest.mark.django_db


def _requirement(user: User) -> Requirement:
    return requirement_of(Viewer.of(user))


def test_superuser_and_admin_staff_must() -> None:
    assert _requirement(make_superuser()) is Requirement.REQUIRED
    assert _requirement(make_user(is_staff=True)) is Requirement.REQUIRED


def test_plain_team_member_and_supervisor_are_offered() -> None:
    member = make_user()
    TeamFactory.create(members=[member])
    assert _requirement(member) is Requirement.OFFERED
    assert _requirement(make_user(is_supervisor=True)) is Requirement.OFFERED


def test_reporter_is_not_offered() -> None:
    assert _requirement(make_user()) is Requirement.NOT_OFFERED


def test_team_rule_makes_its_members_required_only() -> None:
    member, other = make_user(), make_user()
    team = TeamFactory.create(members=[member])
    TeamFactory.create(members=[other])
    TwoFactorRule.objects.create(team=team)
    assert _requirement(member) is Requirement.REQUIRED
    assert _requirement(other) is Requirement.OFFERED


def test_tier_rule_makes_every_member_of_that_tier_required() -> None:
    tier3, tier1 = make_user(), make_user()
    TeamFactory.create(members=[tier3], tier=3, lpse=None, directorate=DirectorateFactory.create())
    TeamFactory.create(members=[tier1])
    TwoFactorRule.objects.create(tier=Tier.TEKNIS)
    assert _requirement(tier3) is Requirement.REQUIRED
    assert _requirement(tier1) is Requirement.OFFERED


def test_rule_of_an_inactive_team_does_not_apply() -> None:
    member = make_user()
    team = TeamFactory.create(members=[member], active=False)
    TwoFactorRule.objects.create(team=team)
    assert _requirement(member) is Requirement.NOT_OFFERED


def test_rule_names_exactly_one_of_team_or_tier() -> None:
    from django.db import IntegrityError, transaction

    team = TeamFactory.create()
    with pytest.raises(IntegrityError), transaction.atomic():
        TwoFactorRule.objects.create(team=team, tier=Tier.LPSE)
    with pytest.raises(IntegrityError), transaction.atomic():
        TwoFactorRule.objects.create()

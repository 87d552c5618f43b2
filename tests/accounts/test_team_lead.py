"""Ketua tim (TeamMembership.is_lead): set by an admin, read once into the viewer, seeded for
two demo accounts."""

from __future__ import annotations

import pytest

from lpse_support.accounts.models import TeamMembership
from lpse_support.accounts.viewer import Viewer
from lpse_support.demo.seed import run_seed
from tests.support.factories import TeamFactory
from tests.support.users import make_user

pytestmark = pytest.mark.django_db


def test_the_viewer_knows_which_of_its_teams_it_leads() -> None:
    led, member_only = TeamFactory.create(), TeamFactory.create()
    user = make_user(username="ketua")
    TeamMembership.objects.create(team=led, user=user, is_lead=True)
    TeamMembership.objects.create(team=member_only, user=user)
    viewer = Viewer.of(user)
    assert viewer.lead_team_ids == frozenset({led.pk})
    assert set(viewer.team_ids) == {led.pk, member_only.pk}
    assert Viewer.of(make_user(username="anggota")).lead_team_ids == frozenset()


def test_the_demo_has_a_lead_for_level_1_and_level_2() -> None:
    run_seed()
    leads = set(
        TeamMembership.objects.filter(is_lead=True).values_list("user__username", flat=True)
    )
    assert leads == {"helpdesk_lpse1", "helpdesk_lkpp_teknis"}

"""The request's ``Viewer`` (issue 12 item 5): a user's active teams, their tiers and the flags,
read with one query; once per page request and once per API call however often they are asked;
never remembered on a user object."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lpse_support.accounts.models import Team, TeamMembership, User
from lpse_support.accounts.viewer import ANONYMOUS, Viewer
from lpse_support.api.tokens import token_create
from tests.support.factories import DirectorateFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

MEMBERSHIPS = '"accounts_teammembership"'


def _lkpp_team(tier: int, *, active: bool = True) -> Team:
    team: Team = TeamFactory.create(
        tier=tier, lpse=None, directorate=DirectorateFactory.create(), active=active
    )
    return team


def _staff() -> User:
    user: User = UserFactory.create()
    for team in (TeamFactory.create(), _lkpp_team(2), _lkpp_team(3, active=False)):
        team.members.add(user)
    return user


def _membership_reads(queries: CaptureQueriesContext) -> int:
    return sum(
        1
        for query in queries.captured_queries
        if query["sql"].startswith("SELECT") and f"FROM {MEMBERSHIPS}" in query["sql"]
    )


def test_a_viewer_holds_the_active_teams_their_tiers_and_the_flags() -> None:
    user = _staff()
    directorate = DirectorateFactory.create()
    user.is_supervisor, user.supervised_directorate = True, directorate
    with CaptureQueriesContext(connection) as queries:
        viewer = Viewer.of(user)
    assert len(queries) == 1
    active = list(Team.objects.filter(members=user, active=True).order_by("pk"))
    assert viewer.team_ids == [team.pk for team in active]
    assert viewer.tiers == frozenset({1, 2})
    assert viewer.tier_of(active[1].pk) == 2 and viewer.tier_of(None) is None
    assert viewer.highest_tier == 2 and viewer.is_support_staff
    assert viewer.is_supervisor and viewer.supervised_directorate_id == directorate.pk
    assert not viewer.is_admin and not viewer.is_plain_reporter
    assert viewer.pk == user.pk and viewer.user is user and viewer.is_authenticated
    assert Viewer.of(viewer) is viewer


def test_nobody_is_the_anonymous_viewer() -> None:
    for nobody in (None, AnonymousUser()):
        viewer = Viewer.of(nobody)
        assert viewer is ANONYMOUS
        assert not viewer.is_authenticated and viewer.pk is None and viewer.team_ids == []
        assert not viewer.is_plain_reporter and not viewer.is_staff_reader


def test_a_user_object_is_read_afresh_each_time() -> None:
    """Nothing is remembered on the user: a membership that ends is gone for the next call."""
    user = _staff()
    assert len(Viewer.of(user).team_ids) == 2
    TeamMembership.objects.filter(user=user).delete()
    assert Viewer.of(user).team_ids == []
    assert Viewer.of(user).is_plain_reporter


def test_a_page_reads_the_teams_once(client: Client) -> None:
    """The list page asks for the role, the tabs, their counts and each card's standing."""
    client.force_login(_staff())
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("tickets:list"), {"tab": "masuk"})
    assert response.status_code == 200
    assert _membership_reads(queries) == 1


def test_an_api_call_reads_the_teams_once() -> None:
    secret = token_create(user=_staff(), name="tes").secret
    api = Client(headers={"authorization": f"Bearer {secret}"})
    with CaptureQueriesContext(connection) as queries:
        response = api.get("/api/v1/tickets", {"tab": "ditangani"})
    assert response.status_code == 200, response.content
    assert _membership_reads(queries) == 1


def test_the_next_request_sees_a_membership_that_ended(client: Client) -> None:
    user = _staff()
    client.force_login(user)
    role = '<span class="badge text-bg-primary">{}</span>'
    assert role.format("Helpdesk LKPP") in client.get(reverse("accounts:profile")).content.decode()
    TeamMembership.objects.filter(user=user).delete()
    assert role.format("Pelapor") in client.get(reverse("accounts:profile")).content.decode()

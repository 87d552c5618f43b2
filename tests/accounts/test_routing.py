"""R-ORG-3: where a new ticket goes, decided by data (first line, teams, category kind)."""

from __future__ import annotations

import pytest

from lpse_support.accounts.models import Directorate, Team, TeamKind, User
from lpse_support.accounts.routing import NoTeamAvailable, first_team_for
from lpse_support.catalog.models import Application, Category, CategoryKind, FirstLine
from tests.support.factories import (
    ApplicationFactory,
    CategoryFactory,
    DirectorateFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _directorate_team(directorate: Directorate, tier: int, kind: str = TeamKind.UMUM) -> Team:
    team: Team = TeamFactory.create(
        tier=tier,
        kind=kind,
        lpse=None,
        directorate=directorate,
        position_label="Helpdesk LKPP" if tier == 2 else "Tim Teknis",
    )
    return team


def _staff(team: Team) -> User:
    user: User = (
        UserFactory.create(home_lpse=team.lpse) if team.lpse else UserFactory.create(home_lpse=None)
    )
    team.members.add(user)
    return user


@pytest.fixture
def application() -> Application:
    app: Application = ApplicationFactory.create(first_line=FirstLine.LPSE)
    return app


@pytest.fixture
def lkpp(application: Application) -> dict[int, Team]:
    """Tier-2 and tier-3 teams of the application's directorate."""
    return {tier: _directorate_team(application.directorate, tier) for tier in (2, 3)}


def test_reporter_on_lpse_first_line_goes_to_home_lpse_tier1(
    application: Application, lkpp: dict[int, Team]
) -> None:
    reporter = UserFactory.create()
    home_team = TeamFactory.create(lpse=reporter.home_lpse)
    TeamFactory.create()  # another LPSE's helpdesk
    assert first_team_for(reporter=reporter, application=application, category=None) == home_team


def test_reporter_without_home_lpse_is_refused_in_indonesian(application: Application) -> None:
    reporter = UserFactory.create(home_lpse=None)
    with pytest.raises(NoTeamAvailable) as raised:
        first_team_for(reporter=reporter, application=application, category=None)
    assert "belum terdaftar pada LPSE" in raised.value.message
    assert raised.value.code == "no_team"


def test_lpse_without_team_is_refused(application: Application) -> None:
    reporter = UserFactory.create()
    with pytest.raises(NoTeamAvailable) as raised:
        first_team_for(reporter=reporter, application=application, category=None)
    assert "belum memiliki tim Helpdesk" in raised.value.message


def test_reporter_on_directorate_first_line_goes_to_directorate_tier2() -> None:
    application = ApplicationFactory.create(first_line=FirstLine.DIRECTORATE)
    _directorate_team(application.directorate, 2)
    reporter = UserFactory.create()
    TeamFactory.create(lpse=reporter.home_lpse)
    team = first_team_for(reporter=reporter, application=application, category=None)
    assert (team.tier, team.directorate) == (2, application.directorate)


def test_directorate_without_tier2_team_is_refused() -> None:
    application = ApplicationFactory.create(first_line=FirstLine.DIRECTORATE)
    with pytest.raises(NoTeamAvailable) as raised:
        first_team_for(reporter=UserFactory.create(), application=application, category=None)
    assert "Belum ada tim Level 2" in raised.value.message


def test_tier1_staff_goes_to_tier2_of_the_apps_directorate(
    application: Application, lkpp: dict[int, Team]
) -> None:
    staff = _staff(TeamFactory.create())
    _directorate_team(DirectorateFactory.create(), 2)  # another directorate's helpdesk
    assert first_team_for(reporter=staff, application=application, category=None) == lkpp[2]


@pytest.mark.parametrize(
    ("category_kind", "expected"),
    [
        (CategoryKind.TEKNIS, TeamKind.TEKNIS),
        (CategoryKind.NON_TEKNIS, TeamKind.NON_TEKNIS),
        (None, TeamKind.NON_TEKNIS),
    ],
)
def test_category_kind_picks_teknis_or_non_teknis(
    application: Application, category_kind: str | None, expected: str
) -> None:
    directorate = application.directorate
    teams: dict[str, Team] = {
        kind: _directorate_team(directorate, 2, kind)
        for kind in (TeamKind.TEKNIS, TeamKind.NON_TEKNIS)
    }
    category: Category | None = (
        CategoryFactory.create(application=application, kind=category_kind)
        if category_kind
        else None
    )
    staff = _staff(TeamFactory.create())
    assert (
        first_team_for(reporter=staff, application=application, category=category)
        == teams[expected]
    )


def test_tier2_staff_goes_to_tier3(application: Application, lkpp: dict[int, Team]) -> None:
    staff = _staff(lkpp[2])
    assert first_team_for(reporter=staff, application=application, category=None) == lkpp[3]


def test_tier3_staff_stays_on_tier3(application: Application, lkpp: dict[int, Team]) -> None:
    staff = _staff(lkpp[3])
    assert first_team_for(reporter=staff, application=application, category=None) == lkpp[3]


def test_inactive_teams_are_ignored(application: Application, lkpp: dict[int, Team]) -> None:
    reporter = UserFactory.create()
    TeamFactory.create(lpse=reporter.home_lpse, active=False)
    with pytest.raises(NoTeamAvailable):
        first_team_for(reporter=reporter, application=application, category=None)

    # Staff of an inactive team file as plain reporters; an inactive tier-2 team is skipped.
    former = _staff(TeamFactory.create(active=False))
    TeamFactory.create(lpse=former.home_lpse, kind=TeamKind.TEKNIS)
    assert first_team_for(reporter=former, application=application, category=None).tier == 1
    lkpp[2].active = False
    lkpp[2].save()
    with pytest.raises(NoTeamAvailable):
        first_team_for(
            reporter=_staff(TeamFactory.create()), application=application, category=None
        )


def test_changing_first_line_in_data_changes_routing(
    application: Application, lkpp: dict[int, Team]
) -> None:
    reporter = UserFactory.create()
    home_team = TeamFactory.create(lpse=reporter.home_lpse)
    assert first_team_for(reporter=reporter, application=application, category=None) == home_team

    Application.objects.filter(pk=application.pk).update(first_line=FirstLine.DIRECTORATE)
    application.refresh_from_db()
    assert first_team_for(reporter=reporter, application=application, category=None) == lkpp[2]

"""Where a new ticket goes (R-ORG-3). Configured by data — ``Application.first_line``, the teams of
each LPSE and directorate, the category's kind — never by code.

- A reporter's ticket on an application whose first line is LPSE goes to the tier-1 team of the
  reporter's home LPSE; on an application whose first line is its directorate, to that directorate's
  tier-2 team.
- A ticket filed by tier-N staff goes to tier N+1 of the application's directorate (tier-3 staff
  file to tier 3, the last tier).
- Where a directorate has both teknis and non-teknis teams on a tier, the category's kind picks one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lpse_support.accounts import roles
from lpse_support.accounts.models import Team, TeamKind
from lpse_support.core.errors import InvalidInput

if TYPE_CHECKING:
    from lpse_support.accounts.models import Directorate, User
    from lpse_support.catalog.models import Application, Category

MAX_TIER = 3


class NoTeamAvailable(InvalidInput):
    code = "no_team"


def _directorate_team(directorate: Directorate, tier: int, category: Category | None) -> Team:
    teams = list(Team.objects.filter(directorate=directorate, tier=tier, active=True))
    if not teams:
        raise NoTeamAvailable(
            f"Belum ada tim Level {tier} untuk {directorate.name}. Hubungi admin LPSE Support."
        )
    if len(teams) == 1:
        return teams[0]
    wanted = TeamKind.NON_TEKNIS
    if category is not None and category.kind == TeamKind.TEKNIS:
        wanted = TeamKind.TEKNIS
    by_kind = {team.kind: team for team in teams}
    return by_kind.get(wanted) or by_kind.get(TeamKind.UMUM) or teams[0]


def first_team_for(*, reporter: User, application: Application, category: Category | None) -> Team:
    """The team that receives a new ticket filed by ``reporter``."""
    tier = roles.highest_tier(reporter)
    if tier == 0:
        if application.first_line == "LPSE":
            if reporter.home_lpse_id is None:
                raise NoTeamAvailable(
                    "Akun Anda belum terdaftar pada LPSE mana pun. Lengkapi LPSE asal di profil.",
                    field="application",
                )
            team = Team.objects.filter(lpse_id=reporter.home_lpse_id, tier=1, active=True).first()
            if team is None:
                raise NoTeamAvailable(
                    "LPSE Anda belum memiliki tim Helpdesk. Hubungi admin LPSE Support.",
                    field="application",
                )
            return team
        return _directorate_team(application.directorate, 2, category)
    return _directorate_team(application.directorate, min(tier + 1, MAX_TIER), category)

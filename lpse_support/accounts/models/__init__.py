from lpse_support.accounts.models.organisation import Directorate, LpseUnit
from lpse_support.accounts.models.team import Team, TeamKind, TeamMembership, Tier
from lpse_support.accounts.models.user import ReporterCategory, User

__all__ = [
    "Directorate",
    "LpseUnit",
    "ReporterCategory",
    "Team",
    "TeamKind",
    "TeamMembership",
    "Tier",
    "User",
]

"""Who must use two-factor and who may: admins must; members of a team (or tier) with a
``TwoFactorRule`` must; every other staff member (team member, supervisor) may; reporters are
not offered it (an Inaproc reporter relies on the provider's own factors)."""

from __future__ import annotations

from enum import Enum

from django.db.models import Q

from lpse_support.accounts.viewer import Viewer
from lpse_support.two_factor.models import TwoFactorRule


class Requirement(Enum):
    REQUIRED = "required"
    OFFERED = "offered"
    NOT_OFFERED = "not_offered"


def is_admin(viewer: Viewer) -> bool:
    """A Django admin: a superuser or anyone let into /admin/ (``is_staff``)."""
    user = viewer.user
    return user is not None and (user.is_superuser or user.is_staff)


def is_offered(viewer: Viewer) -> bool:
    """Staff: an admin, a supervisor or a member of an active team."""
    return viewer.is_authenticated and (
        is_admin(viewer) or viewer.is_supervisor or viewer.is_support_staff
    )


def team_rule_applies(viewer: Viewer) -> bool:
    """One query: a rule for one of the viewer's active teams or for one of their tiers."""
    if not viewer.memberships:
        return False
    return TwoFactorRule.objects.filter(
        Q(team_id__in=viewer.team_ids) | Q(tier__in=sorted(viewer.tiers))
    ).exists()


def requirement_of(viewer: Viewer) -> Requirement:
    if not is_offered(viewer):
        return Requirement.NOT_OFFERED
    if is_admin(viewer) or team_rule_applies(viewer):
        return Requirement.REQUIRED
    return Requirement.OFFERED


def is_required(viewer: Viewer) -> bool:
    return requirement_of(viewer) is Requirement.REQUIRED

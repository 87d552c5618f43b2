"""Who must use two-factor and who may: admins must; members of a team (or tier) with a
``TwoFactorRule`` must; every other staff member (team member, supervisor) may; reporters are
not offered it (an Inaproc reporter relies on the provider's own factors)."""

from __future__ import annotations

from enum import Enum
from typing import cast

from django.http import HttpRequest

from lpse_support.accounts.viewer import Viewer, viewer_of
from lpse_support.two_factor import rules


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
    """A rule for one of the viewer's active teams or for one of their tiers (cached rules)."""
    if not viewer.memberships:
        return False
    required = rules.required_teams_and_tiers()
    return bool(set(viewer.team_ids) & required.team_ids or viewer.tiers & required.tiers)


def requirement_of(viewer: Viewer) -> Requirement:
    if not is_offered(viewer):
        return Requirement.NOT_OFFERED
    if is_admin(viewer) or team_rule_applies(viewer):
        return Requirement.REQUIRED
    return Requirement.OFFERED


def is_required(viewer: Viewer) -> bool:
    return requirement_of(viewer) is Requirement.REQUIRED


def requirement_for(request: HttpRequest) -> Requirement:
    """``requirement_of`` the request's viewer, read once per request (gate, Profil card)."""
    cached = getattr(request, "_two_factor_requirement", None)
    if cached is None:
        cached = requirement_of(viewer_of(request))
        request._two_factor_requirement = cached  # type: ignore[attr-defined]
    return cast(Requirement, cached)

"""Role predicates: the one place that says what kind of user someone is.

Roles are not a column: a user is Level N staff because they belong to an active tier-N team,
a supervisor because of ``is_supervisor``, an admin because of ``is_superuser``. Everyone can file
a ticket, so everyone is a reporter too. The facts come from the request's ``Viewer`` (a plain
``User`` is converted, one query for its teams)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from lpse_support.accounts.viewer import Viewer, ViewerOrUser


def support_tiers(who: ViewerOrUser) -> frozenset[int]:
    """The tiers (1, 2, 3) of the active teams the user belongs to."""
    return Viewer.of(who).tiers


def highest_tier(who: ViewerOrUser) -> int:
    """0 for a plain reporter, else the highest tier the user works in."""
    return Viewer.of(who).highest_tier


def is_support_staff(who: ViewerOrUser) -> bool:
    return Viewer.of(who).is_support_staff


def is_level1(who: ViewerOrUser) -> bool:
    return 1 in Viewer.of(who).tiers


def is_level2(who: ViewerOrUser) -> bool:
    return 2 in Viewer.of(who).tiers


def is_level3(who: ViewerOrUser) -> bool:
    return 3 in Viewer.of(who).tiers


def is_supervisor(who: ViewerOrUser) -> bool:
    return Viewer.of(who).is_supervisor


def is_admin(who: ViewerOrUser) -> bool:
    return Viewer.of(who).is_admin


def is_plain_reporter(who: ViewerOrUser) -> bool:
    """A user who only files tickets (no team, not supervisor, not admin)."""
    return Viewer.of(who).is_plain_reporter


def role_label(who: ViewerOrUser) -> str:
    """A short Indonesian label for the header and the profile page."""
    viewer = Viewer.of(who)
    if viewer.is_admin:
        return _("Admin")
    if viewer.is_supervisor:
        return _("Supervisor")
    tier = viewer.highest_tier
    if tier == 3:
        return _("Tim Teknis LKPP")
    if tier == 2:
        return _("Helpdesk LKPP")
    if tier == 1:
        return _("LPSE Level 1")
    return _("Pelapor")

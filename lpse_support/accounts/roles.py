"""Role predicates: the one place that says what kind of user someone is.

Roles are not a column: a user is Level N staff because they belong to an active tier-N team,
a supervisor because of ``is_supervisor``, an admin because of ``is_superuser``. Everyone can file
a ticket, so everyone is a reporter too.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from lpse_support.accounts.models import Team


def _tiers(user: Any) -> frozenset[int]:
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_support_tiers", None)
    if cached is None:
        cached = frozenset(
            Team.objects.filter(memberships__user=user, active=True).values_list("tier", flat=True)
        )
        user._support_tiers = cached
    return cached


def support_tiers(user: Any) -> frozenset[int]:
    """The tiers (1, 2, 3) of the active teams the user belongs to."""
    return _tiers(user)


def highest_tier(user: Any) -> int:
    """0 for a plain reporter, else the highest tier the user works in."""
    tiers = _tiers(user)
    return max(tiers) if tiers else 0


def is_support_staff(user: Any) -> bool:
    return bool(_tiers(user))


def is_level1(user: Any) -> bool:
    return 1 in _tiers(user)


def is_level2(user: Any) -> bool:
    return 2 in _tiers(user)


def is_level3(user: Any) -> bool:
    return 3 in _tiers(user)


def is_supervisor(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_supervisor)


def is_admin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_superuser)


def is_plain_reporter(user: Any) -> bool:
    """A user who only files tickets (no team, not supervisor, not admin)."""
    return (
        getattr(user, "is_authenticated", False)
        and not _tiers(user)
        and not is_supervisor(user)
        and not is_admin(user)
    )


def role_label(user: Any) -> str:
    """A short Indonesian label for the header and the profile page."""
    if is_admin(user):
        return _("Admin")
    if is_supervisor(user):
        return _("Supervisor")
    tier = highest_tier(user)
    if tier == 3:
        return _("Tim Teknis LKPP")
    if tier == 2:
        return _("Helpdesk LKPP")
    if tier == 1:
        return _("LPSE Level 1")
    return _("Pelapor")

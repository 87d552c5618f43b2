"""The person a request is for, read once: ``Viewer``.

Roles, scope and the workflow relations all depend on the same few facts — who the user is, the
active teams they belong to (and those teams' tiers), and the supervisor/admin flags. A page reads
them once per request (``ViewerMiddleware`` puts a lazy ``request.viewer`` beside
``request.user``), the API once per call (its auth classes set ``request.viewer`` for the token's
user); every function that asks "who is this?" takes the ``Viewer``.

Functions also accept a plain ``User`` (tests, commands, tasks): it is converted on each call,
with one query, so nothing is ever remembered on a user object — a membership that ends is gone
for the next request, and for the next call made with a user object."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeAlias, cast

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from lpse_support.accounts.models import TeamMembership, User


@dataclass(frozen=True)
class Viewer:
    """A user as the access rules see them. ``user`` is None for an anonymous visitor."""

    user: User | None
    # The active teams the user belongs to, as (team id, tier) in team-id order.
    memberships: tuple[tuple[int, int], ...] = ()
    # Those of them the user leads (TeamMembership.is_lead).
    lead_team_ids: frozenset[int] = frozenset()
    is_active: bool = False
    is_supervisor: bool = False
    is_admin: bool = False
    supervised_directorate_id: int | None = None

    @classmethod
    def of(cls, who: ViewerOrUser | None) -> Viewer:
        """``who`` itself when it is already a viewer; else one query for a user's teams."""
        if isinstance(who, Viewer):
            return who
        if who is None or not who.is_authenticated:
            return ANONYMOUS
        user = cast(User, who)
        rows = (
            TeamMembership.objects.filter(user_id=user.pk, team__active=True)
            .order_by("team_id")
            .values_list("team_id", "team__tier", "is_lead")
        )
        return cls(
            user=user,
            memberships=tuple((team_id, tier) for team_id, tier, _lead in rows),
            lead_team_ids=frozenset(team_id for team_id, _tier, lead in rows if lead),
            is_active=user.is_active,
            is_supervisor=user.is_supervisor,
            is_admin=user.is_superuser,
            supervised_directorate_id=user.supervised_directorate_id,
        )

    @property
    def pk(self) -> int | None:
        return self.user.pk if self.user is not None else None

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None

    @property
    def team_ids(self) -> list[int]:
        """The active teams as literal ids: with literals the planner sees how few they are and
        uses the team indexes; an empty list short-cuts to "none"."""
        return [team_id for team_id, _tier in self.memberships]

    @property
    def tiers(self) -> frozenset[int]:
        """The tiers (1, 2, 3) of the active teams the user belongs to."""
        return frozenset(tier for _team_id, tier in self.memberships)

    def tier_of(self, team_id: int | None) -> int | None:
        """The tier of one of the user's active teams, None when it is not one of them."""
        for member_of, tier in self.memberships:
            if member_of == team_id:
                return tier
        return None

    @property
    def highest_tier(self) -> int:
        """0 for a plain reporter, else the highest tier the user works in."""
        return max(self.tiers, default=0)

    @property
    def is_support_staff(self) -> bool:
        return bool(self.memberships)

    @property
    def is_plain_reporter(self) -> bool:
        """A user who only files tickets (no team, not supervisor, not admin)."""
        return self.is_authenticated and not (
            self.memberships or self.is_supervisor or self.is_admin
        )

    @property
    def is_staff_reader(self) -> bool:
        """An active account of staff, a supervisor or an admin: internal notes are for them
        (never on a ticket they reported — ``access.may_see_internal_notes``)."""
        return self.is_active and (self.is_support_staff or self.is_supervisor or self.is_admin)


ANONYMOUS = Viewer(user=None)

# What the role, scope and workflow functions accept: a viewer, or a user converted once.
ViewerOrUser: TypeAlias = Viewer | User | AnonymousUser


def viewer_of(request: HttpRequest) -> Viewer:
    """The request's viewer: set by ``ViewerMiddleware`` (pages) or the API auth; built here
    once for a request that passed neither (e.g. made by ``RequestFactory``)."""
    viewer = getattr(request, "viewer", None)
    if viewer is None:
        viewer = Viewer.of(getattr(request, "user", None))
        request.viewer = viewer  # type: ignore[attr-defined]
    return cast(Viewer, viewer)


def signed_in_user(request: HttpRequest) -> User:
    """``request.user`` of a view behind ``login_required``, typed as the ``User`` it is."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def set_viewer(request: HttpRequest, user: User | AnonymousUser) -> None:
    """``request.viewer`` for ``user``, read on first use (most API calls need no teams)."""
    request.viewer = SimpleLazyObject(lambda: Viewer.of(user))  # type: ignore[attr-defined]


class ViewerMiddleware:
    """After ``AuthenticationMiddleware``: a lazy ``request.viewer`` for ``request.user``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.viewer = SimpleLazyObject(  # type: ignore[attr-defined]
            lambda: Viewer.of(getattr(request, "user", None))
        )
        return self.get_response(request)

"""Typed user helpers: factory_boy's calls are untyped for mypy."""

from __future__ import annotations

from typing import Any, cast

from lpse_support.accounts.models import User
from tests.support.factories import UserFactory


def make_user(**fields: Any) -> User:
    """A saved user from ``UserFactory`` (``fields`` override its defaults)."""
    return cast(User, UserFactory(**fields))


def make_superuser(**fields: Any) -> User:
    """A saved superuser with access to the admin."""
    return make_user(is_superuser=True, is_staff=True, **fields)


def fresh(user: User) -> User:
    """The same user read again, without the per-object caches (team ids, tiers) of earlier
    actions."""
    return User.objects.get(pk=user.pk)

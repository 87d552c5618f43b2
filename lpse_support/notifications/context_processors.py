from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import cached_property

from lpse_support.accounts.viewer import ViewerOrUser
from lpse_support.notifications.services import unread_count

BADGE_MAX = 99


class UnreadBadge:
    """The bell's count, queried only when a page actually draws the bell, and only once: one
    bounded SELECT on the unread index (at most BADGE_MAX + 1 ids; more shows as "99+")."""

    def __init__(self, user: ViewerOrUser) -> None:
        self._user = user

    @cached_property
    def count(self) -> int:
        return unread_count(self._user, cap=BADGE_MAX + 1)

    @property
    def label(self) -> str:
        return f"{BADGE_MAX}+" if self.count > BADGE_MAX else str(self.count)


def notifications(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notification_badge": UnreadBadge(user)}

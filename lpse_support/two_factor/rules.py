"""The "Wajib 2FA" rules as the gate reads them: a small table kept in the cache (ARCHITECTURE.md
rule 7 — small master data from a cache), dropped whenever a rule is saved or deleted and after
``RULES_CACHE_SECONDS`` at most (the bound for a process that missed the drop: several processes
must share Redis, ``lpse_support.W010``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from lpse_support.two_factor.models import TwoFactorRule

CACHE_KEY = "two_factor:rules:v1"
RULES_CACHE_SECONDS = 60


@dataclass(frozen=True)
class RequiredRules:
    team_ids: frozenset[int]
    tiers: frozenset[int]

    @property
    def empty(self) -> bool:
        return not (self.team_ids or self.tiers)


def required_teams_and_tiers() -> RequiredRules:
    cached = cache.get(CACHE_KEY)
    if isinstance(cached, RequiredRules):
        return cached
    rows = list(TwoFactorRule.objects.values_list("team_id", "tier"))
    value = RequiredRules(
        team_ids=frozenset(team_id for team_id, _tier in rows if team_id is not None),
        tiers=frozenset(tier for _team_id, tier in rows if tier is not None),
    )
    cache.set(CACHE_KEY, value, RULES_CACHE_SECONDS)
    return value


def invalidate() -> None:
    cache.delete(CACHE_KEY)


@receiver(post_save, sender=TwoFactorRule, dispatch_uid="two_factor_rules_saved")
@receiver(post_delete, sender=TwoFactorRule, dispatch_uid="two_factor_rules_deleted")
def _rules_changed(sender: Any, **kwargs: Any) -> None:
    # Now, and again at commit: a request that read the old rows meanwhile cached them.
    invalidate()
    transaction.on_commit(invalidate)

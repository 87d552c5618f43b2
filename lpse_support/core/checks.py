"""System checks of our own. ``check --deploy`` must fail while a demo account exists (R-DEMO)
and warns when production runs on an in-process cache (issue 11 item 7)."""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.db import DatabaseError

DEMO_USERNAMES = (
    "ppk1",
    "penyedia1",
    "helpdesk_lpse1",
    "verifikator_lpse1",
    "adminagency_lpse1",
    "helpdesk_lkpp_nonteknis",
    "helpdesk_lkpp_teknis",
    "timteknis_spse",
    "timteknis_katalog",
    "helpdesk_sirup",
    "supervisor",
    "admin",
)
DEMO_PASSWORD = "Demo#2026"  # noqa: S105  (public demo password, refused in production by E001)


@checks.register(checks.Tags.security, deploy=True)
def demo_accounts_absent(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from django.contrib.auth import get_user_model

    try:
        present = sorted(
            get_user_model()
            .objects.filter(username__in=DEMO_USERNAMES)
            .values_list("username", flat=True)
        )
    except DatabaseError:
        # No database yet (fresh deploy before migrate): nothing to refuse.
        return []
    if not present:
        return []
    return [
        checks.Error(
            "Demo accounts exist: " + ", ".join(present) + ".",
            hint="Delete them (manage.py remove_demo_accounts) before going to production; "
            "their password is public.",
            id="lpse_support.E001",
        )
    ]


# Caches that live inside one process: each server process would count its own rate limits.
IN_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache_in_production(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """With DEBUG off the site is served by several processes (gunicorn.conf.py): an in-process
    cache would let each of them allow the full API rate limit (issue 11: 4 workers → 80 of 20)."""
    from django.conf import settings

    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if settings.DEBUG or backend not in IN_PROCESS_CACHES:
        return []
    return [
        checks.Warning(
            f"The cache is in-process ({backend.rsplit('.', 1)[-1]}): with several server "
            "processes every process counts the API rate limit on its own.",
            hint="Set REDIS_URL (e.g. redis://127.0.0.1:6379/0). A site served by one single "
            "process may silence this check (SILENCED_SYSTEM_CHECKS).",
            id="lpse_support.W010",
        )
    ]

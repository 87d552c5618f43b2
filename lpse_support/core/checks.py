"""System checks of our own: ``check --deploy`` warns when production runs on an in-process cache
(issue 11 item 7). The demo-accounts check (lpse_support.E001) lives with the demo, in
``demo/checks.py``."""

from __future__ import annotations

from typing import Any

from django.core import checks

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

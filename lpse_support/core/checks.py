"""System checks of our own: ``check --deploy`` warns when production runs on an in-process cache
(issue 11 item 7) or with a ``SITE_URL`` mail clients cannot open (issue 13); a malformed
``SITE_URL`` is an error everywhere. The demo-accounts check (lpse_support.E001) lives with the
demo, in ``demo/checks.py``."""

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


# Hosts no recipient's mail client can reach (the last is "any address", not a host to bind).
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "testserver", "0.0.0.0"}  # noqa: S104


@checks.register()
def site_url_is_a_site_address(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """``SITE_URL`` is glued in front of every path an e-mail links to (core/links.py): it must
    be an ``http(s)://host[:port]`` origin, with no path, query or fragment."""
    from urllib.parse import urlsplit

    from django.conf import settings

    value = str(getattr(settings, "SITE_URL", ""))
    parts = urlsplit(value)
    if (
        parts.scheme in {"http", "https"}
        and parts.hostname
        and not (parts.path.strip("/") or parts.query or parts.fragment)
    ):
        return []
    return [
        checks.Error(
            f"SITE_URL {value!r} is not the address of this site (http(s)://host[:port]).",
            hint="e.g. SITE_URL=https://lpse-support.lkpp.go.id — no path, query or fragment.",
            id="lpse_support.E020",
        )
    ]


@checks.register(deploy=True)
def site_url_in_production(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """With DEBUG off, links in e-mails (notifications, password reset) must open from a mail
    client: an https address of a real host, not the ``make run`` default."""
    from urllib.parse import urlsplit

    from django.conf import settings

    if settings.DEBUG:
        return []
    parts = urlsplit(str(getattr(settings, "SITE_URL", "")))
    host = (parts.hostname or "").lower()
    if parts.scheme == "https" and host and host not in LOCAL_HOSTS and not host.startswith("127."):
        return []
    return [
        checks.Warning(
            f"SITE_URL is {settings.SITE_URL!r}: links in e-mails (ticket notifications, "
            "password reset) would not open from the recipients' mail clients.",
            hint="Set SITE_URL to the public https address of this site, e.g. "
            "https://lpse-support.lkpp.go.id.",
            id="lpse_support.W020",
        )
    ]

"""Absolute links for e-mails: every link a mail carries is ``SITE_URL`` + the page's path, never
the Host header of whatever request happened to cause the mail (issue 13 item 6)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def site_url() -> str:
    """``SITE_URL`` without a trailing slash, e.g. ``https://lpse-support.lkpp.go.id``."""
    return str(settings.SITE_URL).rstrip("/")


def site_origin() -> tuple[str, str]:
    """``(scheme, host[:port])`` of ``SITE_URL``: what Django's password-reset e-mail calls
    ``protocol`` and ``domain``."""
    parts = urlsplit(site_url())
    return parts.scheme, parts.netloc


def absolute_url(path: str) -> str:
    """The full link to ``path`` (a path of this site, starting with one ``/``) on ``SITE_URL``.

    Anything else is refused: a full or protocol-relative URL here would mean a mail could point
    somewhere else than this site."""
    if not path.startswith("/") or path.startswith("//"):
        raise ValueError(f"absolute_url needs a path of this site, got {path!r}")
    return site_url() + path

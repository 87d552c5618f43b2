"""Optional error reporting to Sentry (issue 15): on only when ``SENTRY_DSN`` is set, with the
Django integration, no personal data (``send_default_pii=False``), the environment and release
from ``SENTRY_ENVIRONMENT`` / ``SENTRY_RELEASE`` and a trace sample rate from
``SENTRY_TRACES_SAMPLE_RATE`` (0 by default: errors only). Called once from the settings."""

from __future__ import annotations

from collections.abc import Mapping


def init_sentry(environ: Mapping[str, str]) -> bool:
    """Start the Sentry SDK when ``environ`` names a DSN; True when it was started."""
    dsn = environ.get("SENTRY_DSN", "").strip()
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        environment=environ.get("SENTRY_ENVIRONMENT") or "production",
        release=environ.get("SENTRY_RELEASE") or None,
        traces_sample_rate=float(environ.get("SENTRY_TRACES_SAMPLE_RATE") or 0),
    )
    return True

"""Deployment check that Inaproc sign-in speaks to its provider over HTTPS in production."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register

from lpse_support.inaproc.config import inaproc_enabled


@register(Tags.security, deploy=True)
def issuer_over_https(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if inaproc_enabled() and not settings.OIDC_ISSUER.startswith("https://"):
        return [
            Warning(
                "OIDC_ISSUER is not an https:// URL: tokens and the client secret would "
                "travel in clear.",
                hint="Use the provider's https:// issuer (docs/auth.md).",
                id="inaproc.W001",
            )
        ]
    return []

"""The Inaproc settings read from Django settings (the environment), and whether sign-in is on."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class InaprocSettings:
    issuer: str
    client_id: str
    client_secret: str
    scopes: str
    claim_name: str
    claim_phone: str
    claim_role: str
    claim_unit: str
    timeout: float
    metadata_seconds: int

    @property
    def discovery_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"


def inaproc_settings() -> InaprocSettings:
    return InaprocSettings(
        issuer=settings.OIDC_ISSUER,
        client_id=settings.OIDC_CLIENT_ID,
        client_secret=settings.OIDC_CLIENT_SECRET,
        scopes=settings.OIDC_SCOPES,
        claim_name=settings.OIDC_CLAIM_NAME,
        claim_phone=settings.OIDC_CLAIM_PHONE,
        claim_role=settings.OIDC_CLAIM_ROLE,
        claim_unit=settings.OIDC_CLAIM_UNIT,
        timeout=settings.OIDC_TIMEOUT,
        metadata_seconds=settings.OIDC_METADATA_SECONDS,
    )


def inaproc_enabled() -> bool:
    """On only when issuer, client id and secret are all configured."""
    return bool(settings.OIDC_ISSUER and settings.OIDC_CLIENT_ID and settings.OIDC_CLIENT_SECRET)

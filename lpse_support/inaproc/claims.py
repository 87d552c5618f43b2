"""Verified claims → the profile values of a user, through the admin-edited mapping tables."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from lpse_support.accounts.models import LpseUnit, ReporterCategory
from lpse_support.core.text import one_line
from lpse_support.inaproc.config import InaprocSettings
from lpse_support.inaproc.models import (
    InaprocRoleMapping,
    InaprocUnitMapping,
    normalise_claim_value,
)

logger = logging.getLogger(__name__)

NAME_MAX = 150  # User.full_name
PHONE_MAX = 30  # User.phone
CLAIM_VALUE_MAX = 100  # the mapping tables' claim_value


@dataclass(frozen=True)
class InaprocProfile:
    """What one sign-in says about the person, checked for shape. JSON-safe (``as_dict``) so a
    pending link can wait in the session."""

    issuer: str
    subject: str
    full_name: str
    # The address as claimed and whether the provider verified it; only a verified address is
    # ever stored or used to find a local account to link.
    email: str
    email_verified: bool
    phone: str
    role: str
    unit: str

    @property
    def verified_email(self) -> str:
        return self.email if self.email_verified else ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> InaprocProfile:
        return cls(**{name: data[name] for name in cls.__dataclass_fields__})


def _text(claims: Mapping[str, Any], name: str, limit: int) -> str:
    value = claims.get(name)
    if not isinstance(value, str | int):
        return ""
    return one_line(value)[:limit]


def _email(claims: Mapping[str, Any]) -> str:
    value = claims.get("email")
    if not isinstance(value, str):
        return ""
    value = value.strip()
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value


def _is_true(value: Any) -> bool:
    # Some providers send JSON strings for booleans; only an explicit true counts.
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def profile_from_claims(claims: Mapping[str, Any], *, config: InaprocSettings) -> InaprocProfile:
    """The profile of verified claims (``sub`` already checked present by the ID token checks)."""
    return InaprocProfile(
        issuer=config.issuer,
        subject=str(claims["sub"]),
        full_name=_text(claims, config.claim_name, NAME_MAX),
        email=_email(claims),
        email_verified=_is_true(claims.get("email_verified")),
        phone=_text(claims, config.claim_phone, PHONE_MAX),
        role=_text(claims, config.claim_role, CLAIM_VALUE_MAX),
        unit=_text(claims, config.claim_unit, CLAIM_VALUE_MAX),
    )


def category_for_role(role: str) -> ReporterCategory | None:
    """The reporter category an admin mapped the role to; None when unmapped (logged). A staff
    category is never given, even if a mapping row was forced past the admin form."""
    if not role:
        return None
    mapping = (
        InaprocRoleMapping.objects.select_related("reporter_category")
        .filter(claim_value=normalise_claim_value(role))
        .first()
    )
    if mapping is None:
        logger.warning("Inaproc role %r has no mapping (admin: Pemetaan peran Inaproc)", role)
        return None
    if mapping.reporter_category.is_support_staff:
        logger.warning("Inaproc role %r maps to a staff category: ignored", role)
        return None
    return mapping.reporter_category


def lpse_for_unit(unit: str) -> LpseUnit | None:
    """The LPSE an admin mapped the unit code to; None when unmapped (logged)."""
    if not unit:
        return None
    mapping = (
        InaprocUnitMapping.objects.select_related("lpse")
        .filter(claim_value=normalise_claim_value(unit))
        .first()
    )
    if mapping is None:
        logger.warning("Inaproc unit %r has no mapping (admin: Pemetaan LPSE Inaproc)", unit)
        return None
    return mapping.lpse

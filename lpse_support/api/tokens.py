"""Creating, revoking and authenticating personal API tokens.

A token is ``lps_`` + 43 URL-safe characters from ``secrets`` (256 bits). The database keeps only
its SHA-256 hex digest and its first 8 characters (shown in lists so a user can tell tokens apart).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lpse_support.accounts.models import User
from lpse_support.api.models import ApiToken
from lpse_support.core.errors import InvalidInput, NotFound

TOKEN_PREFIX = "lps_"  # noqa: S105  (a public marker, not a secret)
NAME_MAX = 100
EXPIRY_DAYS_MAX = 3650
# last_used_at is written at most once per this interval, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenNameRequired(InvalidInput):
    code = "token_name_required"
    field = "name"
    message_template = _("Nama token wajib diisi.")


class TokenNameTooLong(InvalidInput):
    code = "token_name_too_long"
    field = "name"
    message_template = _("Nama token maksimal %(limit_value)s karakter.")


class TokenExpiryOutOfRange(InvalidInput):
    code = "token_expiry_out_of_range"
    field = "expires_in_days"
    message_template = _("Masa berlaku harus 1–%(maximum)s hari.")


class TokenNotFound(NotFound):
    message_template = _("Token tidak ditemukan.")


@dataclass(frozen=True)
class CreatedToken:
    token: ApiToken
    secret: str  # shown to the user once, never stored


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def token_create(*, user: User, name: str, expires_in_days: int | None = None) -> CreatedToken:
    name = name.strip()
    if not name:
        raise TokenNameRequired()
    if len(name) > NAME_MAX:
        raise TokenNameTooLong(limit_value=NAME_MAX)
    if expires_in_days is not None and not 1 <= expires_in_days <= EXPIRY_DAYS_MAX:
        raise TokenExpiryOutOfRange(maximum=EXPIRY_DAYS_MAX)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires_at = timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[:8],
        token_hash=hash_secret(secret),
        expires_at=expires_at,
    )
    return CreatedToken(token=token, secret=secret)


def token_revoke(*, user: User, token_id: int) -> ApiToken:
    """Revoke one of ``user``'s tokens; another user's token is answered as missing (404)."""
    token = ApiToken.objects.filter(pk=token_id, user=user).first()
    if token is None:
        raise TokenNotFound()
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def authenticate_secret(secret: str) -> ApiToken | None:
    """The usable token whose secret is ``secret``, touching ``last_used_at`` at most once a
    minute. Looking the row up by the hash of a 256-bit random secret needs no constant-time
    comparison: an attacker who can time the index look-up learns nothing about a secret whose
    hash they would have to invert."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.usable().select_related("user").filter(token_hash=hash_secret(secret))
    ).first()
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token

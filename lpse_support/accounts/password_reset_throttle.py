"""How often "Lupa Password?" may send: ``PASSWORD_RESET_LIMIT_PER_IP`` requests per client
address and ``PASSWORD_RESET_LIMIT_PER_EMAIL`` per e-mail address, each per hour, counted in the
cache (core/ratelimit.py). Over either limit the request gets the same answer page as every
other request, and no mail."""

from __future__ import annotations

import hashlib

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.http import HttpRequest

from lpse_support.core import ratelimit

WINDOW_SECONDS = 3600


def _email_key(email: str) -> str:
    # Hashed: no address in cache keys (length limits, and Redis keys are readable).
    return hashlib.sha256(email.strip().casefold().encode()).hexdigest()


def reset_request_allowed(request: HttpRequest, email: str) -> bool:
    """Count this request for its client address and for ``email``; False when either is over
    its limit. The client address is the one django-axes uses for the login throttle."""
    address = get_client_ip_address(request) or "unknown"
    by_address = ratelimit.hit(
        f"pw-reset:ip:{address}",
        limit=int(settings.PASSWORD_RESET_LIMIT_PER_IP),
        seconds=WINDOW_SECONDS,
    )
    by_email = ratelimit.hit(
        f"pw-reset:email:{_email_key(email)}",
        limit=int(settings.PASSWORD_RESET_LIMIT_PER_EMAIL),
        seconds=WINDOW_SECONDS,
    )
    return by_address and by_email

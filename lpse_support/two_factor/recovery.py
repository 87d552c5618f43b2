"""Recovery codes: generated here, shown once, stored only as a keyed digest.

django-otp's ``StaticToken`` keeps a token as a plain string and finds it with an exact match;
we give it the digest instead of the code (HMAC-SHA256 over the user's id and the code, keyed by
``SECRET_KEY``, first 16 hex characters — the field's length). Its own single-use deletion and
throttling then work unchanged, and a copy of the database reveals no usable code."""

from __future__ import annotations

import re

from django.utils.crypto import salted_hmac
from django_otp.plugins.otp_static.models import StaticToken

RECOVERY_CODE_COUNT = 10
_KEY_SALT = "lpse_support.two_factor.recovery"
_NOT_CODE = re.compile(r"[\s-]+")


def new_codes() -> list[str]:
    """Ten fresh codes of 8 base32 characters (40 bits each), written ``abcd-efgh``."""
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = StaticToken.random_token()
        codes.append(f"{raw[:4]}-{raw[4:]}")
    return codes


def normalise(code: str) -> str:
    """What the user typed, without spaces or dashes, in lower case."""
    return _NOT_CODE.sub("", code).lower()


def digest(user_id: int, code: str) -> str:
    """The stored form of ``code`` for this user (fits ``StaticToken.token``, 16 characters)."""
    value = salted_hmac(_KEY_SALT, f"{user_id}:{normalise(code)}", algorithm="sha256")
    return value.hexdigest()[:16]

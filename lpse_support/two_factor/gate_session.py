"""What the session remembers for the gate: whether its user has a confirmed authenticator.

Read at login (``signals.py``, one query) instead of on every request, and kept true by the
places that change it: enrolment and disabling set it. An admin reset while the user is signed
in is noticed by the verify page, which reads the devices again. A session from before this
flag existed reads it once."""

from __future__ import annotations

from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

SESSION_KEY = "two_factor_has_device"


def has_device(request: HttpRequest, user_id: int) -> bool:
    remembered = request.session.get(SESSION_KEY)
    if isinstance(remembered, list) and len(remembered) == 2 and remembered[0] == user_id:
        return bool(remembered[1])
    return refresh(request, user_id)


def refresh(request: HttpRequest, user_id: int) -> bool:
    found = TOTPDevice.objects.filter(user_id=user_id, confirmed=True).exists()
    request.session[SESSION_KEY] = [user_id, found]
    return found


def remember_device(request: HttpRequest, *, has_device: bool) -> None:
    user_id = getattr(request.user, "pk", None)
    if user_id is not None:
        request.session[SESSION_KEY] = [user_id, has_device]

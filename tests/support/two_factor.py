"""Two-factor helpers: a confirmed authenticator for a user, the code it shows now, and a test
client logged in with a session that passed two-factor (admins must have one — the gate is not
weakened for tests)."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from lpse_support.accounts.models import User
from lpse_support.two_factor import rules


def assume_no_two_factor_rules() -> None:
    """A warm, empty rules cache: what a database without "Wajib 2FA" rules has after its
    first request (the query budgets measure warm requests)."""
    cache.set(rules.CACHE_KEY, rules.RequiredRules(frozenset(), frozenset()), 60)


def confirmed_device(user: User) -> TOTPDevice:
    """The user's confirmed TOTP device (created when missing)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Uji", confirmed=True)
    return device


def totp_code(device: TOTPDevice, *, at: float | None = None) -> str:
    """The 6 digits the authenticator app shows for ``device`` (now, or at ``at``)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"


def totp_code_from_secret(secret: str, *, at: float | None = None) -> str:
    """The code for a base32 secret as the enrolment page shows it (spaces allowed)."""
    from base64 import b32decode

    key = b32decode(secret.replace(" ", "").upper())
    totp = TOTP(key, 30, 0, 6, 0)
    totp.time = time.time() if at is None else at
    return f"{totp.token():06d}"


def login_verified(client: Client, user: User) -> TOTPDevice:
    """``client.force_login(user)`` plus a session verified with the user's device."""
    device = confirmed_device(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def sign_in(client: Client, user: User) -> None:
    """Log ``user`` in as they would in the browser: an admin (who must use two-factor) with a
    verified session, anyone else with the password alone."""
    if user.is_superuser or user.is_staff:
        login_verified(client, user)
    else:
        client.force_login(user)

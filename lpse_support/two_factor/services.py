"""The two-factor state changes: enrol (start, confirm), verify (TOTP or recovery code),
regenerate recovery codes, disable, admin reset. Verification goes through django-otp
(``verify_token``: row lock, throttling, ``last_t`` replay refusal, drift), and every outcome is
logged on ``lpse_support.two_factor``."""

from __future__ import annotations

import logging
from base64 import b32encode
from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY, verify_token
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lpse_support.accounts.models import User
from lpse_support.two_factor import gate_session, recovery

logger = logging.getLogger("lpse_support.two_factor")

TOTP_DEVICE_NAME = "Aplikasi autentikator"
RECOVERY_DEVICE_NAME = "Kode pemulihan"


@dataclass(frozen=True)
class Verification:
    """The outcome of one code: accepted, or refused (``wait_seconds`` > 0 when throttled)."""

    accepted: bool
    wait_seconds: int = 0
    codes_left: int | None = None


def confirmed_totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def recovery_device(user: User) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def enrolment_device(user: User) -> TOTPDevice:
    """The user's unconfirmed TOTP device (one is kept while the enrolment page is reloaded)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def base32_secret(device: TOTPDevice) -> str:
    """The device's key as the authenticator app takes it when typed by hand."""
    return b32encode(device.bin_key).decode("ascii")


def _throttle_wait(device: Device) -> int:
    allowed, data = device.verify_is_allowed()
    if allowed or not data or "locked_until" not in data:
        return 0
    remaining = (data["locked_until"] - timezone.now()).total_seconds()
    return max(1, int(remaining + 0.999))


def _verify(device: Device, user: User, token: str) -> Verification:
    wait = _throttle_wait(device)
    if wait:
        return Verification(accepted=False, wait_seconds=wait)
    if verify_token(user, device.persistent_id, token) is None:
        # django-otp counted the failure: the next try waits (checked above next time).
        return Verification(accepted=False)
    return Verification(accepted=True)


def enrolment_confirm(*, request: HttpRequest, user: User, token: str) -> list[str] | None:
    """Confirm the pending device with a code from the app: it counts from now on, the session
    is verified with it, and ten recovery codes are issued (returned, to be shown once).
    None when the code is wrong (the device stays unconfirmed)."""
    device = enrolment_device(user)
    outcome = _verify(device, user, token)
    if not outcome.accepted:
        logger.info("2FA enrolment code refused for user %s", user.pk)
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
        device.confirmed = True
        codes = recovery_codes_issue(user=user)
    otp_login(request, device)
    gate_session.remember_device(request, has_device=True)
    logger.info("2FA enrolled for user %s", user.pk)
    return codes


def recovery_codes_issue(*, user: User) -> list[str]:
    """Replace the user's recovery codes with ten new ones; only their digests are stored."""
    codes = recovery.new_codes()
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        StaticToken.objects.bulk_create(
            StaticToken(device=device, token=recovery.digest(user.pk, code)) for code in codes
        )
    logger.info("2FA recovery codes issued for user %s", user.pk)
    return codes


def totp_verify(*, request: HttpRequest, user: User, token: str) -> Verification:
    """A code from the authenticator app; accepted → the session is verified."""
    device = confirmed_totp_device(user)
    if device is None:
        return Verification(accepted=False)
    outcome = _verify(device, user, token.strip())
    if outcome.accepted:
        otp_login(request, device)
        logger.info("2FA verified (TOTP) for user %s", user.pk)
    else:
        logger.warning("2FA code refused (TOTP) for user %s", user.pk)
    return outcome


def recovery_verify(*, request: HttpRequest, user: User, code: str) -> Verification:
    """A recovery code; accepted → it is used up (django-otp deletes it) and the session is
    verified."""
    device = recovery_device(user)
    if device is None or confirmed_totp_device(user) is None:
        return Verification(accepted=False)
    outcome = _verify(device, user, recovery.digest(user.pk, code))
    if not outcome.accepted:
        logger.warning("2FA recovery code refused for user %s", user.pk)
        return outcome
    otp_login(request, device)
    left = recovery_codes_left(user)
    logger.info("2FA verified (recovery code) for user %s, %s codes left", user.pk, left)
    return Verification(accepted=True, codes_left=left)


def _delete_devices(user: User) -> int:
    with transaction.atomic():
        totp, _ = TOTPDevice.objects.filter(user=user).delete()
        static, _ = StaticDevice.objects.filter(user=user).delete()
    return totp + static


def two_factor_disable(*, request: HttpRequest, user: User) -> None:
    """The user turns two-factor off (allowed only when it is not required: the view checks)."""
    _delete_devices(user)
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    gate_session.remember_device(request, has_device=False)
    logger.info("2FA disabled by user %s", user.pk)


def two_factor_reset(*, user: User, actor: User) -> int:
    """An admin removes a user's devices (lost phone): a required user enrols again at the next
    request, an offered one signs in with the password alone. Returns the rows deleted."""
    deleted = _delete_devices(user)
    logger.warning("2FA reset for user %s by admin %s (%s rows)", user.pk, actor.pk, deleted)
    return deleted

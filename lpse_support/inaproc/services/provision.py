"""One verified Inaproc sign-in → its user: update the linked one, create one just in time, or
ask for the local password before linking an existing account with the same verified e-mail.

Lock, check, write, record: each path runs in one transaction, re-reads the identity and the
user under a row lock, and writes the user and its ``ExternalIdentity`` together, so a refusal
or a crash leaves nothing half-made. Staff rights (``is_staff``, ``is_superuser``,
``is_supervisor``, team membership) are never written here: only an admin gives them.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from lpse_support.accounts.models import TeamMembership, User
from lpse_support.inaproc.claims import InaprocProfile, category_for_role, lpse_for_unit
from lpse_support.inaproc.errors import (
    AccountAlreadyLinked,
    AccountInactive,
    AccountNotLinkable,
    EmailNotVerified,
)
from lpse_support.inaproc.models import ExternalIdentity

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PendingLink:
    """An existing local account to link once its owner proves the local password."""

    user_id: int
    profile: InaprocProfile


def _is_staff(user: User) -> bool:
    return (
        user.is_staff
        or user.is_superuser
        or user.is_supervisor
        or TeamMembership.objects.filter(user=user).exists()
    )


def _apply_profile(user: User, profile: InaprocProfile) -> list[str]:
    """Copy what the provider says onto the user; the fields changed. Empty claims keep what is
    stored; category and LPSE come only through the mapping tables and are left alone for staff,
    whose category and LPSE an admin set."""
    values: dict[str, object] = {}
    if profile.full_name:
        values["full_name"] = profile.full_name
    if profile.verified_email:
        values["email"] = profile.verified_email
    if profile.phone:
        values["phone"] = profile.phone
    if user.pk is None or not _is_staff(user):
        category = category_for_role(profile.role)
        if category is not None:
            values["reporter_category"] = category
        lpse = lpse_for_unit(profile.unit)
        if lpse is not None:
            values["home_lpse"] = lpse
    changed = [name for name, value in values.items() if getattr(user, name) != value]
    for name in changed:
        setattr(user, name, values[name])
    return changed


def _username_for(profile: InaprocProfile) -> str:
    """A fixed username derived from (issuer, sub): unique, never taken from a claim a person
    can choose (name or e-mail), and the same on every sign-in."""
    digest = hashlib.sha256(f"{profile.issuer}\n{profile.subject}".encode()).hexdigest()
    base = f"inaproc-{digest[:12]}"
    username, suffix = base, 1
    while User.objects.filter(username=username).exists():
        suffix += 1
        username = f"{base}-{suffix}"
    return username


def _touch(identity: ExternalIdentity) -> None:
    identity.last_login = timezone.now()
    identity.save(update_fields=["last_login", "updated_at"])


def _update_linked(identity: ExternalIdentity, profile: InaprocProfile) -> User:
    user = User.objects.select_for_update().get(pk=identity.user_id)
    if not user.is_active:
        # An admin switched the account off; Inaproc cannot switch it back on.
        raise AccountInactive()
    changed = _apply_profile(user, profile)
    if changed:
        user.save(update_fields=changed)
    _touch(identity)
    return user


def _create(profile: InaprocProfile) -> User:
    user = User(username=_username_for(profile))
    _apply_profile(user, profile)
    # Inaproc users prove who they are at Inaproc; no local password can be guessed.
    user.set_unusable_password()
    user.save()
    ExternalIdentity.objects.create(
        user=user, issuer=profile.issuer, subject=profile.subject, last_login=timezone.now()
    )
    logger.info("Inaproc: user %s created for sub %r", user.username, profile.subject)
    return user


def _linkable_account(profile: InaprocProfile) -> User | None:
    """The local account holding the claimed e-mail, if any, checked for linking."""
    if not profile.email:
        return None
    holders = list(User.objects.filter(email__iexact=profile.email)[:2])
    if not holders:
        return None
    if not profile.email_verified:
        raise EmailNotVerified()
    if len(holders) > 1:
        raise AccountNotLinkable()
    user = holders[0]
    if ExternalIdentity.objects.filter(user=user, issuer=profile.issuer).exists():
        raise AccountAlreadyLinked()
    if not user.is_active or not user.has_usable_password():
        raise AccountNotLinkable()
    return user


def identity_sign_in(*, profile: InaprocProfile) -> User | PendingLink:
    """The user for a verified sign-in, or the local account waiting for its password."""
    try:
        with transaction.atomic():
            identity = (
                ExternalIdentity.objects.select_for_update()
                .filter(issuer=profile.issuer, subject=profile.subject)
                .first()
            )
            if identity is not None:
                return _update_linked(identity, profile)
            existing = _linkable_account(profile)
            if existing is not None:
                return PendingLink(user_id=existing.pk, profile=profile)
            return _create(profile)
    except IntegrityError:
        # A second callback for the same new `sub` won the race: its identity is the one.
        with transaction.atomic():
            identity = ExternalIdentity.objects.select_for_update().get(
                issuer=profile.issuer, subject=profile.subject
            )
            return _update_linked(identity, profile)


def identity_link(*, pending: PendingLink) -> User:
    """Link the local account whose password was just proven, and update it from the claims.
    Everything is checked again under the lock: the world may have moved since the callback."""
    profile = pending.profile
    with transaction.atomic():
        if ExternalIdentity.objects.filter(issuer=profile.issuer, subject=profile.subject).exists():
            raise AccountAlreadyLinked()
        user = User.objects.select_for_update().get(pk=pending.user_id)
        if ExternalIdentity.objects.filter(user=user, issuer=profile.issuer).exists():
            raise AccountAlreadyLinked()
        if not profile.email_verified or user.email.casefold() != profile.email.casefold():
            raise AccountNotLinkable()
        changed = _apply_profile(user, profile)
        if changed:
            user.save(update_fields=changed)
        try:
            with transaction.atomic():
                ExternalIdentity.objects.create(
                    user=user,
                    issuer=profile.issuer,
                    subject=profile.subject,
                    last_login=timezone.now(),
                )
        except IntegrityError as error:
            raise AccountAlreadyLinked() from error
    logger.info("Inaproc: sub %r linked to user %s", profile.subject, user.username)
    return user

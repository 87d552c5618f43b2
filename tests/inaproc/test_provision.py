"""The provisioning service on its own: who is created, updated, linked or refused, and that
claims never reach staff rights, staff categories or an inactive account."""

from __future__ import annotations

from dataclasses import replace
from typing import cast

import pytest

from lpse_support.accounts.models import Team, TeamMembership, User
from lpse_support.inaproc.claims import InaprocProfile
from lpse_support.inaproc.errors import (
    AccountAlreadyLinked,
    AccountInactive,
    AccountNotLinkable,
    EmailNotVerified,
)
from lpse_support.inaproc.models import ExternalIdentity, InaprocRoleMapping
from lpse_support.inaproc.services.provision import PendingLink, identity_link, identity_sign_in
from tests.support.factories import TeamFactory
from tests.support.inaproc_world import InaprocWorld, make_inaproc_world
from tests.support.users import make_user

pytestmark = pytest.mark.django_db

ISSUER = "https://inaproc.example.go.id"


@pytest.fixture
def world() -> InaprocWorld:
    return make_inaproc_world()


def profile(**changes: object) -> InaprocProfile:
    base = InaprocProfile(
        issuer=ISSUER,
        subject="sub-1",
        full_name="Budi Santoso",
        email="budi@example.go.id",
        email_verified=True,
        phone="0811",
        role="ppk",
        unit="KOTA-MAKASSAR",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_jit_user_from_profile(world: InaprocWorld) -> None:
    user = identity_sign_in(profile=profile())
    assert isinstance(user, User)
    assert user.reporter_category == world.ppk and user.home_lpse == world.makassar
    assert not user.has_usable_password()
    assert (user.is_staff, user.is_superuser, user.is_supervisor) == (False, False, False)


def test_unverified_email_is_not_stored_on_a_new_user(world: InaprocWorld) -> None:
    user = identity_sign_in(profile=profile(email_verified=False))
    assert isinstance(user, User) and user.email == ""


def test_usernames_are_unique_even_if_the_derived_one_is_taken(world: InaprocWorld) -> None:
    first = identity_sign_in(profile=profile())
    assert isinstance(first, User)
    ExternalIdentity.objects.all().delete()
    User.objects.filter(pk=first.pk).update(email="")  # no longer a link candidate
    second = identity_sign_in(profile=profile())
    assert isinstance(second, User) and second.username == f"{first.username}-2"


def test_unmapped_role_gives_no_category_and_keeps_an_existing_one(world: InaprocWorld) -> None:
    user = identity_sign_in(profile=profile(role="Peran Baru"))
    assert isinstance(user, User) and user.reporter_category is None
    identity_sign_in(profile=profile())
    identity_sign_in(profile=profile(role="Peran Baru"))
    user.refresh_from_db()
    assert user.reporter_category == world.ppk


def test_a_mapping_to_a_staff_category_is_ignored(world: InaprocWorld) -> None:
    InaprocRoleMapping.objects.create(claim_value="admin", reporter_category=world.helpdesk)
    user = identity_sign_in(profile=profile(role="ADMIN"))
    assert isinstance(user, User) and user.reporter_category is None


def test_staff_keep_the_category_and_lpse_an_admin_gave_them(world: InaprocWorld) -> None:
    staff = make_user(email="budi@example.go.id", reporter_category=world.helpdesk)
    TeamMembership.objects.create(team=cast(Team, TeamFactory()), user=staff)
    ExternalIdentity.objects.create(user=staff, issuer=ISSUER, subject="sub-1")

    user = identity_sign_in(profile=profile(full_name="Budi Baru"))

    assert isinstance(user, User) and user.pk == staff.pk
    assert user.full_name == "Budi Baru"
    assert user.reporter_category == world.helpdesk and user.home_lpse == staff.home_lpse
    assert staff.home_lpse != world.makassar


def test_an_inactive_linked_account_is_refused(world: InaprocWorld) -> None:
    user = make_user(is_active=False)
    ExternalIdentity.objects.create(user=user, issuer=ISSUER, subject="sub-1")
    with pytest.raises(AccountInactive):
        identity_sign_in(profile=profile(full_name="Dihidupkan Lagi"))
    user.refresh_from_db()
    assert user.full_name != "Dihidupkan Lagi" and not user.is_active


def test_same_verified_email_waits_for_the_password(world: InaprocWorld) -> None:
    local = make_user(email="BUDI@example.go.id")
    outcome = identity_sign_in(profile=profile())
    assert outcome == PendingLink(user_id=local.pk, profile=profile())
    assert not ExternalIdentity.objects.exists() and User.objects.count() == 1


def test_same_unverified_email_is_refused(world: InaprocWorld) -> None:
    make_user(email="budi@example.go.id")
    with pytest.raises(EmailNotVerified):
        identity_sign_in(profile=profile(email_verified=False))
    assert not ExternalIdentity.objects.exists() and User.objects.count() == 1


def test_an_account_already_linked_to_another_sub_is_refused(world: InaprocWorld) -> None:
    local = make_user(email="budi@example.go.id")
    ExternalIdentity.objects.create(user=local, issuer=ISSUER, subject="another-sub")
    with pytest.raises(AccountAlreadyLinked):
        identity_sign_in(profile=profile())
    assert ExternalIdentity.objects.count() == 1 and User.objects.count() == 1


@pytest.mark.parametrize("problem", ["no-password", "inactive", "shared-address"])
def test_accounts_that_cannot_prove_a_password_are_not_linkable(
    world: InaprocWorld, problem: str
) -> None:
    local = make_user(email="budi@example.go.id", is_active=problem != "inactive")
    if problem == "no-password":
        local.set_unusable_password()
        local.save()
    if problem == "shared-address":
        make_user(email="budi@example.go.id")
    with pytest.raises(AccountNotLinkable):
        identity_sign_in(profile=profile())
    assert not ExternalIdentity.objects.exists()


def test_link_refused_when_the_sub_was_linked_meanwhile(world: InaprocWorld) -> None:
    local = make_user(email="budi@example.go.id", reporter_category=None)
    pending = identity_sign_in(profile=profile())
    assert isinstance(pending, PendingLink)
    other = make_user()
    ExternalIdentity.objects.create(user=other, issuer=ISSUER, subject="sub-1")

    with pytest.raises(AccountAlreadyLinked):
        identity_link(pending=pending)

    local.refresh_from_db()
    assert local.reporter_category is None  # nothing of the profile was written
    assert not ExternalIdentity.objects.filter(user=local).exists()


def test_link_refused_when_the_local_email_changed_meanwhile(world: InaprocWorld) -> None:
    local = make_user(email="budi@example.go.id")
    pending = identity_sign_in(profile=profile())
    assert isinstance(pending, PendingLink)
    User.objects.filter(pk=local.pk).update(email="lain@example.go.id")
    with pytest.raises(AccountNotLinkable):
        identity_link(pending=pending)
    assert not ExternalIdentity.objects.exists()


def test_link_writes_identity_and_profile(world: InaprocWorld) -> None:
    local = make_user(email="budi@example.go.id")
    pending = identity_sign_in(profile=profile())
    assert isinstance(pending, PendingLink)
    user = identity_link(pending=pending)
    assert user.pk == local.pk and user.reporter_category == world.ppk
    assert ExternalIdentity.objects.get().user_id == local.pk

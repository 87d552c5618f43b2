"""Two first sign-ins of the same new `sub` at the same moment (a double callback, two tabs):
one user and one identity, both racers get that user. Real threads on their own connections."""

from __future__ import annotations

import pytest

from lpse_support.accounts.models import User
from lpse_support.inaproc.claims import InaprocProfile
from lpse_support.inaproc.models import ExternalIdentity
from lpse_support.inaproc.services.provision import identity_sign_in
from tests.support.race import at_once

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.needs_file_db]

PROFILE = InaprocProfile(
    issuer="https://inaproc.example.go.id",
    subject="sub-race",
    full_name="Budi Santoso",
    email="budi@example.go.id",
    email_verified=True,
    phone="",
    role="",
    unit="",
)


def test_one_user_for_two_simultaneous_first_sign_ins() -> None:
    result = at_once(lambda _racer: identity_sign_in(profile=PROFILE), [1, 2, 3])

    assert result.raised == []
    users = {user.pk for _racer, user in result.returned if isinstance(user, User)}
    assert len(users) == 1
    assert User.objects.count() == 1
    assert ExternalIdentity.objects.get().user_id == users.pop()

"""``check --deploy`` refuses demo accounts (lpse_support.E001); remove_demo_accounts clears it."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from lpse_support.accounts.models import User
from lpse_support.demo.checks import DEMO_USERNAMES, demo_accounts_absent
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_check_deploy_fails_while_a_demo_account_exists() -> None:
    UserFactory(username="ppk1")
    with pytest.raises(SystemCheckError, match=r"lpse_support\.E001"):
        call_command("check", "--deploy", stdout=io.StringIO(), stderr=io.StringIO())


def test_remove_demo_accounts_deletes_exactly_the_demo_usernames() -> None:
    for username in DEMO_USERNAMES:
        UserFactory(username=username)
    UserFactory(username="ppk2")
    [error] = demo_accounts_absent()
    assert error.id == "lpse_support.E001"
    out = io.StringIO()
    call_command("remove_demo_accounts", stdout=out)
    assert "Dihapus: ppk1" in out.getvalue()
    assert "12 akun demo dihapus" in out.getvalue()
    assert list(User.objects.values_list("username", flat=True)) == ["ppk2"]
    assert demo_accounts_absent() == []


def test_remove_demo_accounts_without_any_says_so() -> None:
    out = io.StringIO()
    call_command("remove_demo_accounts", stdout=out)
    assert "Tidak ada akun demo" in out.getvalue()

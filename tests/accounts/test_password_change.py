""" "Ubah Password" on Profil (issue 13 item 4): the current password is required, the new one
passes Django's validators, this session stays and every other session of the account ends;
accounts without a usable password (Inaproc) get an explanation instead of the form."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from lpse_support.accounts.models import User
from tests.support.factories import PASSWORD
from tests.support.users import fresh, make_user

pytestmark = pytest.mark.django_db

PROFILE_URL = "/akun/profil/"
CHANGE_URL = "/akun/profil/password/"
NEW_PASSWORD = "Sandi-Baru#2027"


@pytest.fixture(autouse=True)
def _fresh_counters() -> None:
    cache.clear()


def signed_in(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def change(client: Client, old: str, new: str, again: str | None = None) -> Any:
    return client.post(
        CHANGE_URL,
        {"old_password": old, "new_password1": new, "new_password2": again or new},
    )


def test_profile_shows_the_ubah_password_card() -> None:
    html = signed_in(make_user()).get(PROFILE_URL).content.decode()
    assert 'id="ubah-password"' in html
    assert f'action="{CHANGE_URL}#ubah-password"' in html
    for name in ("old_password", "new_password1", "new_password2"):
        assert f'name="{name}"' in html
    assert "Password saat ini" in html and "Ulangi password baru" in html


def test_success_keeps_this_session_and_ends_the_others() -> None:
    user = make_user()
    here, elsewhere = signed_in(user), signed_in(user)

    response = change(here, PASSWORD, NEW_PASSWORD)
    assert (response.status_code, response["Location"]) == (302, PROFILE_URL + "#main")
    page = here.get(PROFILE_URL)
    assert page.status_code == 200
    assert "Password berhasil diubah." in page.content.decode()

    other = elsewhere.get(PROFILE_URL)
    assert other.status_code == 302 and other["Location"].startswith("/akun/masuk/")
    assert fresh(user).check_password(NEW_PASSWORD)
    assert Client().login(username=user.username, password=NEW_PASSWORD)


def test_a_wrong_current_password_changes_nothing() -> None:
    user = make_user()
    client = signed_in(user)
    response = change(client, "bukan-password-saya", NEW_PASSWORD)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Password saat ini salah." in html
    assert 'id="ubah-password"' in html
    assert response["Cache-Control"].startswith("max-age=0")
    assert fresh(user).check_password(PASSWORD)
    assert client.get(PROFILE_URL).status_code == 200


@pytest.mark.parametrize(
    ("new", "again", "message"),
    [
        ("12345678", None, "Kata sandi ini seluruhnya terdiri dari angka."),
        ("Ab#1", None, "Kata sandi terlalu pendek. Harus mengandung setidaknya 8 karakter."),
        ("password123", None, "Kata sandi ini terlalu umum."),
        (NEW_PASSWORD, NEW_PASSWORD + "x", "Kedua password baru tidak sama."),
    ],
)
def test_the_validators_refuse_in_indonesian(new: str, again: str | None, message: str) -> None:
    user = make_user()
    response = change(signed_in(user), PASSWORD, new, again)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert fresh(user).check_password(PASSWORD)


def test_a_password_like_the_username_is_refused() -> None:
    user = make_user(username="rina_pokja_mks")
    response = change(signed_in(user), PASSWORD, "rina_pokja_mks1")
    assert "Kata sandi terlalu mirip dengan nama pengguna." in response.content.decode()
    assert fresh(user).check_password(PASSWORD)


def test_an_account_without_a_usable_password_gets_an_explanation_and_no_form() -> None:
    user = make_user()
    client = signed_in(user)
    user.set_unusable_password()
    user.save()
    # The session hash changed with the password: sign in again as Inaproc would.
    client.force_login(user)
    html = client.get(PROFILE_URL).content.decode()
    assert "Akun Anda masuk melalui Inaproc; ubah password di Inaproc." in html
    assert 'name="old_password"' not in html
    refused = change(client, "", NEW_PASSWORD)
    assert refused.status_code == 403
    assert not fresh(user).has_usable_password()


def test_attempts_are_limited_per_account() -> None:
    user = make_user()
    client = signed_in(user)
    for _ in range(10):
        change(client, "salah", NEW_PASSWORD)
    refused = change(client, PASSWORD, NEW_PASSWORD)
    assert refused.status_code == 302
    assert "Terlalu banyak percobaan mengubah password." in client.get(PROFILE_URL).content.decode()
    assert fresh(user).check_password(PASSWORD)


def test_anonymous_and_get_are_refused() -> None:
    anonymous = Client().post(CHANGE_URL, {"old_password": PASSWORD})
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/akun/masuk/")
    assert signed_in(make_user()).get(CHANGE_URL).status_code == 405

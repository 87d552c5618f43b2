"""Sign in with Inaproc against the real provider (scripts/oidc_provider.mjs): just-in-time
accounts from claims, later sign-ins update them, linking a local account by its password,
claims asking for staff rights, logout at the provider, key rotation."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from lpse_support.accounts.models import TeamMembership, User
from lpse_support.inaproc.models import ExternalIdentity
from tests.support.inaproc_world import InaprocWorld, make_inaproc_world
from tests.support.oidc_flow import ProviderBrowser, local_path, sign_in, start_sign_in
from tests.support.oidc_provider import RunningProvider
from tests.support.users import make_user

pytestmark = pytest.mark.django_db

PPK = "inaproc-ppk-7301"


@pytest.fixture
def world(settings: Any, oidc_provider: RunningProvider) -> InaprocWorld:
    for name, value in oidc_provider.settings().items():
        setattr(settings, name, value)
    return make_inaproc_world()


@pytest.fixture
def browser(oidc_provider: RunningProvider) -> ProviderBrowser:
    return ProviderBrowser(oidc_provider)


def logged_in_user(client: Client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def test_first_sign_in_creates_a_ppk_with_category_and_lpse(
    world: InaprocWorld, browser: ProviderBrowser, oidc_provider: RunningProvider
) -> None:
    client = Client()
    answer = sign_in(client, browser, PPK)

    assert answer.status_code == 302 and answer["Location"] == "/"
    user = logged_in_user(client)
    assert user is not None
    assert user.full_name == "Rahmawati Siregar, S.E."
    assert user.email == "rahmawati.siregar@makassarkota.example.go.id"
    assert user.phone == "0812-3456-7301"
    assert user.reporter_category == world.ppk
    assert user.home_lpse == world.makassar
    assert not user.has_usable_password()
    assert user.username.startswith("inaproc-")
    identity = ExternalIdentity.objects.get(user=user)
    assert (identity.issuer, identity.subject) == (oidc_provider.issuer, PPK)
    assert identity.last_login is not None
    assert client.get("/akun/profil/").status_code == 200


def test_second_sign_in_updates_the_same_user(
    world: InaprocWorld, browser: ProviderBrowser
) -> None:
    sign_in(Client(), browser, PPK)
    user = User.objects.get(external_identities__subject=PPK)
    User.objects.filter(pk=user.pk).update(
        full_name="Nama Lama", email="lama@example.go.id", phone="", reporter_category=None
    )
    # A fresh browser: the provider asks to sign in again, the `sub` finds the same user.
    client = Client()
    sign_in(client, ProviderBrowser(browser.provider), PPK)

    assert User.objects.filter(external_identities__subject=PPK).count() == 1
    again = logged_in_user(client)
    assert again is not None and again.pk == user.pk
    assert again.full_name == "Rahmawati Siregar, S.E."
    assert again.email == "rahmawati.siregar@makassarkota.example.go.id"
    assert again.phone == "0812-3456-7301"
    assert again.reporter_category == world.ppk


def test_claims_asking_for_staff_rights_change_nothing(
    world: InaprocWorld, browser: ProviderBrowser
) -> None:
    client = Client()
    sign_in(client, browser, "inaproc-claims-admin-3003")

    user = logged_in_user(client)
    assert user is not None
    assert (user.is_staff, user.is_superuser, user.is_supervisor) == (False, False, False)
    assert not TeamMembership.objects.filter(user=user).exists()
    assert user.reporter_category is None  # "admin" is mapped to nothing
    assert client.get("/admin/").status_code == 302  # to the admin login


def test_existing_account_is_linked_only_after_its_password(
    world: InaprocWorld, browser: ProviderBrowser
) -> None:
    local = make_user(username="siti", email="Siti.Aminah@example.go.id", full_name="Siti A.")
    local.set_password("Lokal#2026")
    local.save()
    client = Client()

    answer = sign_in(client, browser, "inaproc-linked-1001")

    assert answer["Location"] == "/akun/inaproc/hubungkan/"
    assert logged_in_user(client) is None
    assert not ExternalIdentity.objects.exists()
    page = client.get("/akun/inaproc/hubungkan/")
    assert "Hubungkan akun" in page.content.decode()

    wrong = client.post("/akun/inaproc/hubungkan/", {"password": "salah"})
    assert wrong.status_code == 200 and "Password salah." in wrong.content.decode()
    assert logged_in_user(client) is None and not ExternalIdentity.objects.exists()

    right = client.post("/akun/inaproc/hubungkan/", {"password": "Lokal#2026"})
    assert right.status_code == 302 and right["Location"] == "/"
    user = logged_in_user(client)
    assert user is not None and user.pk == local.pk
    assert ExternalIdentity.objects.get(subject="inaproc-linked-1001").user_id == local.pk
    assert user.full_name == "Siti Aminah" and user.reporter_category == world.pokja
    assert User.objects.count() == 1

    # Next time the `sub` finds the account straight away.
    later = Client()
    sign_in(later, ProviderBrowser(browser.provider), "inaproc-linked-1001")
    assert logged_in_user(later) == local


def test_link_can_be_cancelled_and_nothing_is_written(
    world: InaprocWorld, browser: ProviderBrowser
) -> None:
    make_user(username="siti", email="siti.aminah@example.go.id")
    client = Client()
    sign_in(client, browser, "inaproc-linked-1001")

    answer = client.post("/akun/inaproc/hubungkan/", {"cancel": "1"})

    assert answer["Location"] == "/akun/masuk/"
    assert logged_in_user(client) is None and not ExternalIdentity.objects.exists()
    assert client.get("/akun/inaproc/hubungkan/")["Location"] == "/akun/masuk/"


def test_logout_ends_the_provider_session_too(
    world: InaprocWorld, browser: ProviderBrowser, oidc_provider: RunningProvider
) -> None:
    client = Client()
    sign_in(client, browser, PPK)
    id_token = client.session["inaproc_id_token"]

    answer = client.post("/akun/keluar/")

    end_session = answer["Location"]
    assert end_session.startswith(oidc_provider.issuer + "/session/end")
    query = parse_qs(urlsplit(end_session).query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == ["http://testserver/akun/masuk/"]
    assert query["state"][0]
    assert logged_in_user(client) is None

    back = browser.confirm_logout(end_session)
    assert back.startswith("http://testserver/akun/masuk/")
    login_page = client.get(local_path(back))
    assert "Anda telah keluar." in login_page.content.decode()
    # Signed out at the provider: "Masuk dengan Inaproc" asks for the login again.
    assert browser.asks_to_sign_in(start_sign_in(client))


def test_local_logout_stays_local(world: InaprocWorld) -> None:
    client = Client()
    client.force_login(make_user())
    assert client.post("/akun/keluar/")["Location"] == "/akun/masuk/"


def test_a_rotated_signing_key_is_fetched_once(
    world: InaprocWorld, oidc_provider: RunningProvider
) -> None:
    sign_in(Client(), ProviderBrowser(oidc_provider), PPK)  # the JWKS is now cached
    oidc_provider.restart()  # same issuer, new key with a new kid

    client = Client()
    sign_in(client, ProviderBrowser(oidc_provider), PPK)

    assert logged_in_user(client) is not None


def test_next_from_the_login_page_is_followed_once(
    world: InaprocWorld, browser: ProviderBrowser
) -> None:
    client = Client()
    answer = client.post("/akun/inaproc/masuk/", {"next": "/tiket/"})
    callback = browser.sign_in(answer["Location"], PPK)
    assert client.get(local_path(callback))["Location"] == "/tiket/"
    assert "inaproc_next" not in client.session


def test_an_outside_next_is_ignored(world: InaprocWorld, browser: ProviderBrowser) -> None:
    client = Client()
    answer = client.post("/akun/inaproc/masuk/", {"next": "https://evil.example/"})
    callback = browser.sign_in(answer["Location"], PPK)
    assert client.get(local_path(callback))["Location"] == "/"


def test_a_pending_link_expires(world: InaprocWorld, browser: ProviderBrowser) -> None:
    local = make_user(email="siti.aminah@example.go.id")
    local.set_password("Lokal#2026")
    local.save()
    client = Client()
    sign_in(client, browser, "inaproc-linked-1001")
    session = client.session
    pending = session["inaproc_pending_link"]
    assert 590 < pending["expires"] - time.time() <= 600
    session["inaproc_pending_link"] = {**pending, "expires": time.time() - 1}
    session.save()

    answer = client.post("/akun/inaproc/hubungkan/", {"password": "Lokal#2026"})

    assert answer["Location"] == "/akun/masuk/"
    assert logged_in_user(client) is None and not ExternalIdentity.objects.exists()


def test_wrong_link_passwords_count_toward_the_login_lockout(
    world: InaprocWorld, browser: ProviderBrowser, settings: Any
) -> None:
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 2
    local = make_user(email="siti.aminah@example.go.id")
    local.set_password("Lokal#2026")
    local.save()
    client = Client()
    sign_in(client, browser, "inaproc-linked-1001")

    for _ in range(2):
        client.post("/akun/inaproc/hubungkan/", {"password": "tebakan"})
    answer = client.post("/akun/inaproc/hubungkan/", {"password": "Lokal#2026"})

    assert answer.status_code == 429  # axes' lockout page, even with the right password
    assert logged_in_user(client) is None and not ExternalIdentity.objects.exists()


def test_unverified_email_colliding_with_a_local_account_is_refused(
    world: InaprocWorld, browser: ProviderBrowser
) -> None:
    make_user(email="siti.aminah@example.go.id")
    client = Client()
    answer = sign_in(client, browser, "inaproc-unverified-2002")
    assert answer["Location"] == "/akun/masuk/"
    page = client.get("/akun/masuk/").content.decode()
    assert "belum terverifikasi di Inaproc" in page
    assert logged_in_user(client) is None
    assert User.objects.count() == 1 and not ExternalIdentity.objects.exists()


def test_a_sub_already_linked_elsewhere_is_refused(
    world: InaprocWorld, browser: ProviderBrowser, oidc_provider: RunningProvider
) -> None:
    local = make_user(email="siti.aminah@example.go.id")
    ExternalIdentity.objects.create(user=local, issuer=oidc_provider.issuer, subject="other-sub")
    client = Client()
    answer = sign_in(client, browser, "inaproc-linked-1001")
    assert answer["Location"] == "/akun/masuk/"
    assert "sudah terhubung dengan akun Inaproc lain" in client.get("/akun/masuk/").content.decode()
    assert logged_in_user(client) is None
    assert User.objects.count() == 1 and ExternalIdentity.objects.count() == 1

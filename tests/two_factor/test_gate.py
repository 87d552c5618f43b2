"""The gate (middleware.py): until two-factor is passed, every kind of URL leads to enrolment or
verification — pages, /admin/, session API calls, htmx — with ``next`` kept; bearer-token calls
and users who need nothing are untouched."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lpse_support.accounts.models import User
from lpse_support.api.tokens import token_create
from lpse_support.two_factor.models import TwoFactorRule
from tests.support.factories import TeamFactory
from tests.support.two_factor import confirmed_device, login_verified
from tests.support.users import make_superuser, make_user

pytestmark = pytest.mark.django_db

ENROL = "/akun/dua-faktor/aktifkan/"
VERIFY = "/akun/dua-faktor/verifikasi/"
PAGES = [
    "/",
    "/tiket/",
    "/akun/profil/",
    "/faq/",
    "/notifikasi/",
    "/admin/",
    "/admin/accounts/user/",
]


def _required_member() -> User:
    member = make_user()
    team = TeamFactory.create(members=[member])
    TwoFactorRule.objects.create(team=team)
    return member


def test_url_names() -> None:
    assert reverse("two_factor:enrol") == ENROL
    assert reverse("two_factor:verify") == VERIFY


@pytest.mark.parametrize("path", PAGES)
def test_required_user_without_device_is_sent_to_enrolment(client: Client, path: str) -> None:
    client.force_login(_required_member())
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"{ENROL}?next={path.replace('/', '%2F')}"


@pytest.mark.parametrize("path", PAGES)
def test_device_owner_must_verify_first(client: Client, path: str) -> None:
    admin = make_superuser()
    confirmed_device(admin)
    client.force_login(admin)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next={path.replace('/', '%2F')}"


def test_query_string_kept_in_next(client: Client) -> None:
    client.force_login(_required_member())
    response = client.get("/tiket/", {"tab": "masuk"})
    assert response["Location"] == f"{ENROL}?next=%2Ftiket%2F%3Ftab%3Dmasuk"


def test_post_is_refused_too(client: Client) -> None:
    client.force_login(_required_member())
    response = client.post(reverse("accounts:api_token_create"), {"name": "x"})
    assert response.status_code == 302 and response["Location"] == ENROL


def test_htmx_request_gets_hx_redirect(client: Client) -> None:
    client.force_login(_required_member())
    response = client.get("/tiket/", headers={"HX-Request": "true"})
    assert response.status_code == 403
    assert response["HX-Redirect"].startswith(ENROL)


def test_session_api_call_gets_the_json_envelope(client: Client) -> None:
    client.force_login(_required_member())
    response = client.get("/api/v1/tickets")
    assert response.status_code == 403
    assert response.json()["code"] == "two_factor_enrolment_required"
    admin = make_superuser()
    confirmed_device(admin)
    client.force_login(admin)
    response = client.get("/api/v1/dashboard")
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Sesi ini belum diverifikasi dengan autentikasi dua faktor.",
        "code": "two_factor_verification_required",
        "field": None,
    }


def test_bearer_token_call_is_not_a_session_login() -> None:
    admin = make_superuser()
    secret = token_create(user=admin, name="skrip").secret
    api = Client(headers={"authorization": f"Bearer {secret}"})
    assert api.get("/api/v1/tickets").status_code == 200


def test_open_paths_stay_open(client: Client) -> None:
    client.force_login(_required_member())
    assert client.get(ENROL).status_code == 200
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get("/tiket/").status_code == 302  # logged out: the login redirect
    assert client.get("/tiket/")["Location"].startswith("/akun/masuk/")


def test_verify_page_is_not_reachable_before_enrolment(client: Client) -> None:
    client.force_login(_required_member())
    response = client.get(VERIFY)
    assert response.status_code == 302 and response["Location"].startswith(ENROL)


def test_enrolment_page_is_not_reachable_when_verification_is_due(client: Client) -> None:
    admin = make_superuser()
    confirmed_device(admin)
    client.force_login(admin)
    response = client.get(ENROL)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)


def test_verified_session_passes(client: Client) -> None:
    login_verified(client, make_superuser())
    assert client.get("/admin/").status_code == 200
    assert client.get("/api/v1/tickets").status_code == 200
    assert client.get("/akun/profil/").status_code == 200


def test_offered_user_without_device_passes(client: Client) -> None:
    member = make_user()
    TeamFactory.create(members=[member])
    client.force_login(member)
    assert client.get("/tiket/").status_code == 200


def test_offered_user_who_enabled_it_must_verify(client: Client) -> None:
    member = make_user()
    TeamFactory.create(members=[member])
    confirmed_device(member)
    client.force_login(member)
    assert client.get("/tiket/")["Location"].startswith(VERIFY)


def test_reporter_is_never_gated(client: Client) -> None:
    client.force_login(make_user())
    assert client.get("/tiket/").status_code == 200
    assert client.get(ENROL).status_code == 404


def test_device_of_another_user_does_not_verify(client: Client) -> None:
    """A session naming someone else's device is not verified (django-otp checks the owner)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    admin = make_superuser()
    confirmed_device(admin)
    other_device = confirmed_device(make_superuser())
    client.force_login(admin)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = other_device.persistent_id
    session.save()
    assert client.get("/admin/")["Location"].startswith(VERIFY)


def test_admin_login_page_redirects_to_the_site_login(client: Client) -> None:
    response = client.get("/admin/login/", {"next": "/admin/accounts/user/"})
    assert response.status_code == 302
    assert response["Location"] == "/akun/masuk/?next=%2Fadmin%2Faccounts%2Fuser%2F"
    evil = client.get("/admin/login/", {"next": "https://evil.example/"})
    assert evil["Location"] == "/akun/masuk/?next=%2Fadmin%2F"
    # The admin's own "log in" redirect for an anonymous visitor ends at the same place.
    assert client.get("/admin/", follow=True).redirect_chain[-1][0].startswith("/akun/masuk/")


def test_admin_login_post_cannot_bypass(client: Client) -> None:
    from tests.support.factories import PASSWORD

    admin = make_superuser()
    response = client.post("/admin/login/", {"username": admin.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith("/akun/masuk/")
    assert "_auth_user_id" not in client.session

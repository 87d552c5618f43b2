"""Login, throttling and logout (R-AUTH-1): one answer for every refused login, POST-only logout."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.support.factories import PASSWORD
from tests.support.users import make_user

LOGIN_URL = "/akun/masuk/"
LOGOUT_URL = "/akun/keluar/"
CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+(")')


def _normalised(html: str, username: str) -> str:
    """The page minus what legitimately differs per request: the CSRF mask and the typed name."""
    html = CSRF_VALUE.sub(r"\1CSRF\2", html)
    return html.replace(f'value="{username}"', 'value="USERNAME"')


def test_login_url_names() -> None:
    assert reverse("accounts:login") == LOGIN_URL
    assert reverse("accounts:logout") == LOGOUT_URL
    assert reverse("accounts:profile") == "/akun/profil/"


@pytest.mark.django_db
def test_login_page_is_branded_with_indonesian_labels(client: Client) -> None:
    response = client.get(LOGIN_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "LPSE Support" in html
    assert "Layanan dukungan teknis aplikasi pengadaan elektronik LKPP" in html
    assert 'for="id_username">Username</label>' in html
    assert 'for="id_password">Password</label>' in html
    assert ">Masuk</button>" in html
    assert 'src="/static/img/logo.svg"' in html
    # The language switch posts to Django's set_language view.
    assert 'action="/i18n/setlang/" method="post"' in html


@pytest.mark.django_db
def test_login_success_lands_on_dashboard(client: Client) -> None:
    user = make_user(full_name="Rina Helpdesk")
    response = client.post(
        LOGIN_URL, {"username": user.username, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1] == ("/", 302)
    assert "Selamat Datang, Rina Helpdesk" in response.content.decode()


@pytest.mark.django_db
def test_login_honours_a_safe_next_and_ignores_an_external_one(client: Client) -> None:
    user = make_user()
    response = client.post(
        f"{LOGIN_URL}?next=/akun/profil/",
        {"username": user.username, "password": PASSWORD, "next": "/akun/profil/"},
    )
    assert response["Location"] == "/akun/profil/"
    client.logout()
    response = client.post(
        LOGIN_URL,
        {"username": user.username, "password": PASSWORD, "next": "https://jahat.example/"},
    )
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_wrong_password_and_unknown_user_get_the_same_answer(client: Client) -> None:
    user = make_user(username="budi")
    wrong = client.post(LOGIN_URL, {"username": "budi", "password": "salah-sekali"})
    unknown = client.post(LOGIN_URL, {"username": "tidakada", "password": "salah-sekali"})

    assert wrong.status_code == unknown.status_code == 200
    assert "Username atau password salah." in wrong.content.decode()
    assert _normalised(wrong.content.decode(), "budi") == _normalised(
        unknown.content.decode(), "tidakada"
    )
    assert "_auth_user_id" not in client.session
    assert user.username not in unknown.content.decode()


@pytest.mark.django_db
def test_inactive_user_gets_the_same_answer(client: Client) -> None:
    make_user(username="nonaktif", is_active=False)
    response = client.post(LOGIN_URL, {"username": "nonaktif", "password": PASSWORD})
    assert "Username atau password salah." in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_form_is_csrf_protected() -> None:
    user = make_user()
    strict = Client(enforce_csrf_checks=True)
    refused = strict.post(LOGIN_URL, {"username": user.username, "password": PASSWORD})
    assert refused.status_code == 403

    page = strict.get(LOGIN_URL).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    accepted = strict.post(
        LOGIN_URL,
        {"username": user.username, "password": PASSWORD, "csrfmiddlewaretoken": token[1]},
    )
    assert accepted.status_code == 302


@pytest.mark.django_db
def test_logged_in_user_visiting_login_goes_to_dashboard(client: Client) -> None:
    client.force_login(make_user())
    response = client.get(LOGIN_URL)
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_anonymous_dashboard_redirects_to_login(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next=/"


class TestThrottling:
    @pytest.fixture(autouse=True)
    def _axes_on(self, settings: Any) -> None:
        settings.AXES_ENABLED = True
        settings.AXES_FAILURE_LIMIT = 3

    def _fail_until_locked(self, client: Client, username: str, limit: int) -> None:
        for _ in range(limit):
            client.post(LOGIN_URL, {"username": username, "password": "bukan-passwordnya"})

    @pytest.mark.django_db
    def test_lockout_is_429_and_the_same_for_known_and_unknown_users(
        self, client: Client, settings: Any
    ) -> None:
        make_user(username="siti")
        limit = settings.AXES_FAILURE_LIMIT

        self._fail_until_locked(client, "siti", limit)
        known = client.post(LOGIN_URL, {"username": "siti", "password": "bukan-passwordnya"})
        self._fail_until_locked(client, "hantu", limit)
        unknown = client.post(LOGIN_URL, {"username": "hantu", "password": "bukan-passwordnya"})

        assert known.status_code == unknown.status_code == 429
        body = known.content.decode()
        assert "Terlalu banyak percobaan masuk. Coba lagi dalam 15 menit." in body
        assert known.content == unknown.content
        assert "siti" not in body
        assert "Content-Security-Policy" in known.headers

    @pytest.mark.django_db
    def test_even_the_right_password_is_refused_while_locked(
        self, client: Client, settings: Any
    ) -> None:
        user = make_user(username="andi")
        self._fail_until_locked(client, "andi", settings.AXES_FAILURE_LIMIT)

        response = client.post(LOGIN_URL, {"username": user.username, "password": PASSWORD})

        assert response.status_code == 429
        assert "_auth_user_id" not in client.session

    @pytest.mark.django_db
    def test_failures_below_the_limit_still_allow_the_right_password(
        self, client: Client, settings: Any
    ) -> None:
        user = make_user(username="dewi")
        self._fail_until_locked(client, "dewi", settings.AXES_FAILURE_LIMIT - 1)

        response = client.post(LOGIN_URL, {"username": user.username, "password": PASSWORD})

        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_logout_by_post_logs_out_with_a_message(client: Client) -> None:
    client.force_login(make_user())
    response = client.post(LOGOUT_URL, follow=True)
    assert response.redirect_chain[-1][0] == LOGIN_URL
    assert "Anda telah keluar." in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_logout_by_get_is_refused_and_keeps_the_session(client: Client) -> None:
    user = make_user()
    client.force_login(user)
    response = client.get(LOGOUT_URL)
    assert response.status_code == 405
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/").status_code == 200

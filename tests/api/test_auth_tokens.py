"""Personal API tokens: created on the Profil page (shown once, stored hashed), listed by
prefix, revoked, expired; Bearer and session auth; 401 JSON without credentials; rate limit."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lpse_support.api.models import ApiToken
from lpse_support.api.tokens import authenticate_secret, token_create
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db

UNAUTHORIZED = {"detail": "Autentikasi diperlukan.", "code": "unauthorized", "field": None}
GET_PATHS = [
    "/api/v1/applications",
    "/api/v1/tenders?q=100123",
    "/api/v1/tenders/10012345",
    "/api/v1/dashboard",
]


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()


@pytest.fixture
def user() -> Any:
    return UserFactory(username="ppk_token")


def profile_client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def create_via_page(client: Client, name: str = "SPSE", days: str = "") -> str:
    response = client.post(
        reverse("accounts:api_token_create"), {"name": name, "expires_in_days": days}
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Salin token ini sekarang; token tidak akan ditampilkan lagi." in html
    match = re.search(r'id="new-api-token" type="text" value="([^"]+)"', html)
    assert match
    return match.group(1)


def test_token_is_shown_once_and_stored_hashed(user: Any) -> None:
    client = profile_client(user)
    secret = create_via_page(client, name="Integrasi SPSE", days="30")
    token = ApiToken.objects.get(user=user)
    assert token.name == "Integrasi SPSE"
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.prefix == secret[:8]
    assert token.expires_at is not None
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    assert secret not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    page = client.get(reverse("accounts:profile")).content.decode()
    assert secret not in page
    assert f"{token.prefix}…" in page
    assert "Integrasi SPSE" in page
    assert "Salin token ini sekarang" not in page


def test_form_errors_are_shown(user: Any) -> None:
    client = profile_client(user)
    response = client.post(
        reverse("accounts:api_token_create"), {"name": "", "expires_in_days": "0"}
    )
    assert response.status_code == 200
    assert not ApiToken.objects.exists()
    assert "is-invalid" in response.content.decode()


def test_token_authenticates_and_updates_last_used(user: Any) -> None:
    secret = token_create(user=user, name="skrip").secret
    response = Client().get("/api/v1/dashboard", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=user)
    first_use = token.last_used_at
    assert first_use is not None
    # Within a minute the row is not written again.
    Client().get("/api/v1/dashboard", headers={"Authorization": f"Bearer {secret}"})
    token.refresh_from_db()
    assert token.last_used_at == first_use
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first_use - timedelta(minutes=2))
    Client().get("/api/v1/dashboard", headers={"Authorization": f"Bearer {secret}"})
    token.refresh_from_db()
    assert token.last_used_at is not None and token.last_used_at > first_use - timedelta(minutes=1)


def test_revoked_token_is_refused(user: Any) -> None:
    client = profile_client(user)
    secret = create_via_page(client)
    token = ApiToken.objects.get(user=user)
    headers = {"Authorization": f"Bearer {secret}"}
    assert Client().get("/api/v1/dashboard", headers=headers).status_code == 200
    response = client.post(reverse("accounts:api_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    response = Client().get("/api/v1/dashboard", headers=headers)
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED
    assert "Dicabut" in client.get(reverse("accounts:profile")).content.decode()


def test_revoke_needs_post_and_is_scoped_to_owner(user: Any) -> None:
    other = UserFactory.create(username="ppk_lain")
    token = token_create(user=other, name="punya orang lain").token
    client = profile_client(user)
    assert client.get(reverse("accounts:api_token_revoke", args=[token.pk])).status_code == 405
    assert client.post(reverse("accounts:api_token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_expired_token_and_inactive_user_are_refused(user: Any) -> None:
    expired = token_create(user=user, name="lama", expires_in_days=1)
    ApiToken.objects.filter(pk=expired.token.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    headers = {"Authorization": f"Bearer {expired.secret}"}
    assert Client().get("/api/v1/dashboard", headers=headers).status_code == 401
    live = token_create(user=user, name="baru").secret
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert authenticate_secret(live) is None
    response = Client().get("/api/v1/dashboard", headers={"Authorization": f"Bearer {live}"})
    assert response.status_code == 401


@pytest.mark.parametrize("path", GET_PATHS)
@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer lps_salah"}, {"Authorization": "Basic dXNlcjpwYXNz"}],
    ids=["none", "invalid", "basic"],
)
def test_every_router_answers_401_json(path: str, headers: dict[str, str]) -> None:
    response = Client().get(path, headers=headers)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == UNAUTHORIZED


def test_post_without_credentials_is_401_not_csrf() -> None:
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/priority/preview", {"subcategory_id": 1}, content_type="application/json"
    )
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED


def test_session_auth_needs_csrf_on_post(user: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.get("/api/v1/dashboard").status_code == 200
    response = client.post(
        "/api/v1/priority/preview", {"subcategory_id": 1}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    # The page sets the CSRF cookie; the site's JS sends it back in X-CSRFToken.
    client.get(reverse("accounts:profile"))
    csrf = client.cookies["csrftoken"].value
    response = client.post(
        "/api/v1/priority/preview",
        {"subcategory_id": 999999},
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert response.status_code == 422
    assert response.json()["field"] == "subcategory_id"


def test_bearer_post_needs_no_csrf(user: Any) -> None:
    secret = token_create(user=user, name="skrip").secret
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/priority/preview",
        {"subcategory_id": 999999},
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 422


def test_rate_limit_per_token(user: Any, settings: Any) -> None:
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    first = token_create(user=user, name="satu").secret
    second = token_create(user=user, name="dua").secret
    for _ in range(3):
        response = Client().get("/api/v1/dashboard", headers={"Authorization": f"Bearer {first}"})
        assert response.status_code == 200
    response = Client().get("/api/v1/dashboard", headers={"Authorization": f"Bearer {first}"})
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert 1 <= int(response["Retry-After"]) <= 60
    # Another token has its own window.
    response = Client().get("/api/v1/dashboard", headers={"Authorization": f"Bearer {second}"})
    assert response.status_code == 200


def test_rate_limit_per_session_user(user: Any, settings: Any) -> None:
    settings.API_RATE_LIMIT_PER_MINUTE = 2
    client = profile_client(user)
    assert client.get("/api/v1/dashboard").status_code == 200
    assert client.get("/api/v1/dashboard").status_code == 200
    assert client.get("/api/v1/dashboard").status_code == 429

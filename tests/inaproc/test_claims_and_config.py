"""Claims → profile (shapes, verification), the mapping tables' normalisation, whether sign-in
is on, and the button on the login page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from lpse_support.inaproc.claims import InaprocProfile, profile_from_claims
from lpse_support.inaproc.config import inaproc_enabled, inaproc_settings
from lpse_support.inaproc.models import InaprocRoleMapping
from tests.support.inaproc_world import make_inaproc_world


def configure(settings: Any) -> None:
    settings.OIDC_ISSUER = "https://inaproc.example.go.id"
    settings.OIDC_CLIENT_ID = "lpse-support"
    settings.OIDC_CLIENT_SECRET = "secret"


def test_profile_from_claims_uses_the_configured_claim_names(settings: Any) -> None:
    configure(settings)
    settings.OIDC_CLAIM_ROLE = "peran"
    settings.OIDC_CLAIM_UNIT = "instansi"
    claims = {
        "sub": 12345,
        "name": "  Budi\nSantoso\u202e ",
        "email": "budi@example.go.id",
        "email_verified": "true",
        "phone_number": "0811" * 20,
        "peran": "PPK",
        "instansi": "kota-makassar",
        "inaproc_role": "ignored",
    }
    profile = profile_from_claims(claims, config=inaproc_settings())
    assert profile == InaprocProfile(
        issuer="https://inaproc.example.go.id",
        subject="12345",
        full_name="Budi Santoso",
        email="budi@example.go.id",
        email_verified=True,
        phone=("0811" * 20)[:30],
        role="PPK",
        unit="kota-makassar",
    )
    assert InaprocProfile.from_dict(profile.as_dict()) == profile


@pytest.mark.parametrize("verified", [False, "false", "yes", 1, None])
def test_only_an_explicit_true_verifies_the_email(settings: Any, verified: object) -> None:
    configure(settings)
    claims = {"sub": "s", "email": "a@example.go.id", "email_verified": verified}
    profile = profile_from_claims(claims, config=inaproc_settings())
    assert not profile.email_verified and profile.verified_email == ""


def test_a_malformed_email_is_dropped(settings: Any) -> None:
    configure(settings)
    claims = {"sub": "s", "email": "not an address", "email_verified": True}
    assert profile_from_claims(claims, config=inaproc_settings()).email == ""


@pytest.mark.django_db
def test_mapping_values_are_stored_normalised() -> None:
    world = make_inaproc_world()
    mapping = InaprocRoleMapping(claim_value="  Auditor ", reporter_category=world.ppk)
    mapping.full_clean()
    mapping.save()
    assert mapping.claim_value == "auditor"


@pytest.mark.parametrize("missing", ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"])
def test_enabled_only_when_issuer_client_and_secret_are_set(settings: Any, missing: str) -> None:
    configure(settings)
    assert inaproc_enabled()
    setattr(settings, missing, "")
    assert not inaproc_enabled()


@pytest.mark.django_db
def test_login_page_shows_the_button_only_when_configured(settings: Any) -> None:
    client = Client()
    settings.OIDC_ISSUER = ""
    assert "Masuk dengan Inaproc" not in client.get("/akun/masuk/").content.decode()
    assert client.post("/akun/inaproc/masuk/").status_code == 404
    assert client.get("/akun/inaproc/kembali/").status_code == 404
    configure(settings)
    page = client.get("/akun/masuk/?next=/tiket/").content.decode()
    assert "Masuk dengan Inaproc" in page
    assert 'action="/akun/inaproc/masuk/"' in page


@pytest.mark.django_db
def test_start_is_post_only(settings: Any) -> None:
    configure(settings)
    assert Client().get("/akun/inaproc/masuk/").status_code == 405

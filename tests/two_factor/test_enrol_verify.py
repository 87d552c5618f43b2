"""Enrolment (a correct code confirms the device), verification with TOTP (replay refused,
throttled), recovery codes (single use, stored hashed), regeneration, disabling."""

from __future__ import annotations

import re
import time

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lpse_support.accounts.models import User
from lpse_support.two_factor import recovery
from lpse_support.two_factor.models import TwoFactorRule
from tests.support.factories import PASSWORD, TeamFactory
from tests.support.two_factor import (
    confirmed_device,
    login_verified,
    totp_code,
    totp_code_from_secret,
)
from tests.support.users import make_superuser, make_user

pytestmark = pytest.mark.django_db

ENROL = "/akun/dua-faktor/aktifkan/"
VERIFY = "/akun/dua-faktor/verifikasi/"
CODES = "/akun/dua-faktor/kode-pemulihan/"
SECRET = re.compile(r'data-secret="([A-Z2-7]+)"')
RECOVERY = re.compile(r"recovery-code\">([a-z2-7-]+)<")


def _secret_on_page(client: Client) -> str:
    page = client.get(ENROL, {"next": "/tiket/"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html  # the QR code, as an image (CSP allows data:)
    found = SECRET.search(html)
    assert found
    return found.group(1)


def _enrol(client: Client, user: User) -> list[str]:
    client.force_login(user)
    secret = _secret_on_page(client)
    response = client.post(ENROL, {"code": totp_code_from_secret(secret), "next": "/tiket/"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == f"{CODES}?next=%2Ftiket%2F"
    codes = RECOVERY.findall(client.get(response["Location"]).content.decode())
    assert len(codes) == 10
    return codes


def test_enrolment_wrong_code_keeps_device_unconfirmed(client: Client) -> None:
    admin = make_superuser()
    client.force_login(admin)
    secret = _secret_on_page(client)
    good = totp_code_from_secret(secret)
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"
    response = client.post(ENROL, {"code": wrong})
    assert response.status_code == 422
    assert "Kode tidak cocok" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=admin, confirmed=True).exists()
    assert client.get("/tiket/")["Location"].startswith(ENROL)
    bad_shape = client.post(ENROL, {"code": "12ab"})
    assert bad_shape.status_code == 422 and "Masukkan 6 angka." in bad_shape.content.decode()


def test_enrolment_page_keeps_one_secret_across_reloads(client: Client) -> None:
    client.force_login(make_superuser())
    assert _secret_on_page(client) == _secret_on_page(client)


def test_enrolment_confirms_verifies_and_shows_codes_once(client: Client) -> None:
    admin = make_superuser()
    codes = _enrol(client, admin)
    assert TOTPDevice.objects.filter(user=admin, confirmed=True).count() == 1
    assert client.get("/admin/").status_code == 200  # the session is verified by enrolment
    assert client.get(CODES)["Location"] == "/akun/profil/"  # shown once
    stored = set(StaticToken.objects.filter(device__user=admin).values_list("token", flat=True))
    assert len(stored) == 10 and not stored & {recovery.normalise(c) for c in codes}
    assert stored == {recovery.digest(admin.pk, c) for c in codes}


def test_verify_with_totp_then_replay_is_refused(client: Client) -> None:
    admin = make_superuser()
    device = confirmed_device(admin)
    client.force_login(admin)
    code = totp_code(device)
    response = client.post(VERIFY, {"code": code, "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    other = Client()
    other.force_login(admin)
    replay = other.post(VERIFY, {"code": code})
    assert replay.status_code == 422
    assert "Kode salah atau sudah dipakai" in replay.content.decode()
    assert other.get("/admin/")["Location"].startswith(VERIFY)


def test_verify_accepts_the_previous_step_for_clock_drift(client: Client) -> None:
    admin = make_superuser()
    device = confirmed_device(admin)
    client.force_login(admin)
    response = client.post(VERIFY, {"code": totp_code(device, at=time.time() - 30)})
    assert response.status_code == 302


@pytest.mark.parametrize("target", ["https://evil.example/x", "//evil.example/", "javascript:x"])
def test_open_redirect_refused(client: Client, target: str) -> None:
    admin = make_superuser()
    device = confirmed_device(admin)
    client.force_login(admin)
    response = client.post(VERIFY, {"code": totp_code(device), "next": target})
    assert response.status_code == 302 and response["Location"] == "/"


def test_wrong_codes_are_throttled(client: Client, settings: object) -> None:
    admin = make_superuser()
    device = confirmed_device(admin)
    client.force_login(admin)
    good = totp_code(device)
    wrong = f"{(int(good) + 500_000) % 1_000_000:06d}"
    assert client.post(VERIFY, {"code": wrong}).status_code == 422
    # One failure: the next try must wait (1 s × 2^0); even the right code is not checked.
    throttled = client.post(VERIFY, {"code": good})
    assert throttled.status_code == 422
    assert "Terlalu banyak percobaan yang salah. Coba lagi dalam" in throttled.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    assert client.post(VERIFY, {"code": good}).status_code == 302


def test_recovery_code_works_once(client: Client) -> None:
    admin = make_superuser()
    codes = _enrol(client, admin)
    fresh = Client()
    fresh.force_login(admin)
    page = fresh.get(VERIFY, {"cara": "pemulihan", "next": "/admin/"})
    assert "Kode pemulihan" in page.content.decode()
    used = fresh.post(VERIFY, {"cara": "pemulihan", "code": codes[0].upper(), "next": "/admin/"})
    assert used.status_code == 302 and used["Location"] == "/admin/"
    assert fresh.get("/admin/").status_code == 200
    again = Client()
    again.force_login(admin)
    refused = again.post(VERIFY, {"cara": "pemulihan", "code": codes[0]})
    assert refused.status_code == 422
    assert "sudah pernah dipakai" in refused.content.decode()
    assert StaticToken.objects.filter(device__user=admin).count() == 9


def test_regenerate_replaces_codes(client: Client) -> None:
    admin = make_superuser()
    old = _enrol(client, admin)
    response = client.post("/akun/dua-faktor/kode-pemulihan/buat-ulang/")
    assert response.status_code == 302
    new = RECOVERY.findall(client.get(response["Location"]).content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    other = Client()
    other.force_login(admin)
    assert other.post(VERIFY, {"cara": "pemulihan", "code": old[1]}).status_code == 422


def test_regenerate_needs_a_verified_session(client: Client) -> None:
    member = make_user()
    TeamFactory.create(members=[member])
    client.force_login(member)  # offered, no device: the gate lets them through
    assert client.post("/akun/dua-faktor/kode-pemulihan/buat-ulang/").status_code == 404


def test_disable_needs_password_or_code_and_is_refused_when_required(client: Client) -> None:
    member = make_user()
    team = TeamFactory.create(members=[member])
    device = login_verified(client, member)
    wrong = client.post("/akun/dua-faktor/nonaktifkan/", {"password": "salah"}, follow=True)
    assert "tetap aktif" in wrong.content.decode()
    assert TOTPDevice.objects.filter(user=member).exists()
    TwoFactorRule.objects.create(team=team)
    required = client.post("/akun/dua-faktor/nonaktifkan/", {"password": PASSWORD}, follow=True)
    assert "wajib untuk akun Anda" in required.content.decode()
    TwoFactorRule.objects.all().delete()
    done = client.post("/akun/dua-faktor/nonaktifkan/", {"code": totp_code(device)}, follow=True)
    assert "dinonaktifkan" in done.content.decode()
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert client.get("/tiket/").status_code == 200


def test_profile_card_shows_status() -> None:
    reporter, admin = Client(), Client()
    reporter.force_login(make_user())
    assert "Autentikasi Dua Faktor" not in reporter.get("/akun/profil/").content.decode()
    login_verified(admin, make_superuser())
    html = admin.get("/akun/profil/").content.decode()
    assert "Wajib untuk akun Anda" in html and "Sisa 0 kode pemulihan." in html
    assert "Nonaktifkan autentikasi" not in html  # required: no way to turn it off
    member = make_user()
    TeamFactory.create(members=[member])
    offered = Client()
    offered.force_login(member)
    html = offered.get("/akun/profil/").content.decode()
    assert "Opsional" in html and "Aktifkan autentikasi dua faktor" in html


def test_password_login_of_required_user_lands_on_verify(client: Client) -> None:
    admin = make_superuser()
    confirmed_device(admin)
    response = client.post(
        "/akun/masuk/", {"username": admin.username, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"{VERIFY}?next=%2F"
    assert "Verifikasi Dua Faktor" in response.content.decode()


def test_password_login_of_required_user_without_device_lands_on_enrolment(
    client: Client,
) -> None:
    member = make_user()
    TwoFactorRule.objects.create(team=TeamFactory.create(members=[member]))
    response = client.post(
        "/akun/masuk/",
        {"username": member.username, "password": PASSWORD, "next": "/tiket/"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"{ENROL}?next=%2Ftiket%2F"


def test_outcomes_are_logged_without_codes(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    admin = make_superuser()
    device = confirmed_device(admin)
    client.force_login(admin)
    code = totp_code(device)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    with caplog.at_level("INFO", logger="lpse_support.two_factor"):
        client.post(VERIFY, {"code": wrong})
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
        client.post(VERIFY, {"code": code})
    messages = [record.getMessage() for record in caplog.records]
    assert f"2FA code refused (TOTP) for user {admin.pk}" in messages
    assert f"2FA verified (TOTP) for user {admin.pk}" in messages
    assert not any(code in m or wrong in m for m in messages)

"""Two-factor in Chromium: a staff member whose team requires it logs in with the password, is
sent to enrolment, adds the key (read from the page) to an "app", confirms, keeps the recovery
codes, logs out and must pass a TOTP code at the next login; another run uses a recovery code."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from lpse_support.accounts.models import Team
from lpse_support.demo.checks import DEMO_PASSWORD
from lpse_support.two_factor.models import TwoFactorRule
from tests.support.two_factor import totp_code_from_secret

VIEWPORTS = {"desktop": (1280, 800), "phone": (390, 844)}
USERNAME = "timteknis_spse"


def _require_two_factor_for_the_team() -> None:
    team = Team.objects.get(memberships__user__username=USERNAME)
    TwoFactorRule.objects.create(team=team, note="Uji e2e")


def _log_in(page: Any, site: str) -> None:
    page.goto(f"{site}/")
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def _log_out(page: Any) -> None:
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
        page.wait_for_selector(".navbar-collapse.show:not(.collapsing)")
    page.locator('[data-menu="akun"]').click()
    page.get_by_role("button", name="Logout").click()
    page.wait_for_url("**/akun/masuk/**")


def _enrol(page: Any, site: str, shots: Path | None, device: str) -> tuple[str, list[str]]:
    _log_in(page, site)
    page.wait_for_url("**/akun/dua-faktor/aktifkan/**")
    assert page.get_by_role("heading", name="Aktifkan Autentikasi Dua Faktor").is_visible()
    assert page.get_by_role("img", name="Kode QR untuk aplikasi autentikator").is_visible()
    if shots:
        page.screenshot(path=str(shots / f"2fa-enrol-{device}.png"), full_page=True)
    page.get_by_text("Tidak bisa memindai?").click()
    secret = page.locator("#totp-secret").inner_text()
    assert len(secret.replace(" ", "")) == 32
    code = page.get_by_label("Kode 6 digit dari aplikasi autentikator")
    code.fill("000000" if totp_code_from_secret(secret) != "000000" else "111111")
    page.get_by_role("button", name="Konfirmasi dan Aktifkan").click()
    assert page.get_by_text("Kode tidak cocok").is_visible()
    if shots:
        page.screenshot(path=str(shots / f"2fa-enrol-error-{device}.png"), full_page=True)
    time.sleep(1.1)  # django-otp's throttle: one wrong code → wait 1 s
    code = page.get_by_label("Kode 6 digit dari aplikasi autentikator")
    code.fill(totp_code_from_secret(secret))
    page.get_by_role("button", name="Konfirmasi dan Aktifkan").click()
    page.wait_for_url("**/akun/dua-faktor/kode-pemulihan/**")
    codes = page.locator(".recovery-code").all_inner_texts()
    assert len(codes) == 10
    if shots:
        page.screenshot(path=str(shots / f"2fa-recovery-codes-{device}.png"), full_page=True)
    page.get_by_role("link", name="Saya sudah menyimpan kode ini").click()
    page.wait_for_url(f"{site}/")
    assert page.get_by_text("Selamat Datang").first.is_visible()
    return secret, codes


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_required_staff_enrols_then_passes_totp(
    browser: Any, demo_site: str, artifacts_dir: Path, device: str
) -> None:
    _require_two_factor_for_the_team()
    width, height = VIEWPORTS[device]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="id-ID")
    page = context.new_page()
    console_errors: list[str] = []
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)

    secret, _codes = _enrol(page, demo_site, artifacts_dir, device)
    page.goto(f"{demo_site}/akun/profil/")
    assert page.get_by_text("Wajib untuk akun Anda").is_visible()
    page.locator("#dua-faktor").screenshot(path=str(artifacts_dir / f"2fa-profile-{device}.png"))
    _log_out(page)

    page.goto(f"{demo_site}/tiket/")
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/akun/dua-faktor/verifikasi/**")
    page.screenshot(path=str(artifacts_dir / f"2fa-verify-{device}.png"), full_page=True)
    page.goto(f"{demo_site}/akun/profil/")  # nothing else is reachable meanwhile
    assert "/akun/dua-faktor/verifikasi/" in page.url
    # The next time step: the enrolment's code may not be used twice (django-otp's last_t).
    page.get_by_label("Kode 6 digit").fill(totp_code_from_secret(secret, at=time.time() + 30))
    page.get_by_role("button", name="Verifikasi").click()
    page.wait_for_url(f"{demo_site}/akun/profil/")
    assert not [e for e in console_errors if "Content Security Policy" in e], console_errors
    context.close()


def test_required_staff_signs_in_with_a_recovery_code(
    browser: Any, demo_site: str, artifacts_dir: Path
) -> None:
    _require_two_factor_for_the_team()
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="id-ID")
    page = context.new_page()
    _secret, codes = _enrol(page, demo_site, None, "desktop")
    _log_out(page)

    _log_in(page, demo_site)
    page.wait_for_url("**/akun/dua-faktor/verifikasi/**")
    page.get_by_role("link", name="Gunakan kode pemulihan").click()
    page.get_by_label("Kode pemulihan").fill(codes[3])
    page.screenshot(path=str(artifacts_dir / "2fa-verify-recovery-desktop.png"), full_page=True)
    page.get_by_role("button", name="Verifikasi").click()
    page.wait_for_url(f"{demo_site}/")
    assert page.get_by_text("Selamat Datang").first.is_visible()
    _log_out(page)

    _log_in(page, demo_site)
    page.wait_for_url("**/akun/dua-faktor/verifikasi/**")
    page.get_by_role("link", name="Gunakan kode pemulihan").click()
    page.get_by_label("Kode pemulihan").fill(codes[3])
    page.get_by_role("button", name="Verifikasi").click()
    assert page.get_by_text("sudah pernah dipakai").is_visible()
    context.close()


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_optional_staff_turns_it_on_and_off_on_profil(
    browser: Any, demo_site: str, artifacts_dir: Path, device: str
) -> None:
    width, height = VIEWPORTS[device]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="id-ID")
    page = context.new_page()
    page.goto(f"{demo_site}/akun/profil/")
    page.get_by_label("Username").fill("helpdesk_lpse1")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/akun/profil/")  # no rule for this team: the password is enough
    card = page.locator("#dua-faktor")
    assert card.get_by_text("Opsional").is_visible()
    card.get_by_role("link", name="Aktifkan autentikasi dua faktor").click()
    page.wait_for_url("**/akun/dua-faktor/aktifkan/**")
    page.get_by_text("Tidak bisa memindai?").click()
    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("Kode 6 digit dari aplikasi autentikator").fill(totp_code_from_secret(secret))
    page.get_by_role("button", name="Konfirmasi dan Aktifkan").click()
    page.get_by_role("link", name="Saya sudah menyimpan kode ini").click()
    page.wait_for_url("**/akun/profil/")
    assert card.get_by_text("Aktif", exact=True).is_visible()
    card.screenshot(path=str(artifacts_dir / f"2fa-profile-optional-{device}.png"))
    card.get_by_label("Password").fill(DEMO_PASSWORD)
    card.get_by_role("button", name="Nonaktifkan").click()
    page.wait_for_url("**/akun/profil/**")
    assert page.get_by_text("Autentikasi dua faktor dinonaktifkan.").is_visible()
    assert card.get_by_text("Tidak aktif").is_visible()
    context.close()

""" "Lupa Password?" and "Ubah Password" in Chromium (issue 13 item 4): from the login page ask for
a reset, read the mail the live server sent (same process: ``mail.outbox``), open its link,
set a new password and log in with it; then change it on Profil. Desktop and phone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache

from lpse_support.demo.checks import DEMO_PASSWORD
from tests.support.password_mail import reset_link, reset_mails_to

VIEWPORTS = {"desktop": (1280, 800), "phone": (390, 844)}
RESET_PASSWORD = "Lupa-Sandi#2027"
CHANGED_PASSWORD = "Ganti-Sandi#2028"


@pytest.fixture
def mail_site(demo_site: str, settings: Any) -> str:
    """The demo over a live server whose mails land in ``mail.outbox`` and whose links point at
    it (``SITE_URL``); the reset task runs at once instead of in a worker."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.SITE_URL = demo_site
    mail.outbox = []
    cache.clear()
    return demo_site


def log_in(page: Any, site: str, username: str, password: str) -> None:
    page.goto(f"{site}/akun/masuk/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Masuk").click()


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_forgotten_password_by_mail_then_change_on_profil(
    browser: Any, mail_site: str, artifacts_dir: Path, device: str
) -> None:
    width, height = VIEWPORTS[device]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="id-ID")
    page = context.new_page()
    console_errors: list[str] = []
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    shot = lambda name: page.screenshot(  # noqa: E731
        path=str(artifacts_dir / f"password-{name}-{device}.png"), full_page=True
    )

    page.goto(f"{mail_site}/akun/masuk/")
    shot("login")
    page.get_by_role("link", name="Lupa Password?").click()
    page.wait_for_url("**/akun/lupa-password/")
    page.get_by_label("E-mail").fill("bukan-email")
    page.get_by_role("button", name="Kirim Tautan Reset").click()
    assert page.get_by_text("Alamat e-mail tidak valid.").is_visible()
    shot("request")
    page.get_by_label("E-mail").fill("andi.syarif@makassarkota.example.go.id")
    page.get_by_role("button", name="Kirim Tautan Reset").click()
    page.wait_for_url("**/akun/lupa-password/terkirim/")
    assert page.get_by_text("Bila alamat tersebut terdaftar").is_visible()
    shot("sent")

    [message] = reset_mails_to("andi.syarif@makassarkota.example.go.id")
    page.goto(reset_link(message))
    page.wait_for_url("**/set-password/")
    page.get_by_label("Password baru", exact=True).fill("12345678")
    page.get_by_label("Ulangi password baru").fill("12345678")
    page.get_by_role("button", name="Simpan Password Baru").click()
    assert page.get_by_text("Kata sandi ini seluruhnya terdiri dari angka.").first.is_visible()
    shot("new-password")
    page.get_by_label("Password baru", exact=True).fill(RESET_PASSWORD)
    page.get_by_label("Ulangi password baru").fill(RESET_PASSWORD)
    page.get_by_role("button", name="Simpan Password Baru").click()
    page.wait_for_url("**/akun/reset/selesai/")
    shot("done")

    page.goto(reset_link(message))  # the link worked once
    assert page.get_by_text("Tautan reset password ini tidak berlaku").is_visible()
    shot("used-link")

    log_in(page, mail_site, "ppk1", DEMO_PASSWORD)
    assert page.get_by_text("Username atau password salah.").is_visible()
    log_in(page, mail_site, "ppk1", RESET_PASSWORD)
    page.wait_for_url(f"{mail_site}/")

    page.goto(f"{mail_site}/akun/profil/")
    card = page.locator("#ubah-password")
    card.scroll_into_view_if_needed()
    card.get_by_label("Password saat ini").fill("salah-sekali")
    card.get_by_label("Password baru", exact=True).fill(CHANGED_PASSWORD)
    card.get_by_label("Ulangi password baru").fill(CHANGED_PASSWORD)
    card.get_by_role("button", name="Simpan Password").click()
    assert page.get_by_text("Password saat ini salah.").is_visible()
    page.locator("#ubah-password").screenshot(
        path=str(artifacts_dir / f"password-profil-refused-{device}.png")
    )
    card = page.locator("#ubah-password")
    card.get_by_label("Password saat ini").fill(RESET_PASSWORD)
    card.get_by_label("Password baru", exact=True).fill(CHANGED_PASSWORD)
    card.get_by_label("Ulangi password baru").fill(CHANGED_PASSWORD)
    card.get_by_role("button", name="Simpan Password").click()
    page.wait_for_url("**/akun/profil/#main")
    assert page.get_by_text("Password berhasil diubah.").is_visible()
    shot("profil")

    # Still signed in here; the new password is the one that works from now on.
    page.goto(f"{mail_site}/")
    assert page.get_by_text("Selamat Datang").first.is_visible()
    other = browser.new_context(viewport={"width": width, "height": height}, locale="id-ID")
    other_page = other.new_page()
    log_in(other_page, mail_site, "ppk1", CHANGED_PASSWORD)
    other_page.wait_for_url(f"{mail_site}/")
    other.close()
    assert not [e for e in console_errors if "Content Security Policy" in e], console_errors
    context.close()

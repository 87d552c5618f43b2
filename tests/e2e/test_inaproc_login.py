"""Sign in with Inaproc in a real Chromium against the real provider (scripts/oidc_provider.mjs):
a new PPK lands on the dashboard with the right category and LPSE, files a ticket and logs out,
also at the provider; a Penyedia the same way. Screenshots of the login page with the button."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from lpse_support.accounts.models import User
from lpse_support.demo.checks import DEMO_PASSWORD
from lpse_support.inaproc.models import ExternalIdentity
from lpse_support.tickets.models import Ticket
from tests.e2e.test_ticket_create import wait_options
from tests.support.oidc_provider import RunningProvider


@pytest.fixture
def inaproc_site(demo_site: str, oidc_live_provider: RunningProvider, settings: Any) -> str:
    """The demo site with Inaproc sign-in pointed at the provider (its origin allowed as a
    form target, as config/settings.py does for OIDC_ISSUER)."""
    for name, value in oidc_live_provider.settings().items():
        setattr(settings, name, value)
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"].append(oidc_live_provider.issuer)
    settings.CONTENT_SECURITY_POLICY = policy
    return demo_site


def sign_in_at_provider(page: Any, site: str, provider: RunningProvider, subject: str) -> None:
    page.goto(f"{site}/akun/masuk/")
    page.get_by_role("button", name="Masuk dengan Inaproc").click()
    page.wait_for_url(f"{provider.issuer}/**")
    page.locator('input[name="login"]').fill(subject)
    page.locator('input[name="password"]').fill("rahasia")
    page.get_by_role("button", name="Sign-in").click()
    page.wait_for_url(f"{site}/")


def file_ticket(page: Any, site: str, title: str) -> str:
    page.get_by_role("link", name="BUAT TIKET").first.click()
    page.wait_for_url(f"{site}/tiket/baru/")
    page.locator("#id_title").fill(title)
    page.locator("#id_application").select_option(label="SPSE")
    wait_options(page, "id_version")
    page.locator("#id_version").select_option(label="v4.5")
    wait_options(page, "id_category")
    page.locator("#id_category").select_option(index=1)
    wait_options(page, "id_subcategory")
    page.locator("#id_subcategory").select_option(index=1)
    page.locator("#id_manual").check()
    page.locator("#id_description").fill("Tidak dapat membuka halaman paket sejak pagi ini.")
    page.get_by_role("button", name="Kirim Tiket").click()
    page.locator("#confirm-dialog").get_by_role("button", name="Ya").click()
    page.wait_for_url(f"{site}/tiket/")
    notice = page.locator(".messages").inner_text()
    match = re.search(r"T[A-Z]{2}\d{10}", notice)
    assert match, notice
    return match.group(0)


def log_out_everywhere(page: Any, site: str, provider: RunningProvider) -> None:
    page.locator('[data-menu="akun"]').click()
    page.get_by_role("button", name="Logout").click()
    # The provider asks before ending its session, then sends the browser back.
    page.wait_for_url(f"{provider.issuer}/session/end**")
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url(f"{site}/akun/masuk/**")
    assert page.get_by_text("Anda telah keluar.").is_visible()


def assert_provider_asks_again(page: Any, provider: RunningProvider) -> None:
    page.get_by_role("button", name="Masuk dengan Inaproc").click()
    page.wait_for_url(f"{provider.issuer}/**")
    assert page.locator('input[name="login"]').is_visible()


@pytest.mark.parametrize(
    ("subject", "category", "letter"),
    [("inaproc-ppk-7301", "PPK", "P"), ("inaproc-penyedia-5521", "REKANAN", "E")],
    ids=["ppk", "penyedia"],
)
def test_new_user_signs_in_with_inaproc_files_a_ticket_and_logs_out(
    browser: Any,
    inaproc_site: str,
    oidc_live_provider: RunningProvider,
    artifacts_dir: Path,
    subject: str,
    category: str,
    letter: str,
) -> None:
    site, provider = inaproc_site, oidc_live_provider
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = context.new_page()
    console_errors: list[str] = []
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)

    sign_in_at_provider(page, site, provider, subject)

    user = User.objects.get(external_identities__subject=subject)
    assert user.reporter_category is not None and user.reporter_category.name == category
    assert user.home_lpse is not None and user.home_lpse.name == "LPSE Kota Makassar"
    page.goto(f"{site}/akun/profil/")
    profile = page.locator("main").inner_text()
    assert category in profile and "LPSE Kota Makassar" in profile
    page.screenshot(path=str(artifacts_dir / f"inaproc-profile-{category.lower()}.png"))

    number = file_ticket(page, site, f"Halaman paket tidak terbuka ({category})")
    ticket = Ticket.objects.get(number=number)
    assert ticket.reporter_id == user.pk and number[1] == letter

    log_out_everywhere(page, site, provider)
    page.goto(f"{site}/akun/profil/")  # logged out here: back to the login page
    page.wait_for_url(f"{site}/akun/masuk/?next=/akun/profil/")
    assert_provider_asks_again(page, provider)
    assert ExternalIdentity.objects.filter(subject=subject).count() == 1
    assert not [e for e in console_errors if "Content Security Policy" in e], console_errors
    context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_login_page_with_the_inaproc_button(
    browser: Any, inaproc_site: str, artifacts_dir: Path, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="id-ID")
    page = context.new_page()
    page.goto(f"{inaproc_site}/akun/masuk/")
    button = page.get_by_role("button", name="Masuk dengan Inaproc")
    assert button.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(artifacts_dir / f"inaproc-login-{width}.png"), full_page=True)
    context.close()


def test_provider_down_message_on_the_login_page(
    browser: Any, demo_site: str, artifacts_dir: Path, settings: Any
) -> None:
    settings.OIDC_ISSUER = "http://127.0.0.1:9"  # discard port: nothing listens
    settings.OIDC_CLIENT_ID, settings.OIDC_CLIENT_SECRET = "c", "s"
    context = browser.new_context(viewport={"width": 390, "height": 900}, locale="id-ID")
    page = context.new_page()
    page.goto(f"{demo_site}/akun/masuk/")
    page.get_by_role("button", name="Masuk dengan Inaproc").click()
    page.wait_for_url(f"{demo_site}/akun/masuk/")
    assert page.get_by_text("Layanan Inaproc sedang tidak dapat dihubungi").is_visible()
    page.screenshot(path=str(artifacts_dir / "inaproc-unavailable-390.png"), full_page=True)
    # Local login still works.
    page.get_by_label("Username").fill("ppk1")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()
    page.wait_for_url(f"{demo_site}/")
    assert urlsplit(page.url).path == "/"
    context.close()


def test_existing_account_is_linked_with_its_password(
    browser: Any, inaproc_site: str, oidc_live_provider: RunningProvider, artifacts_dir: Path
) -> None:
    local = User.objects.create_user(
        username="siti", password="Lokal#2026", email="siti.aminah@example.go.id"
    )
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    page = context.new_page()
    page.goto(f"{inaproc_site}/akun/masuk/")
    page.get_by_role("button", name="Masuk dengan Inaproc").click()
    page.locator('input[name="login"]').fill("inaproc-linked-1001")
    page.locator('input[name="password"]').fill("rahasia")
    page.get_by_role("button", name="Sign-in").click()

    page.wait_for_url(f"{inaproc_site}/akun/inaproc/hubungkan/")
    assert "siti.aminah@example.go.id" in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(artifacts_dir / "inaproc-link-390.png"), full_page=True)
    page.get_by_label("Password").fill("Lokal#2026")
    page.get_by_role("button", name="Hubungkan dan masuk").click()

    page.wait_for_url(f"{inaproc_site}/")
    assert page.get_by_text("Akun Inaproc Anda telah terhubung dengan akun ini.").is_visible()
    assert ExternalIdentity.objects.get(subject="inaproc-linked-1001").user_id == local.pk
    context.close()


def test_staff_signing_in_with_inaproc_must_still_pass_totp(
    browser: Any, inaproc_site: str, oidc_live_provider: RunningProvider
) -> None:
    # Issue 13 item 8: the provider's own factors are enough for reporters only; a staff member
    # whose team requires two-factor passes TOTP after the Inaproc sign-in too (the gate is a
    # middleware, whatever the login path).
    from lpse_support.accounts.models import Team, TeamMembership
    from lpse_support.two_factor.models import TwoFactorRule
    from tests.support.two_factor import confirmed_device, totp_code

    team = Team.objects.get(memberships__user__username="timteknis_spse")
    staff = User.objects.create_user(
        username="siti_teknis", password="Lokal#2026", email="siti.aminah@example.go.id"
    )
    TeamMembership.objects.create(team=team, user=staff)
    TwoFactorRule.objects.create(team=team, note="Uji e2e Inaproc")
    ExternalIdentity.objects.create(
        user=staff, issuer=oidc_live_provider.issuer, subject="inaproc-linked-1001"
    )
    device = confirmed_device(staff)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="id-ID")
    page = context.new_page()
    page.goto(f"{inaproc_site}/akun/masuk/")
    page.get_by_role("button", name="Masuk dengan Inaproc").click()
    page.wait_for_url(f"{oidc_live_provider.issuer}/**")
    page.locator('input[name="login"]').fill("inaproc-linked-1001")
    page.locator('input[name="password"]').fill("rahasia")
    page.get_by_role("button", name="Sign-in").click()

    page.wait_for_url("**/akun/dua-faktor/verifikasi/**")
    page.goto(f"{inaproc_site}/tiket/")  # nothing else is reachable before the code
    assert "/akun/dua-faktor/verifikasi/" in page.url
    page.get_by_label("Kode 6 digit").fill(totp_code(device))
    page.get_by_role("button", name="Verifikasi").click()
    page.wait_for_url(f"{inaproc_site}/tiket/")
    assert page.locator('[data-menu="akun"]').is_visible()
    context.close()

"""A person logs in with a demo account, sees the shell, and logs out — on a desktop and a phone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from lpse_support.demo.checks import DEMO_PASSWORD

MENU = ["dashboard", "reporting", "semua-tiket", "faq", "akun"]
VIEWPORTS = {"desktop": (1280, 800), "phone": (390, 844)}


@pytest.fixture
def demo_site(transactional_db: None, live_server: Any) -> str:
    call_command("seed_demo", verbosity=0)
    return str(live_server.url)


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_ppk_logs_in_sees_menu_and_logs_out(
    browser: Any, demo_site: str, artifacts_dir: Path, device: str
) -> None:
    width, height = VIEWPORTS[device]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="id-ID")
    page = context.new_page()
    console_errors: list[str] = []
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)

    page.goto(f"{demo_site}/")
    assert "/akun/masuk/" in page.url
    assert page.get_by_text("LPSE Support").first.is_visible()
    page.screenshot(path=str(artifacts_dir / f"login-{device}.png"), full_page=True)

    page.get_by_label("Username").fill("ppk1")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{demo_site}/")
    assert page.get_by_text("Selamat Datang").first.is_visible()
    page.screenshot(path=str(artifacts_dir / f"dashboard-{device}.png"), full_page=True)

    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
        # Bootstrap adds .show when the collapse animation ends; a person waits for it too.
        page.wait_for_selector(".navbar-collapse.show:not(.collapsing)")
    for entry in MENU:
        assert page.locator(f'[data-menu="{entry}"]').is_visible(), entry
    assert page.get_by_role("link", name="BUAT TIKET").first.is_visible()

    page.locator('[data-menu="akun"]').click()
    logout = page.get_by_role("button", name="Logout")
    logout.wait_for(state="visible")
    logout.click()
    page.wait_for_url("**/akun/masuk/**")
    assert page.get_by_text("Anda telah keluar.").is_visible()
    assert not [e for e in console_errors if "Content Security Policy" in e], console_errors
    context.close()

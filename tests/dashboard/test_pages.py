"""Menu pages (REPORTING, FAQ) and the user guide: login-protected, read-only, highlighted in
the menu."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.support.users import make_user

MENU_PAGES = {
    # url name: (path, title, highlighted menu entry, that entry's link)
    "reports:reporting": ("/reporting/", "Reporting", "reporting", "/reporting/"),
    "faq:list": ("/faq/", "FAQ LPSE Support", "faq", "/faq/"),
}


@pytest.mark.parametrize("name", list(MENU_PAGES))
def test_menu_page_urls(name: str) -> None:
    assert reverse(name) == MENU_PAGES[name][0]


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(MENU_PAGES))
def test_menu_pages_are_real_and_highlighted(client: Client, name: str) -> None:
    url, title, menu, menu_href = MENU_PAGES[name]
    client.force_login(make_user())
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert title in html
    assert "Fitur ini belum tersedia." not in html
    assert f'data-menu="{menu}" href="{menu_href}" aria-current="page"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/reporting/", "/tiket/", "/tiket/baru/", "/faq/", "/panduan/"])
def test_pages_require_login(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/akun/masuk/?next={url}"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/reporting/", "/faq/"])
def test_menu_pages_refuse_post(client: Client, url: str) -> None:
    client.force_login(make_user())
    assert client.post(url).status_code == 405


@pytest.mark.django_db
def test_user_guide_explains_login_menu_and_demo_accounts(client: Client) -> None:
    client.force_login(make_user())
    assert reverse("dashboard:user_guide") == "/panduan/"
    html = client.get("/panduan/").content.decode()
    for expected in ("Masuk dan keluar", "SEMUA TIKET", "FAQ LPSE SUPPORT", "README", 'id="video"'):
        assert expected in html, expected
    assert "Belum ada video tutorial yang dipasang." in html


@pytest.mark.django_db
def test_user_guide_links_a_configured_video(client: Client, settings: Any) -> None:
    settings.LPSE_SUPPORT = {
        **settings.LPSE_SUPPORT,
        "VIDEO_TUTORIAL_URL": "https://video.lkpp.go.id/lpse-support",
    }
    client.force_login(make_user())
    html = client.get("/panduan/").content.decode()
    assert 'href="https://video.lkpp.go.id/lpse-support"' in html
    assert "Belum ada video tutorial yang dipasang." not in html

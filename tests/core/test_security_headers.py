"""CSP, framing and "no inline code" on every page of the shell (R-UI-9, settings CSP)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from tests.support.factories import TeamFactory
from tests.support.users import make_user

LOGGED_IN_PAGES = [
    "/",
    "/akun/profil/",
    "/reporting/",
    "/tiket/",
    "/tiket/baru/",
    "/faq/",
    "/panduan/",
]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)
CDN = re.compile(r"""(?:src|href)=["'](?:https?:)?//""", re.IGNORECASE)


def _assert_csp(response: Any) -> None:
    policy = response.headers.get("Content-Security-Policy", "")
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert response.headers.get("X-Frame-Options") == "DENY"
    assert response.headers.get("X-Content-Type-Options") == "nosniff"


def _assert_no_inline_code(url: str, html: str) -> None:
    assert not INLINE_SCRIPT.search(html), f"inline <script> on {url}"
    assert not EVENT_HANDLER.search(html), f"on*= handler on {url}"
    assert not STYLE_ATTRIBUTE.search(html), f"style= attribute on {url}"
    assert not STYLE_ELEMENT.search(html), f"<style> element on {url}"
    assert not CDN.search(html), f"asset from another origin on {url}"


@pytest.mark.django_db
def test_login_page_headers_and_markup(client: Client) -> None:
    response = client.get("/akun/masuk/")
    _assert_csp(response)
    _assert_no_inline_code("/akun/masuk/", response.content.decode())


@pytest.mark.django_db
def test_failed_login_page_has_no_inline_code(client: Client) -> None:
    response = client.post("/akun/masuk/", {"username": "x", "password": "y"})
    _assert_csp(response)
    _assert_no_inline_code("/akun/masuk/ (failed)", response.content.decode())


@pytest.mark.django_db
def test_lockout_page_headers_and_markup(client: Client, settings: Any) -> None:
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 1
    client.post("/akun/masuk/", {"username": "x", "password": "y"})
    response = client.post("/akun/masuk/", {"username": "x", "password": "y"})
    assert response.status_code == 429
    _assert_csp(response)
    _assert_no_inline_code("lockout", response.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("url", LOGGED_IN_PAGES)
def test_logged_in_pages_headers_and_markup(client: Client, url: str) -> None:
    user = make_user()
    TeamFactory(members=[user])
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    _assert_csp(response)
    html = response.content.decode()
    _assert_no_inline_code(url, html)
    # htmx is told not to inject its indicator <style> (which CSP would block).
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false}\'>' in html
    for asset in (
        "/static/vendor/bootstrap/bootstrap.min.css",
        "/static/vendor/bootstrap/bootstrap.bundle.min.js",
        "/static/vendor/htmx/htmx.min.js",
        "/static/css/app.css",
        "/static/js/app.js",
    ):
        assert asset in html, asset

"""Drive a sign-in at the real test provider: Django's test client plays the relying party's
side, a ``requests`` session plays the browser at the provider (its login form, its logout
confirmation)."""

from __future__ import annotations

import re
from html import unescape
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from django.test import Client

from tests.support.oidc_provider import RunningProvider

FORM = re.compile(r'<form[^>]*\baction="([^"]+)"[^>]*>(.*?)</form>', re.S)
HIDDEN = re.compile(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"')


class ProviderBrowser:
    """The person's browser at the provider: keeps the provider's cookies (its session)."""

    def __init__(self, provider: RunningProvider) -> None:
        self.provider = provider
        self.http = requests.Session()

    def follow(self, url: str, *, method: str = "GET", data: dict[str, str] | None = None) -> Any:
        """Follow the provider's redirects until they leave it; the last answer (at the
        provider) or the URL it sends the browser to (elsewhere) is returned as (answer, url)."""
        answer = self.http.request(method, url, data=data, allow_redirects=False, timeout=10)
        while answer.is_redirect:
            target = urljoin(answer.url, answer.headers["Location"])
            if not target.startswith(self.provider.issuer):
                return answer, target
            answer = self.http.get(target, allow_redirects=False, timeout=10)
        return answer, None

    def sign_in(self, authorization_url: str, subject: str) -> str:
        """Open the authorization URL, fill the provider's login form (when it asks) and return
        the callback URL the provider sends the browser back to."""
        page, leaving = self.follow(authorization_url)
        if leaving is not None:
            return str(leaving)  # already signed in at the provider
        action, hidden = self.form(page.text)
        fields = {**hidden, "login": subject, "password": "rahasia"}
        _page, leaving = self.follow(urljoin(page.url, action), method="POST", data=fields)
        assert leaving is not None, "the provider did not send the browser back"
        return str(leaving)

    def asks_to_sign_in(self, authorization_url: str) -> bool:
        page, leaving = self.follow(authorization_url)
        return leaving is None and 'name="login"' in page.text

    def confirm_logout(self, end_session_url: str) -> str:
        """Open the provider's end-session URL, answer "Yes, sign me out", return where the
        provider sends the browser afterwards."""
        page, leaving = self.follow(end_session_url)
        assert leaving is None, "the provider should ask before signing out"
        action, hidden = self.form(page.text)
        _page, leaving = self.follow(
            urljoin(page.url, action), method="POST", data={**hidden, "logout": "yes"}
        )
        assert leaving is not None
        return str(leaving)

    @staticmethod
    def form(html: str) -> tuple[str, dict[str, str]]:
        match = FORM.search(html)
        assert match is not None, html[:500]
        hidden = {name: unescape(value) for name, value in HIDDEN.findall(match.group(2))}
        return unescape(match.group(1)), hidden


def local_path(url: str) -> str:
    """``http://testserver/akun/...?x`` → ``/akun/...?x`` for Django's test client."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def start_sign_in(client: Client) -> str:
    """Press "Masuk dengan Inaproc"; the provider's authorization URL."""
    answer = client.post("/akun/inaproc/masuk/")
    assert answer.status_code == 302, answer
    return str(answer["Location"])


def sign_in(client: Client, browser: ProviderBrowser, subject: str) -> Any:
    """A whole sign-in: start, sign in at the provider, the callback's answer."""
    callback = browser.sign_in(start_sign_in(client), subject)
    return client.get(local_path(callback))

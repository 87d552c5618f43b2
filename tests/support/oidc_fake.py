"""A deliberately misbehaving OpenID Connect provider for the refusal tests: a small threaded
HTTP server on loopback serving discovery, JWKS, token and userinfo answers the test chooses
(wrong issuer, wrong audience, expired, badly signed, unsigned…), tokens made with joserfc.

The happy paths run against the real provider (``oidc_provider.py``); this one exists only to
say what a real provider must never say."""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID = "fake-client"
CLIENT_SECRET = "fake-secret-0123456789"  # the fake provider's own


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class MisbehavingProvider:
    """The answers are attributes the test changes before the callback."""

    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "key-1", "use": "sig"})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.discovery_overrides: dict[str, Any] = {}
        self.nonce = ""
        # The token endpoint's JSON answer; None answers 500.
        self.token_answer: Callable[[], dict[str, Any] | None] = lambda: self.token_response()
        self.userinfo: dict[str, Any] | None = None
        self.jwks_requests = 0

    def claims(self, **changes: Any) -> dict[str, Any]:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "sub": "fake-sub-1",
            "iat": now,
            "exp": now + 300,
            "nonce": self.nonce,
            "name": "Pengguna Palsu",
            "email": "palsu@example.go.id",
            "email_verified": True,
        }
        claims.update(changes)
        return {name: value for name, value in claims.items() if value is not None}

    def signed(self, claims: dict[str, Any], key: RSAKey | None = None, kid: str = "key-1") -> str:
        return jwt.encode({"alg": "RS256", "kid": kid}, claims, key or self.key)

    @staticmethod
    def unsigned(claims: dict[str, Any]) -> str:
        header = b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
        return f"{header}.{b64(json.dumps(claims).encode())}."

    def token_response(self, id_token: str | None = None) -> dict[str, Any]:
        answer: dict[str, Any] = {"access_token": "opaque", "token_type": "Bearer"}
        answer["id_token"] = id_token if id_token is not None else self.signed(self.claims())
        return answer

    def discovery(self) -> dict[str, Any]:
        document = {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/auth",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "id_token_signing_alg_values_supported": ["RS256"],
            "end_session_endpoint": f"{self.issuer}/session/end",
        }
        if self.userinfo is not None:
            document["userinfo_endpoint"] = f"{self.issuer}/userinfo"
        document.update(self.discovery_overrides)
        return document

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return

            def _json(self, status: int, body: Any) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                path = urlsplit(self.path).path
                if path == "/.well-known/openid-configuration":
                    self._json(200, provider.discovery())
                elif path == "/jwks":
                    provider.jwks_requests += 1
                    self._json(200, {"keys": [provider.key.as_dict(private=False)]})
                elif path == "/userinfo" and provider.userinfo is not None:
                    self._json(200, provider.userinfo)
                else:
                    self._json(404, {"error": "not_found"})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                parse_qs(self.rfile.read(length).decode())
                if urlsplit(self.path).path != "/token":
                    self._json(404, {"error": "not_found"})
                    return
                answer = provider.token_answer()
                if answer is None:
                    self._json(500, {"error": "server_error"})
                else:
                    self._json(200, answer)

        return Handler

    def settings(self) -> dict[str, Any]:
        return {
            "OIDC_ISSUER": self.issuer,
            "OIDC_CLIENT_ID": CLIENT_ID,
            "OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_TIMEOUT": 2.0,
        }


@contextmanager
def misbehaving_provider() -> Iterator[MisbehavingProvider]:
    provider = MisbehavingProvider()
    thread = threading.Thread(target=provider.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        provider.server.shutdown()
        provider.server.server_close()

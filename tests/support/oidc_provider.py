"""A real OpenID Connect provider for the tests: ``scripts/oidc_provider.mjs`` (npm
``oidc-provider``) started on a free loopback port, waited for, and stopped at the end.

Without node or the package the tests that need it are skipped, unless E2E_REQUIRED is set
(``.ci/run``): then they fail. Registered in tests/conftest.py ``pytest_plugins``."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "oidc_provider.mjs"
PACKAGE = ROOT / "node_modules" / "oidc-provider" / "package.json"
CLIENT_ID = "lpse-support-test"
CLIENT_SECRET = "test-client-secret-0123456789abcdef"  # the test provider's own
CALLBACK_PATH = "/akun/inaproc/kembali/"
LOGIN_PATH = "/akun/masuk/"

# The provider's accounts: the login field of its sign-in form is the `sub`.
ACCOUNTS: dict[str, dict[str, Any]] = {
    "inaproc-ppk-7301": {
        "name": "Rahmawati Siregar, S.E.",
        "email": "rahmawati.siregar@makassarkota.example.go.id",
        "email_verified": True,
        "phone_number": "0812-3456-7301",
        "inaproc_role": "PPK",
        "lpse_kode": "kota-makassar",
    },
    "inaproc-penyedia-5521": {
        "name": "Dedi Kurniawan (PT Sinar Konstruksi)",
        "email": "dedi@sinarkonstruksi.example.co.id",
        "email_verified": True,
        "phone_number": "0813-1111-5521",
        "inaproc_role": "Penyedia",
        "lpse_kode": "kota-makassar",
    },
    # Same address as a local account the tests make: linked only after its password.
    "inaproc-linked-1001": {
        "name": "Siti Aminah",
        "email": "siti.aminah@example.go.id",
        "email_verified": True,
        "inaproc_role": "Pokja",
        "lpse_kode": "kota-makassar",
    },
    # Same address as a local account, but the provider has not verified it.
    "inaproc-unverified-2002": {
        "name": "Penyusup",
        "email": "siti.aminah@example.go.id",
        "email_verified": False,
        "inaproc_role": "PPK",
    },
    # Claims that ask for staff rights: they must change nothing.
    "inaproc-claims-admin-3003": {
        "name": "Mengaku Admin",
        "email": "mengaku.admin@example.go.id",
        "email_verified": True,
        "inaproc_role": "admin",
        "is_staff": True,
        "is_superuser": True,
        "is_supervisor": True,
        "groups": ["admin", "superuser"],
    },
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _unavailable(reason: str) -> None:
    if os.environ.get("E2E_REQUIRED"):
        pytest.fail(f"The OpenID Connect test provider is required (E2E_REQUIRED): {reason}")
    pytest.skip(f"OpenID Connect test provider unavailable: {reason}")


@dataclass
class RunningProvider:
    """One provider process; ``restart`` starts it again on the same port with new keys."""

    config_path: Path
    port: int
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET
    accounts: dict[str, dict[str, Any]] = field(default_factory=lambda: ACCOUNTS)
    process: subprocess.Popen[bytes] | None = None

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        node = shutil.which("node")
        assert node is not None
        self.process = subprocess.Popen(  # our own script, fixed arguments
            [node, str(SCRIPT), str(self.config_path)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the OpenID Connect test provider exited at start")
            try:
                answer = requests.get(f"{self.issuer}/.well-known/openid-configuration", timeout=1)
                if answer.ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("the OpenID Connect test provider did not start in 20 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def restart(self) -> None:
        """The same issuer with freshly made signing keys (a key rotation)."""
        self.stop()
        self.start()

    def settings(self) -> dict[str, Any]:
        """Django settings pointing at this provider."""
        return {
            "OIDC_ISSUER": self.issuer,
            "OIDC_CLIENT_ID": self.client_id,
            "OIDC_CLIENT_SECRET": self.client_secret,
            "OIDC_TIMEOUT": 5.0,
        }


def start_provider(directory: Path, site_urls: list[str]) -> RunningProvider:
    """A provider whose client accepts callbacks and logout returns to each of ``site_urls``."""
    if shutil.which("node") is None:
        _unavailable("node is not installed")
    if not PACKAGE.exists():
        _unavailable("npm package oidc-provider missing (npm ci)")
    port = _free_port()
    config = {
        "port": port,
        "client": {
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "redirect_uris": [url + CALLBACK_PATH for url in site_urls],
            "post_logout_redirect_uris": [url + LOGIN_PATH for url in site_urls],
        },
        "accounts": ACCOUNTS,
        "claims": {
            "openid": ["sub"],
            # The last four are what a hostile or confused provider might send about rights.
            "profile": [
                "name",
                "inaproc_role",
                "lpse_kode",
                "is_staff",
                "is_superuser",
                "is_supervisor",
                "groups",
            ],
            "email": ["email", "email_verified"],
            "phone": ["phone_number", "phone_number_verified"],
        },
    }
    config_path = directory / f"oidc-provider-{port}.json"
    config_path.write_text(json.dumps(config), encoding="utf-8")
    provider = RunningProvider(config_path=config_path, port=port)
    provider.start()
    return provider


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningProvider]:
    """The provider for Django's test client (site http://testserver)."""
    provider = start_provider(tmp_path_factory.mktemp("oidc"), ["http://testserver"])
    yield provider
    provider.stop()


@pytest.fixture(scope="session")
def oidc_live_provider(
    tmp_path_factory: pytest.TempPathFactory, live_server: Any
) -> Iterator[RunningProvider]:
    """The provider for the live server (browser tests)."""
    provider = start_provider(tmp_path_factory.mktemp("oidc-live"), [str(live_server.url)])
    yield provider
    provider.stop()

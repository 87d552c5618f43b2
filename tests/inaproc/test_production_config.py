"""A production configuration with Inaproc sign-in passes ``check --deploy``; its CSP lets the
login and logout forms continue to the provider; an http:// issuer is warned about."""

from __future__ import annotations

import json

import pytest

from tests.core.test_production_settings import _manage, production_env

__all__ = ["production_env"]  # the module-scoped fixture, used here as in its own module

INAPROC = {
    "OIDC_ISSUER": "https://inaproc.example.go.id/oidc",
    "OIDC_CLIENT_ID": "lpse-support",
    "OIDC_CLIENT_SECRET": "a-long-client-secret-from-the-provider",
}


@pytest.mark.slow
def test_deploy_check_passes_with_inaproc(production_env: dict[str, str]) -> None:
    checked = _manage({**production_env, **INAPROC}, "check", "--deploy", "--fail-level", "WARNING")
    assert checked.returncode == 0, checked.stdout + checked.stderr

    shown = _manage(
        {**production_env, **INAPROC},
        "shell",
        "-c",
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action']))",
    )
    assert json.loads(shown.stdout.strip().splitlines()[-1]) == [
        "'self'",
        "https://inaproc.example.go.id",
    ]


@pytest.mark.slow
def test_an_http_issuer_is_warned_about(production_env: dict[str, str]) -> None:
    env = {**production_env, **INAPROC, "OIDC_ISSUER": "http://inaproc.example.go.id"}
    checked = _manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert checked.returncode != 0 and "inaproc.W001" in checked.stdout + checked.stderr

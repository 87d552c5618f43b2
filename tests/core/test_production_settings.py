"""Production settings come from the environment and pass ``check --deploy`` with no warning —
until a demo account exists. Runs manage.py in a subprocess so settings load as in production."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


@pytest.fixture(scope="module")
def production_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    database = tmp_path_factory.mktemp("prod") / "db.sqlite3"
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DEBUG",
            "DATABASE_URL",
            "SECRET_KEY",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="lpse-support.example.go.id",
        DATABASE_URL=f"sqlite:///{database}",
        # Several server processes share limits through Redis (issue 11); the check does not
        # connect, so no Redis needs to run for it.
        REDIS_URL="redis://127.0.0.1:6379/0",
        # Links in e-mails open from a mail client (issue 13).
        SITE_URL="https://lpse-support.example.go.id",
    )
    migrated = _manage(env, "migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr
    return env


def test_production_settings_pass_deploy_check_without_warnings(
    production_env: dict[str, str],
) -> None:
    result = _manage(production_env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout + result.stderr


def test_production_on_the_in_process_cache_is_warned(production_env: dict[str, str]) -> None:
    env = {key: value for key, value in production_env.items() if key != "REDIS_URL"}
    result = _manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "lpse_support.W010" in result.stdout + result.stderr
    silenced = _manage(
        {**env, "SILENCED_SYSTEM_CHECKS": "lpse_support.W010"},
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert silenced.returncode == 0, silenced.stdout + silenced.stderr


def test_production_without_a_public_site_url_is_warned(production_env: dict[str, str]) -> None:
    env = {key: value for key, value in production_env.items() if key != "SITE_URL"}
    result = _manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "lpse_support.W020" in result.stdout + result.stderr


def test_collectstatic_builds_the_hashed_manifest(
    production_env: dict[str, str], tmp_path: Path
) -> None:
    """A production deploy collects static files with hashed names; every file a vendored asset
    refers to (fonts, source maps) must exist, or the manifest step stops the deploy."""
    env = {**production_env, "STATIC_ROOT": str(tmp_path / "static")}
    result = _manage(env, "collectstatic", "--noinput")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "static" / "staticfiles.json").exists()
    assert list((tmp_path / "static" / "vendor" / "chartjs").glob("chart.umd.min.*.js"))


def test_deploy_check_fails_while_a_demo_account_exists(production_env: dict[str, str]) -> None:
    created = _manage(
        production_env,
        "shell",
        "-c",
        "from lpse_support.accounts.models import User; "
        "User.objects.create_user('helpdesk_lpse1', full_name='Demo')",
    )
    assert created.returncode == 0, created.stderr
    result = _manage(production_env, "check", "--deploy")
    assert result.returncode != 0
    assert "lpse_support.E001" in result.stderr
    assert "helpdesk_lpse1" in result.stderr


def test_development_defaults_are_refused_by_deploy_check(
    production_env: dict[str, str],
) -> None:
    env = {key: value for key, value in production_env.items() if key != "SECRET_KEY"}
    env["DEBUG"] = "1"
    result = _manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "security.W009" in output  # the development SECRET_KEY
    assert "security.W018" in output  # DEBUG on


def test_development_writes_mail_to_files_and_logs_each_line_once(
    production_env: dict[str, str],
) -> None:
    # Issue 17 item 8: under `make run` every e-mail body was printed into the terminal and
    # Django's own log lines (runserver's "Watching for file changes") came out twice.
    env = {**production_env, "DEBUG": "1"}
    env.pop("EMAIL_BACKEND", None)
    code = (
        "import logging; from django.conf import settings; "
        "print(settings.EMAIL_BACKEND, settings.EMAIL_FILE_PATH); "
        "logging.getLogger('django.utils.autoreload').info('sekali saja')"
    )
    shown = _manage(env, "shell", "--no-imports", "-c", code)
    assert shown.returncode == 0, shown.stderr
    backend, path = shown.stdout.split()
    assert backend == "django.core.mail.backends.filebased.EmailBackend"
    assert path.endswith("var/mail")
    assert shown.stderr.count("sekali saja") == 1

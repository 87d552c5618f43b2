from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test.utils import override_settings

from lpse_support.catalog.business_time import invalidate_calendar
from lpse_support.two_factor import rules as two_factor_rules
from tests.support.two_factor import assume_no_two_factor_rules

# The shared fixtures (worlds, uploads in a temporary media root); helpers are imported from
# tests.support, never from a conftest.
pytest_plugins = [
    "tests.support.backup_site",
    "tests.support.fixtures.media",
    "tests.support.fixtures.worlds",
    "tests.support.oidc_provider",
    "tests.support.s3_server",
]


@pytest.fixture(scope="session", autouse=True)
def _plain_http_live_server() -> Iterator[None]:
    """The live server speaks plain HTTP. Its middleware reads settings once, when the server
    thread starts, so the override must be in place for the whole session, before it starts."""
    with override_settings(
        SECURE_SSL_REDIRECT=False,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
        LANGUAGE_COOKIE_SECURE=False,
    ):
        yield


@pytest.fixture(autouse=True)
def _plain_static_storage(settings: Any) -> None:
    """Tests render templates without running collectstatic first."""
    settings.STORAGES = {
        **django_settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Throttling is tested on its own; other tests log in freely.
    settings.AXES_ENABLED = False
    # Hashing cost is production's concern; tests create hundreds of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The test client speaks plain HTTP; HTTPS redirects are checked by check --deploy tests.
    settings.SECURE_SSL_REDIRECT = False
    # A test's transaction never commits, so the shared live stamp (published on commit) would
    # never move: tests read it from the database; tests/core/test_shared_state.py turns it on.
    settings.LPSE_SUPPORT = {**django_settings.LPSE_SUPPORT, "LIVE_STAMP_CACHE_SECONDS": 0}


@pytest.fixture(autouse=True)
def _fresh_business_calendar() -> Iterator[None]:
    """The calendar is cached per process; a rolled-back test must not leak its holidays."""
    invalidate_calendar()
    yield
    invalidate_calendar()


@pytest.fixture(autouse=True)
def _fresh_two_factor_rules() -> Iterator[None]:
    """The "Wajib 2FA" rules are cached; a rolled-back test must not leak its rules. Every test
    database starts without rules, so the cache starts warm and empty (a test that adds a rule
    drops it through the model's signal)."""
    assume_no_two_factor_rules()
    yield
    two_factor_rules.invalidate()


def _in_memory_sqlite() -> bool:
    database = django_settings.DATABASES["default"]
    return database["ENGINE"].endswith("sqlite3") and not database["TEST"].get("NAME")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow tests go first, so that parallel workers start on them rather than finish with
    one of them alone. Threads and processes on their own connections need a real file (or
    PostgreSQL): in an in-memory SQLite run those tests are skipped, and `make test` runs them
    apart on a file."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
    if not _in_memory_sqlite():
        return
    skip = pytest.mark.skip(
        reason="needs a file database: TEST_DATABASE_NAME=var/test_db.sqlite3 (make test does)"
    )
    for item in items:
        if item.get_closest_marker("needs_file_db"):
            item.add_marker(skip)


def pytest_report_header(config: pytest.Config) -> str:
    database = django_settings.DATABASES["default"]
    tests = database["TEST"].get("NAME") or (
        "in memory" if _in_memory_sqlite() else f"test_{database['NAME']}"
    )
    where = database.get("HOST") or database["NAME"]
    return f"database: {database['ENGINE']} ({where}; tests: {tests})"

"""What the backup/restore tests share: an empty database next to the test database (SQLite file
or a PostgreSQL database created and dropped here) and ``manage.py`` run in its own process
against it, as an operator would run ``restore``."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from psycopg.conninfo import make_conninfo

ROOT = Path(__file__).resolve().parents[2]
# Variables of the test process that must not leak into the restored site's settings.
SITE_VARIABLES = {"DATABASE_URL", "MEDIA_ROOT", "STORAGE_BACKEND"}


@pytest.fixture
def fresh_database(tmp_path: Path) -> Iterator[str]:
    """A DATABASE_URL of an empty database next to the test database."""
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"{settings_dict['NAME']}_restored"
    server = {
        "host": settings_dict["HOST"] or "",
        "port": settings_dict["PORT"] or "",
        "user": settings_dict["USER"] or "",
        "password": settings_dict["PASSWORD"] or "",
    }
    admin_dsn = make_conninfo(dbname="postgres", **server)
    with psycopg.connect(admin_dsn, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        auth = f"{server['user']}:{server['password']}@" if server["user"] else ""
        yield f"postgres://{auth}{server['host']}:{server['port']}/{name}"
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(
    database_url: str, storage: Mapping[str, str], *args: str
) -> subprocess.CompletedProcess[str]:
    """``manage.py *args`` on ``database_url`` with the storage variables ``storage``
    (``MEDIA_ROOT``, or ``STORAGE_BACKEND=s3`` and the ``S3_*`` ones)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in SITE_VARIABLES and not key.startswith("S3_")
    }
    env.update(
        PYTHONPATH=str(ROOT),
        DATABASE_URL=database_url,
        DEBUG="1",  # the login page is rendered without collected static files
        ALLOWED_HOSTS="testserver",
        DJANGO_SETTINGS_MODULE="config.settings",
        **storage,
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

"""The database part of a backup: PostgreSQL through ``pg_dump``/``pg_restore`` (custom format:
compressed, restorable table by table), SQLite through its online backup API (a consistent copy
while the site keeps writing, WAL included).

The row counts written into the manifest are read from the very snapshot that is dumped (on
PostgreSQL an exported snapshot that pg_dump joins; on SQLite the copy itself), so a site that
keeps writing during the backup never makes a restore look incomplete."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.backends.postgresql.client import DatabaseClient

POSTGRES_FILE = "database.pgdump"
SQLITE_FILE = "database.sqlite3"


class BackupFailed(Exception):
    """Backup or restore cannot go on; the message (Indonesian) says why. Nothing was changed
    by a restore that raises it before its database step."""


def vendor() -> str:
    return str(connection.vendor)


def dump(directory: Path, tables: dict[str, str]) -> tuple[str, dict[str, int]]:
    """Write the database into ``directory``: the file name, and the row count of each of
    ``tables`` (label → table name) in the dumped state."""
    if vendor() == "postgresql":
        conn_args, dbname, env = _pg_connection()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _counts(cursor, tables, connection.ops.quote_name)
            target = directory / POSTGRES_FILE
            command = ["pg_dump", *conn_args, "--format=custom", f"--snapshot={snapshot}"]
            _run([*command, f"--file={target}", dbname], env)
        return POSTGRES_FILE, counts
    if vendor() == "sqlite":
        target = directory / SQLITE_FILE
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
            counts = _counts(copy.cursor(), tables, connection.ops.quote_name)
        copy.close()
        return SQLITE_FILE, counts
    raise BackupFailed(f"Basis data {vendor()} tidak didukung oleh backup.")


def _counts(cursor: Any, tables: dict[str, str], quote: Any) -> dict[str, int]:
    counts = {}
    for label, table in tables.items():
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608  (model tables)
        counts[label] = int(cursor.fetchone()[0])
    return counts


def is_empty() -> bool:
    """True when the target database has no table of ours yet (a freshly created database)."""
    with connection.cursor() as cursor:
        return "django_migrations" not in connection.introspection.table_names(cursor)


def restore(directory: Path, file_name: str) -> None:
    source = directory / file_name
    if vendor() == "postgresql" and file_name == POSTGRES_FILE:
        conn_args, dbname, env = _pg_connection()
        connection.close()
        _run(
            [
                "pg_restore",
                *conn_args,
                f"--dbname={dbname}",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                str(source),
            ],
            env,
        )
        return
    if vendor() == "sqlite" and file_name == SQLITE_FILE:
        connection.ensure_connection()
        with sqlite3.connect(source) as backup:
            backup.backup(connection.connection)
        backup.close()
        connection.close()
        return
    raise BackupFailed(
        f"Backup ini berisi {file_name}, sedangkan basis data tujuan adalah {vendor()}: "
        "pulihkan ke jenis basis data yang sama."
    )


def _pg_connection() -> tuple[list[str], str, dict[str, str]]:
    """Connection arguments, database name and environment, as ``manage.py dbshell`` builds
    them (password in PGPASSWORD, never on the command line)."""
    args, env = DatabaseClient.settings_to_cmd_args_env(connection.settings_dict, [])
    return args[1:-1], args[-1], {**os.environ, **(env or {})}


def _run(command: list[str], env: dict[str, Any]) -> None:
    try:
        done = subprocess.run(  # noqa: S603  (fixed program, arguments from settings)
            command, env=env, capture_output=True, text=True, check=False
        )
    except FileNotFoundError as exc:
        raise BackupFailed(
            f"Program {command[0]} tidak ditemukan: pasang klien PostgreSQL "
            "(paket postgresql-client) dengan versi sama atau lebih baru dari server."
        ) from exc
    if done.returncode != 0:
        raise BackupFailed(f"{command[0]} gagal: {done.stderr.strip()[-2000:]}")

"""Fast row writing for ``generate_tickets``: PostgreSQL ``COPY … FROM STDIN`` (psycopg 3), plain
``executemany`` INSERTs elsewhere (SQLite, small counts). Both run inside the caller's
transaction; primary keys the children need are reserved under a table lock."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Model


class RowWriter:
    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"
        self.quote = connection.ops.quote_name

    def fast_load(self) -> None:
        """PostgreSQL, for this transaction: skip the fsync wait at commit (generated data may be
        lost in a crash, never corrupted) and, when we are superuser, the per-row foreign-key
        triggers — every id written comes from rows just read or reserved, and CHECK, UNIQUE and
        NOT NULL constraints still apply."""
        if not self.postgres:
            return
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO off")
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            row = cursor.fetchone()
            if row and row[0]:
                cursor.execute("SET LOCAL session_replication_role TO replica")

    def reserve_ids(self, model: type[Model], count: int) -> int:
        """The first of ``count`` consecutive free ids of ``model`` (inside a transaction).

        PostgreSQL: other writers of the table wait for our commit (SHARE ROW EXCLUSIVE), then the
        identity sequence is moved past the block. SQLite: the IMMEDIATE transaction already holds
        the only write lock, and AUTOINCREMENT follows the largest id inserted."""
        table = model._meta.db_table
        with connection.cursor() as cursor:
            if not self.postgres:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {self.quote(table)}")  # noqa: S608
                return int(cursor.fetchone()[0]) + 1
            cursor.execute(f"LOCK TABLE {self.quote(table)} IN SHARE ROW EXCLUSIVE MODE")
            if count == 0:
                return 1
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            sequence = cursor.fetchone()[0]
            cursor.execute(
                f"SELECT GREATEST(nextval(%s), (SELECT COALESCE(MAX(id), 0) + 1 FROM {self.quote(table)}))",  # noqa: E501, S608
                [sequence],
            )
            first = int(cursor.fetchone()[0])
            cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
            return first

    def write(self, table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
        if not rows:
            return
        names = ", ".join(self.quote(column) for column in columns)
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.copy(f"COPY {self.quote(table)} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            marks = ", ".join(["%s"] * len(columns))
            adapt = connection.ops.adapt_datetimefield_value
            cursor.executemany(
                f"INSERT INTO {self.quote(table)} ({names}) VALUES ({marks})",  # noqa: S608
                [tuple(adapt(v) if isinstance(v, datetime) else v for v in row) for row in rows],
            )

    def analyze(self, tables: Sequence[str]) -> None:
        """Fresh planner statistics after a big load (PostgreSQL), and outside a transaction also
        the visibility map (VACUUM), without which index-only scans still read the heap."""
        if not self.postgres:
            return
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"{command} {self.quote(table)}")

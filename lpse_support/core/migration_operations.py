"""Migration operations that keep the site writable while they run (issue 11 item 8).

A plain ``CREATE INDEX`` holds a lock that blocks every INSERT/UPDATE on the table until the index
is built: minutes on ``tickets_ticket`` at a million rows, during which nobody can file or act on
a ticket. PostgreSQL builds it ``CONCURRENTLY`` without that lock, but only outside a transaction
(the migration needs ``atomic = False``). SQLite, the embedded default, has no such option and
its tables are small: there the same operation is a plain ``AddIndex``.

The migration state is exactly ``AddIndex``'s, so ``makemigrations --check`` sees no change and a
model's ``Meta.indexes`` stays the single description of its indexes. How to use it and what to
do when a concurrent build fails half-way: docs/deploy.md, "Migrations on a live database".
"""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.operations import AddIndexConcurrently as PostgresAddIndexConcurrently
from django.db.migrations.operations import AddIndex


class AddIndexConcurrently(PostgresAddIndexConcurrently):
    """``CREATE INDEX CONCURRENTLY`` on PostgreSQL, ``AddIndex`` on other databases."""

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)
        else:
            AddIndex.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
        else:
            AddIndex.database_backwards(self, app_label, schema_editor, from_state, to_state)

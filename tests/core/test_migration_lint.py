"""Migrations never lock a busy table while they build an index (issue 11 item 8).

Two checks: every database — no plain ``AddIndex`` on a table an earlier migration created (use
``lpse_support.core.migration_operations.AddIndexConcurrently``); PostgreSQL — django-migration-
linter reads the SQL each migration really runs and refuses CREATE/DROP INDEX without
CONCURRENTLY and REINDEX. Backward-compatibility checks (NOT NULL, DROP/RENAME column) are left
out: deploys stop the app servers for ``migrate`` (docs/deploy.md)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations import AddIndex, CreateModel
from django.db.migrations.loader import MigrationLoader
from django_migration_linter import MigrationLinter

from lpse_support.core.migration_operations import AddIndexConcurrently

OUR_APPS = sorted(c.label for c in apps.get_app_configs() if c.name.startswith("lpse_support."))
LOCK_CHECKS = ["CREATE_INDEX", "CREATE_INDEX_EXCLUSIVE", "DROP_INDEX", "REINDEX"]
COMPATIBILITY_CHECKS = [
    "NOT_NULL",
    "DROP_COLUMN",
    "DROP_TABLE",
    "RENAME_COLUMN",
    "RENAME_TABLE",
    "ALTER_COLUMN",
    "ADD_UNIQUE",
]
# Its foreign keys on tickets_ticket (indexed) were added before any ticket could be acted on:
# every ticket page reads those columns, so no site holds tickets without this migration.
APPLIED_BEFORE_ANY_TICKET = ["0002_workflow"]


def test_no_plain_add_index_on_an_existing_table() -> None:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    offenders = []
    for (app_label, name), migration in sorted(loader.disk_migrations.items()):
        if app_label not in OUR_APPS or name in APPLIED_BEFORE_ANY_TICKET:
            continue
        created_here = {
            op.name.lower() for op in migration.operations if isinstance(op, CreateModel)
        }
        for operation in migration.operations:
            # Exactly AddIndex: AddIndexConcurrently is a subclass and is what we want.
            if type(operation) is not AddIndex:
                continue
            assert isinstance(operation, AddIndex)
            if operation.model_name_lower not in created_here:
                offenders.append(f"{app_label}.{name}: {operation.describe()}")
    assert not offenders, (
        f"use {AddIndexConcurrently.__module__}.AddIndexConcurrently (with atomic = False): "
        + "; ".join(offenders)
    )


# sqlmigrate must run outside a transaction, as migrate does: CONCURRENTLY refuses one.
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="locks are PostgreSQL's; CI runs it there"
)
def test_django_migration_linter_finds_no_locking_index_build(
    capsys: pytest.CaptureFixture[str],
) -> None:
    linter = MigrationLinter(
        include_apps=OUR_APPS,
        ignore_name=APPLIED_BEFORE_ANY_TICKET,
        exclude_migration_tests=COMPATIBILITY_CHECKS,
        warnings_as_errors_tests=LOCK_CHECKS,
        no_cache=True,
        quiet=["ok"],
    )
    linter.lint_all_migrations()
    report = capsys.readouterr().out
    assert linter.nb_total >= 10, report
    assert not linter.has_errors, report

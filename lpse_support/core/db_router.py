"""The database router installed when a read replica is configured (``DATABASE_REPLICA_URL``):
reads inside ``reading_replica()`` go where that block chose (core/replica.py), every other read
and every write to the primary, and migrations run on the primary only (the replica copies
them through streaming replication)."""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS

from lpse_support.core.replica import reading_alias


class ReplicaRouter:
    def db_for_read(self, model: type[Any], **hints: Any) -> str:
        return reading_alias() or DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # Both aliases hold the same rows: an object read on the replica may relate to one
        # read on the primary.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS

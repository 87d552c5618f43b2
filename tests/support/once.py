"""Build an expensive world once for a whole test module instead of once per test.

The rows are written inside one transaction that is rolled back when the module ends; every test
of the module still runs in its own savepoint inside it (pytest-django's ``db``), so a test sees
the world plus its own writes and nothing of the other tests. Use it only in modules where every
test wants that world and none is transactional (``transaction=True`` or a live server)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from django.db import transaction
from django.test.utils import override_settings

# What the function-scoped autouse fixtures give every test (tests/conftest.py and
# tests/support/fixtures/media.py), in force while the world is built.
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]

T = TypeVar("T")


def built_once(django_db_blocker: Any, media: Path, build: Callable[[], T]) -> Iterator[T]:
    """For a module-scoped fixture (``yield from``): ``build()`` inside the module's
    transaction, with uploads stored in ``media``; rolled back when the module is done."""
    from django.conf import settings

    storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(media)},
    }
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(
            PASSWORD_HASHERS=FAST_HASHER,
            AXES_ENABLED=False,
            MEDIA_ROOT=media,
            STORAGES={**settings.STORAGES, "default": storage},
        ):
            world = build()
        yield world
        transaction.set_rollback(True)

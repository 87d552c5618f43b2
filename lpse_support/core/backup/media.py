"""The attachment part of a backup: every file of the default storage, read and written through
the storage API (so an S3 bucket is backed up the same way as a folder), each with its size and
SHA-256 in the manifest."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import IO

from django.core.files import File
from django.core.files.storage import default_storage

from lpse_support.core.backup.database import BackupFailed

MEDIA_DIR = "media"
CHUNK = 1024 * 1024


def stored_names(top: str = "") -> Iterator[str]:
    """Every file name in the default storage, depth first, in a stable order."""
    try:
        directories, files = default_storage.listdir(top)
    except FileNotFoundError:  # a media root never written to yet: nothing stored
        return
    for name in sorted(files):
        yield str(PurePosixPath(top, name)) if top else name
    for directory in sorted(directories):
        yield from stored_names(str(PurePosixPath(top, directory)) if top else directory)


def copy_out(directory: Path) -> list[dict[str, object]]:
    """Copy every stored file under ``directory/media``; the manifest entries."""
    entries: list[dict[str, object]] = []
    for name in stored_names():
        target = local_path(directory, name)
        target.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, target.open("wb") as copy:
            digest, size = _copy_hashing(source, copy)
        entries.append({"name": name, "size": size, "sha256": digest})
    return entries


def storage_is_empty() -> bool:
    return next(stored_names(), None) is None


def copy_in(directory: Path, entries: list[dict[str, object]]) -> None:
    """Write every backed-up file back under its own name (never a renamed copy)."""
    for entry in entries:
        name = str(entry["name"])
        if default_storage.exists(name):
            default_storage.delete(name)
        with local_path(directory, name).open("rb") as source:
            saved = default_storage.save(name, File(source, name=name))
        if saved != name:
            raise BackupFailed(f"Berkas {name} tersimpan dengan nama lain ({saved}).")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        for block in iter(lambda: source.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def local_path(directory: Path, name: str) -> Path:
    """Where the backup keeps the stored file ``name``."""
    path = PurePosixPath(name)
    # Names come from the storage or from a manifest that may have been edited: stay inside.
    if path.is_absolute() or ".." in path.parts:
        raise BackupFailed(f"Nama berkas tidak sah dalam backup: {name}")
    return directory / MEDIA_DIR / Path(*path.parts)


def _copy_hashing(source: IO[bytes], target: IO[bytes]) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    for block in iter(lambda: source.read(CHUNK), b""):
        digest.update(block)
        target.write(block)
        size += len(block)
    return digest.hexdigest(), size

"""A backup folder: ``manifest.json``, the database file and ``media/``.

The manifest lists every file with its size and SHA-256 and the row count of every table of ours.
A restore checks every checksum before it changes anything, restores the database and the files,
then compares the row counts with the manifest.

Order: the database is dumped first, the files copied after it, so every attachment row of the
dump has its file (attachments are only ever added while the site runs); a file uploaded during
the copy is an extra file without a row, which is harmless."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.utils import timezone

from lpse_support.core.backup import database, media
from lpse_support.core.backup.database import BackupFailed

MANIFEST = "manifest.json"
FORMAT = 1


@dataclass(frozen=True)
class Summary:
    database_file: str
    files: int
    bytes: int
    counts: dict[str, int]


def our_tables() -> dict[str, str]:
    """Label → table of every model of ours (the tables whose rows a restore must bring back)."""
    return {
        model._meta.label: model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_config.name.startswith("lpse_support.")
    }


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_config.name.startswith("lpse_support.")
    }


def create_backup(directory: Path) -> Summary:
    if directory.exists() and any(directory.iterdir()):
        raise BackupFailed(f"Folder {directory} tidak kosong: pilih folder baru untuk backup.")
    directory.mkdir(parents=True, exist_ok=True)
    database_file, counts = database.dump(directory, our_tables())
    entries = media.copy_out(directory)
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": {
            "vendor": database.vendor(),
            "file": database_file,
            "sha256": media.file_sha256(directory / database_file),
        },
        "media": entries,
        "counts": counts,
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    return _summary(manifest)


def verify_backup(directory: Path) -> dict[str, Any]:
    """The manifest, once every file in it is present with its checksum."""
    try:
        manifest = json.loads((directory / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupFailed(f"{directory / MANIFEST} tidak dapat dibaca: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupFailed(f"Format backup {manifest.get('format')} tidak dikenal.")
    damaged = []
    expected = [(directory / manifest["database"]["file"], manifest["database"]["sha256"])]
    expected += [(media.local_path(directory, e["name"]), e["sha256"]) for e in manifest["media"]]
    for path, sha256 in expected:
        if not path.is_file() or media.file_sha256(path) != sha256:
            damaged.append(str(path.relative_to(directory)))
    if damaged:
        raise BackupFailed(
            f"Backup rusak atau tidak lengkap ({len(damaged)} berkas): "
            + ", ".join(damaged[:10])
            + ". Tidak ada yang diubah."
        )
    return dict(manifest)


def restore_backup(directory: Path) -> Summary:
    """Restore into an empty database and an empty storage (refused otherwise: a restore never
    mixes with data already there)."""
    manifest = verify_backup(directory)
    if not database.is_empty():
        raise BackupFailed(
            "Basis data tujuan sudah berisi tabel. Pulihkan ke basis data baru yang kosong "
            "(createdb), lalu arahkan DATABASE_URL ke sana. Tidak ada yang diubah."
        )
    if not media.storage_is_empty():
        raise BackupFailed(
            "Penyimpanan lampiran tujuan (MEDIA_ROOT/STORAGE_BACKEND) sudah berisi berkas. "
            "Pulihkan ke tempat yang kosong. Tidak ada yang diubah."
        )
    database.restore(directory, manifest["database"]["file"])
    media.copy_in(directory, manifest["media"])
    counts = row_counts()
    wrong = {
        label: (count, counts.get(label))
        for label, count in manifest["counts"].items()
        if counts.get(label) != count
    }
    if wrong:
        raise BackupFailed(f"Jumlah baris setelah pemulihan berbeda dari backup: {wrong}")
    return _summary(manifest)


def _summary(manifest: dict[str, Any]) -> Summary:
    return Summary(
        database_file=manifest["database"]["file"],
        files=len(manifest["media"]),
        bytes=sum(int(entry["size"]) for entry in manifest["media"]),
        counts=dict(manifest["counts"]),
    )

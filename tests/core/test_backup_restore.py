"""``manage.py backup`` then ``manage.py restore`` into a fresh database and an empty media root
(issue 11 item 5): the same rows, ticket numbering that goes on where it stopped, the same file
bytes and a working login. On PostgreSQL the restore goes into a database of its own, created
and dropped here; the restore runs in a separate process, as an operator would run it."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from lpse_support.accounts.models import User
from lpse_support.catalog.models import ApplicationVersion, SubCategory
from lpse_support.core.backup.archive import MANIFEST, row_counts
from lpse_support.core.backup.media import file_sha256
from lpse_support.demo.seed import run_seed
from lpse_support.tickets.models import Ticket, TicketAttachment
from lpse_support.tickets.services.ticket_create import ticket_create
from tests.support.backup_site import manage
from tests.support.uploads import PNG_BYTES

# The backup reads the database in use and the restore runs in another process: a file database.
pytestmark = pytest.mark.needs_file_db

PNG = PNG_BYTES  # a real image: uploads are decoded by Pillow
PASSWORD = "Pulih#2026-aman"

# Runs inside the restored site: what the test compares.
CHECK_SCRIPT = """
import hashlib, json
from django.core.files.storage import default_storage
from django.test import Client
from lpse_support.accounts.models import User
from lpse_support.catalog.models import ApplicationVersion, SubCategory
from lpse_support.core.backup.archive import row_counts
from lpse_support.tickets.models import TicketAttachment
from lpse_support.tickets.services.ticket_create import ticket_create
attachment = TicketAttachment.objects.get()
with default_storage.open(attachment.file.name, "rb") as stored:
    sha = hashlib.sha256(stored.read()).hexdigest()
counts = row_counts()
login = Client().post("/akun/masuk/", {"username": "pulih", "password": "__PASSWORD__"})
ticket = ticket_create(
    reporter=User.objects.get(username="ppk1"),
    title="Tiket setelah pemulihan",
    version_id=ApplicationVersion.objects.filter(application__code="spse").first().pk,
    subcategory_id=SubCategory.objects.filter(category__application__code="spse").first().pk,
    description="Nomor tiket harus melanjutkan urutan sebelum backup.",
)
print(json.dumps({"counts": counts, "sha256": sha, "stored_sha256": attachment.sha256,
                  "login": login.status_code, "next_number": ticket.number}))
""".replace("__PASSWORD__", PASSWORD)


@pytest.fixture(autouse=True)
def _production_hasher(settings: Any) -> None:
    """The restored site logs in with the default hashers; the suite's fast MD5 is not one."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]


@pytest.fixture
def media_root(settings: Any, tmp_path: Path) -> Path:
    media = tmp_path / "media"
    media.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(media)},
        },
    }
    return media


def _manage(database_url: str, media: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return manage(database_url, {"MEDIA_ROOT": str(media)}, *args)


@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_a_fresh_site(
    media_root: Path, fresh_database: str, tmp_path: Path
) -> None:
    run_seed()
    User.objects.create_user("pulih", password=PASSWORD, full_name="Petugas Pemulihan")
    ticket = ticket_create(
        reporter=User.objects.get(username="ppk1"),
        title="Dokumen penawaran tidak dapat diunggah",
        version_id=ApplicationVersion.objects.filter(application__code="spse")[0].pk,
        subcategory_id=SubCategory.objects.filter(category__application__code="spse")[0].pk,
        description="Unggah gagal pada tahap pemasukan penawaran, galat 500.",
        files=[SimpleUploadedFile("bukti.png", PNG)],
    )
    original = TicketAttachment.objects.get(ticket=ticket)
    counts = row_counts()
    backup = tmp_path / "backup"

    out = io.StringIO()
    call_command("backup", str(backup), stdout=out)

    manifest = json.loads((backup / MANIFEST).read_text())
    assert manifest["counts"] == counts
    assert [entry["name"] for entry in manifest["media"]] == [original.file.name]
    assert manifest["media"][0]["sha256"] == original.sha256
    assert file_sha256(backup / manifest["database"]["file"]) == manifest["database"]["sha256"]

    restored_media = tmp_path / "restored-media"
    restored = _manage(fresh_database, restored_media, "restore", str(backup))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "Pemulihan selesai" in restored.stdout

    checked = _manage(fresh_database, restored_media, "shell", "-c", CHECK_SCRIPT)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    result = json.loads(checked.stdout.strip().splitlines()[-1])
    assert result["counts"] == counts
    assert result["sha256"] == result["stored_sha256"] == original.sha256
    assert result["login"] == 302
    prefix, sequence = ticket.number[:-4], int(ticket.number[-4:])
    next_prefix, next_sequence = result["next_number"][:-4], int(result["next_number"][-4:])
    if next_prefix == prefix:  # the same day (WIB): the sequence goes on
        assert next_sequence == sequence + 1
    else:  # midnight passed between the two: a new day starts at 0001
        assert next_sequence == 1
    assert not Ticket.objects.filter(number=result["next_number"]).exists()


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_damaged_backup_or_a_used_target(
    media_root: Path, fresh_database: str, tmp_path: Path
) -> None:
    User.objects.create_user("pulih", password=PASSWORD, full_name="Petugas Pemulihan")
    (media_root / "tickets").mkdir()
    (media_root / "tickets" / "catatan.txt").write_bytes(b"isi asli")
    backup = tmp_path / "backup"
    call_command("backup", str(backup), stdout=io.StringIO())
    with pytest.raises(CommandError, match="tidak kosong"):
        call_command("backup", str(backup), stdout=io.StringIO())

    # Into the database in use (not empty): refused, nothing changed.
    with pytest.raises(CommandError, match="sudah berisi tabel"):
        call_command("restore", str(backup), stdout=io.StringIO())

    # A damaged file: refused before the fresh database is touched.
    (backup / "media" / "tickets" / "catatan.txt").write_bytes(b"isi rusak")
    target_media = tmp_path / "target-media"
    refused = _manage(fresh_database, target_media, "restore", str(backup))
    assert refused.returncode != 0
    assert "Backup rusak atau tidak lengkap" in refused.stderr
    assert "tickets/catatan.txt" in refused.stderr
    still_empty = _manage(fresh_database, target_media, "showmigrations", "--plan")
    assert "[X]" not in still_empty.stdout

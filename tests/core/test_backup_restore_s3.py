"""``manage.py backup`` / ``restore`` with the attachments in an S3 bucket (issue 15 item 5): the
database dump and a copy of every object go into the backup folder; the restore, run as its own
process, fills a fresh database and a fresh, empty bucket, and the restored site has the same
ticket count and the same file bytes (SHA-256). On PostgreSQL through pg_dump/pg_restore."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from lpse_support.core.backup.archive import MANIFEST
from lpse_support.tickets.models import Ticket, TicketAttachment
from tests.support.backup_site import manage
from tests.support.s3_server import S3Place
from tests.support.ticket_world import TicketWorld, make_ticket
from tests.support.uploads import PDF_BYTES, PNG_BYTES

pytestmark = pytest.mark.needs_file_db

CHECK_SCRIPT = """
import hashlib, json
from django.core.files.storage import default_storage
from lpse_support.tickets.models import Ticket, TicketAttachment
files = {}
for attachment in TicketAttachment.objects.order_by("pk"):
    digest = hashlib.sha256()
    with default_storage.open(attachment.file.name, "rb") as stored:
        for block in iter(lambda: stored.read(65536), b""):
            digest.update(block)
    files[attachment.file.name] = digest.hexdigest()
print(json.dumps({"tickets": Ticket.objects.count(), "files": files,
                  "storage": type(default_storage._wrapped).__name__}))
"""


@pytest.mark.django_db(transaction=True)
def test_backup_of_a_bucket_restores_into_a_fresh_database_and_bucket(
    s3_storage: S3Place,
    ticket_world: TicketWorld,
    fresh_database: str,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    big = bytes(range(256)) * 40000  # 10 MB: a multipart object
    with django_capture_on_commit_callbacks(execute=True):
        make_ticket(ticket_world, files=[SimpleUploadedFile("bukti.png", PNG_BYTES)])
        make_ticket(
            ticket_world,
            files=[SimpleUploadedFile("ba.pdf", PDF_BYTES), SimpleUploadedFile("d.rhs", big)],
        )
    make_ticket(ticket_world)
    expected = dict(TicketAttachment.objects.values_list("file", "sha256"))
    assert sorted(expected) == s3_storage.keys()
    backup = tmp_path / "backup"

    call_command("backup", str(backup), stdout=io.StringIO())

    manifest = json.loads((backup / MANIFEST).read_text())
    assert {entry["name"]: entry["sha256"] for entry in manifest["media"]} == expected
    assert (backup / "media" / sorted(expected)[0]).is_file()

    fresh_bucket = f"pulih-{s3_storage.prefix}"
    s3_storage.create_bucket(fresh_bucket)
    target = s3_storage.environment(bucket=fresh_bucket, prefix="")
    restored = manage(fresh_database, target, "restore", str(backup))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "Pemulihan selesai" in restored.stdout
    listing = s3_storage.client().list_objects_v2(Bucket=fresh_bucket)
    assert sorted(item["Key"] for item in listing["Contents"]) == sorted(expected)

    checked = manage(fresh_database, target, "shell", "-c", CHECK_SCRIPT)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    result = json.loads(checked.stdout.strip().splitlines()[-1])
    assert result["storage"] == "PrivateS3Storage"
    assert result["tickets"] == Ticket.objects.count() == 3
    assert result["files"] == expected

    # The same bucket again is not empty any more: refused, nothing changed.
    again = manage(f"sqlite:///{tmp_path / 'lagi.sqlite3'}", target, "restore", str(backup))
    assert again.returncode != 0
    assert "sudah berisi berkas" in again.stderr

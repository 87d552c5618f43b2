"""Attachments on a real S3 server (issue 15 item 1): SeaweedFS started by the test fixtures, the
default storage switched to the private bucket. Upload through the create form (multipart for a
large file, published by a server-side copy), download whole and in ranges, zip, preview, the PDF
export, the sweep — and still 404 for outsiders, no bucket URL in any page, a presigned redirect
only after the permission check (docs/storage.md)."""

from __future__ import annotations

import base64
import hashlib
import io
import os
import urllib.request
import uuid
import zipfile
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import FileResponse
from django.test import Client

from lpse_support.core.object_storage import PrivateS3Storage, S3StreamFile
from lpse_support.tickets.attachments.ranges import CHUNK
from lpse_support.tickets.attachments.sweep import sweep_uploads
from lpse_support.tickets.models import Ticket, TicketAttachment
from tests.support.s3_server import S3Place
from tests.support.ticket_world import TicketWorld, make_ticket
from tests.support.uploads import PDF_BYTES, PNG_BYTES, sample_upload

pytestmark = pytest.mark.django_db
MB = 1024 * 1024
# Past the 8 MB multipart threshold: stored as a multipart upload, read back across many chunks.
BIG = os.urandom(MB) * 12 + b"akhir"


def _form(world: TicketWorld, files: list[Any]) -> dict[str, Any]:
    return {
        "title": "Gagal unggah dokumen penawaran",
        "application": world.spse.pk,
        "version": world.spse_version.pk,
        "error_code": "",
        "tender_code": "",
        "category": world.category.pk,
        "subcategory": world.subcategory.pk,
        "description": "Dokumen penawaran gagal diunggah sejak pukul 09.00 WIB.",
        "idempotency_key": str(uuid.uuid4()),
        "files": files,
    }


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _chunks(response: Any) -> list[bytes]:
    try:
        return list(response.streaming_content)
    finally:
        response.close()


def _body(response: Any) -> bytes:
    return b"".join(_chunks(response))


@pytest.fixture
def ticket(
    s3_storage: S3Place, ticket_world: TicketWorld, django_capture_on_commit_callbacks: Any
) -> Ticket:
    with django_capture_on_commit_callbacks(execute=True):
        return make_ticket(
            ticket_world,
            files=[
                sample_upload("layar.png", PNG_BYTES),
                sample_upload("berita acara.pdf", PDF_BYTES),
                SimpleUploadedFile("data.rhs", BIG),
            ],
        )


def test_the_create_form_stores_every_file_in_the_bucket(
    s3_storage: S3Place, ticket_world: TicketWorld, django_capture_on_commit_callbacks: Any
) -> None:
    files = [
        sample_upload("layar.png", PNG_BYTES),
        SimpleUploadedFile("data.rhs", BIG),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(ticket_world.reporter_a).post("/tiket/baru/", _form(ticket_world, files))

    assert response.status_code == 302
    ticket = Ticket.objects.get(reporter=ticket_world.reporter_a)
    n = ticket.number
    # Published by a server-side copy: the staging objects are gone.
    assert s3_storage.keys() == [
        f"tickets/{n}/pelapor_{n}_001.png",
        f"tickets/{n}/pelapor_{n}_002.rhs",
    ]
    big = TicketAttachment.objects.get(ticket=ticket, sequence=2)
    assert big.sha256 == hashlib.sha256(BIG).hexdigest()
    assert big.size == default_storage.size(big.file.name) == len(BIG)
    # The server verified and keeps a SHA-256 of what it received.
    small = TicketAttachment.objects.get(ticket=ticket, sequence=1)
    head = s3_storage.client().head_object(
        Bucket=s3_storage.bucket,
        Key=f"{s3_storage.prefix}/{small.file.name}",
        ChecksumMode="ENABLED",
    )
    assert head["ChecksumSHA256"] == base64.b64encode(hashlib.sha256(PNG_BYTES).digest()).decode()


def test_a_large_file_is_uploaded_in_parts(s3_storage: S3Place) -> None:
    """upload_fileobj splits a file past the threshold into parts: the ETag of a multipart
    object ends in -<parts>."""
    name = default_storage.save("pending/besar.rhs", ContentFile(BIG))
    head = s3_storage.client().head_object(
        Bucket=s3_storage.bucket, Key=f"{s3_storage.prefix}/{name}"
    )
    assert head["ETag"].strip('"').endswith("-2")


def test_download_streams_in_bounded_chunks(ticket_world: TicketWorld, ticket: Ticket) -> None:
    response = _client(ticket_world.reporter_a).get(f"/tiket/{ticket.number}/lampiran/3/")

    assert response.status_code == 200
    assert isinstance(response, FileResponse)
    assert response["Content-Length"] == str(len(BIG))
    assert response["ETag"] == f'"{hashlib.sha256(BIG).hexdigest()}"'
    chunks = _chunks(response)
    assert max(len(chunk) for chunk in chunks) <= CHUNK
    assert len(chunks) >= len(BIG) // CHUNK
    assert b"".join(chunks) == BIG


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [("bytes=0-99", 0, 99), ("bytes=9000000-", 9000000, None), ("bytes=-5", -5, None)],
)
def test_ranges_are_read_from_the_bucket(
    ticket_world: TicketWorld, ticket: Ticket, header: str, start: int, end: int | None
) -> None:
    response = _client(ticket_world.reporter_a).get(
        f"/tiket/{ticket.number}/lampiran/3/", headers={"range": header}
    )

    expected = BIG[start:] if end is None else BIG[start : end + 1]
    assert response.status_code == 206
    assert response["Content-Length"] == str(len(expected))
    assert _body(response) == expected


def test_zip_is_built_from_object_reads(ticket_world: TicketWorld, ticket: Ticket) -> None:
    response = _client(ticket_world.reporter_a).get(f"/tiket/{ticket.number}/lampiran.zip")

    assert response.status_code == 200
    chunks = _chunks(response)
    assert max(len(chunk) for chunk in chunks) <= CHUNK + 64 * 1024
    with zipfile.ZipFile(io.BytesIO(b"".join(chunks))) as archive:
        contents = {info.filename: archive.read(info) for info in archive.infolist()}
    n = ticket.number
    assert contents == {
        f"pelapor_{n}_001.png": PNG_BYTES,
        f"pelapor_{n}_002.pdf": PDF_BYTES,
        f"pelapor_{n}_003.rhs": BIG,
    }


@pytest.mark.parametrize(
    ("sequence", "content_type", "body"),
    [(1, "image/png", PNG_BYTES), (2, "application/pdf", PDF_BYTES)],
)
def test_preview_checks_the_stored_bytes(
    ticket_world: TicketWorld, ticket: Ticket, sequence: int, content_type: str, body: bytes
) -> None:
    response = _client(ticket_world.reporter_a).get(
        f"/tiket/{ticket.number}/lampiran/{sequence}/pratinjau/"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Security-Policy"] == "sandbox"
    assert _body(response) == body


def test_outsiders_get_404_and_pages_carry_no_bucket_url(
    settings: Any, s3_storage: S3Place, ticket_world: TicketWorld, ticket: Ticket
) -> None:
    settings.S3_PRESIGNED_REDIRECT = True
    outsider = _client(ticket_world.reporter_b)
    owner = _client(ticket_world.reporter_a)
    for url in (
        f"/tiket/{ticket.number}/lampiran/1/",
        f"/tiket/{ticket.number}/lampiran/1/pratinjau/",
        f"/tiket/{ticket.number}/lampiran.zip",
    ):
        assert outsider.get(url).status_code == 404, url
        assert owner.get(url).status_code in {200, 302}, url

    page = _client(ticket_world.reporter_a).get(f"/tiket/{ticket.number}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert f"/tiket/{ticket.number}/lampiran/1/" in html
    assert s3_storage.server.endpoint not in html
    assert s3_storage.bucket not in html
    assert "X-Amz-" not in html


def test_presigned_redirect_only_after_the_permission_check(
    settings: Any, s3_storage: S3Place, ticket_world: TicketWorld, ticket: Ticket
) -> None:
    url = f"/tiket/{ticket.number}/lampiran/2/"
    assert _client(ticket_world.reporter_a).get(url).status_code == 200  # default: streamed

    settings.S3_PRESIGNED_REDIRECT = True
    settings.S3_PRESIGNED_SECONDS = 60
    response = _client(ticket_world.reporter_a).get(url)

    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    location = response["Location"]
    assert location.startswith(f"{s3_storage.server.endpoint}/{s3_storage.bucket}/")
    assert "X-Amz-Expires=60" in location and "X-Amz-Signature=" in location
    with urllib.request.urlopen(location, timeout=10) as signed:  # noqa: S310  (loopback)
        assert signed.read() == PDF_BYTES
        assert signed.headers["Content-Disposition"].startswith("attachment; filename")
        assert signed.headers["Content-Type"] == "application/pdf"
    # The same object without the signature is refused: the bucket is private.
    unsigned = location.split("?", 1)[0]
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(unsigned, timeout=10)  # noqa: S310  (loopback)
    assert refused.value.code == 403
    # HEAD, previews and zips never redirect.
    assert _client(ticket_world.reporter_a).head(url).status_code == 200
    assert _client(ticket_world.reporter_b).get(url).status_code == 404


def test_pdf_export_works_with_the_bucket(ticket_world: TicketWorld, ticket: Ticket) -> None:
    response = _client(ticket_world.reporter_a).get(f"/tiket/{ticket.number}/pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    body = _body(response) if response.streaming else response.content
    assert body.startswith(b"%PDF-")


def test_sweep_publishes_committed_and_deletes_abandoned_staging_objects(
    s3_storage: S3Place, ticket_world: TicketWorld
) -> None:
    ticket = make_ticket(
        ticket_world, files=[sample_upload("layar.png", PNG_BYTES)]
    )  # not published
    staged = TicketAttachment.objects.get(ticket=ticket).file.name
    abandoned = default_storage.save("pending/ditinggal.png", ContentFile(PNG_BYTES))
    assert sorted([staged, abandoned]) == s3_storage.keys()

    report = sweep_uploads(older_than=timedelta(seconds=-5))

    assert (report.pending_published, report.pending_removed) == (1, 1)
    n = ticket.number
    assert s3_storage.keys() == [f"tickets/{n}/pelapor_{n}_001.png"]
    assert TicketAttachment.objects.get(ticket=ticket).file.name == s3_storage.keys()[0]


def test_stream_file_reads_seeks_and_reports_missing_objects(s3_storage: S3Place) -> None:
    name = default_storage.save("pending/angka.bin", ContentFile(bytes(range(256)) * 4))
    storage = default_storage
    assert isinstance(storage._wrapped, PrivateS3Storage)  # type: ignore[attr-defined]
    with storage.open(name) as handle:
        assert isinstance(handle, S3StreamFile)  # not the whole-object S3File
        assert handle.read(3) == b"\x00\x01\x02"
        handle.seek(-2, io.SEEK_END)
        assert handle.read() == b"\xfe\xff"
        assert handle.read(10) == b""
        handle.seek(256)
        assert handle.tell() == 256
        assert handle.read(2) == b"\x00\x01"
        handle.seek(300)  # a short hop forward in the open response
        assert (handle.tell(), handle.read(2)) == (300, b"\x2c\x2d")
        handle.seek(10, io.SEEK_CUR)
        assert handle.read(1) == bytes([(302 + 10) % 256])
    with pytest.raises(FileNotFoundError):
        storage.open("pending/tidak-ada.bin")
    empty = default_storage.save("pending/kosong.bin", ContentFile(b""))
    with storage.open(empty) as handle:
        assert handle.read() == b""


def test_a_failed_action_deletes_its_staged_objects(
    s3_storage: S3Place, ticket_world: TicketWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The notification step fails after the files were staged: the transaction rolls back and
    ``cleanup_on_failure`` deletes the objects it wrote — nothing stays in the bucket."""

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("notifikasi gagal")

    monkeypatch.setattr("lpse_support.tickets.services.ticket_create.notify_in_transaction", broken)
    with pytest.raises(RuntimeError, match="notifikasi gagal"):
        make_ticket(ticket_world, files=[sample_upload("layar.png", PNG_BYTES)])

    assert not Ticket.objects.exists()
    assert s3_storage.keys() == []

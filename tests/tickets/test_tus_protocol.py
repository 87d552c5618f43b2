"""``/unggah/``: the tus 1.0.0 server of files sent ahead of their form (issue 14 item 8) —
creation, resuming at the offset after an interrupted PATCH, refusals (409, 413, 415, 429, 404),
termination, and the attachment checks run on the last byte."""

from __future__ import annotations

import fcntl
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.test import Client

from lpse_support.tickets.attachments.pending import staged_name
from lpse_support.tickets.models import PendingUpload
from tests.support.ticket_world import TicketWorld
from tests.support.tus import (
    ENDPOINT,
    TUS,
    create,
    head,
    location,
    metadata,
    patch,
    pending_dir,
    send,
)
from tests.support.uploads import PDF_BYTES, PNG_BYTES

pytestmark = pytest.mark.django_db
__all__ = ["pending_dir"]
BIG_PDF = PDF_BYTES + b"%" + b"x" * 50_000 + b"\n"


@pytest.fixture
def reporter(client: Client, ticket_world: TicketWorld, pending_dir: Path) -> Client:
    client.force_login(ticket_world.reporter_a)
    return client


def test_options_announce_the_protocol_and_its_extensions(client: Client) -> None:
    response = client.options(ENDPOINT)
    assert response.status_code == 204
    assert response["Tus-Version"] == "1.0.0"
    assert response["Tus-Resumable"] == "1.0.0"
    assert set(response["Tus-Extension"].split(",")) >= {"creation", "termination"}
    assert int(response["Tus-Max-Size"]) == 500 * 1024 * 1024


def test_create_then_upload_in_two_pieces(reporter: Client, pending_dir: Path) -> None:
    key = uuid.uuid4()
    response = create(reporter, "bukti.pdf", len(BIG_PDF), key)
    url = location(response)
    assert response["Tus-Resumable"] == "1.0.0"
    upload = PendingUpload.objects.get()
    assert (upload.filename, upload.size, upload.form_key) == ("bukti.pdf", len(BIG_PDF), key)
    assert head(reporter, url)["Upload-Offset"] == "0"
    assert head(reporter, url)["Upload-Length"] == str(len(BIG_PDF))

    first = patch(reporter, url, 0, BIG_PDF[:20_000])
    assert first.status_code == 204
    assert first["Upload-Offset"] == "20000"
    upload.refresh_from_db()
    assert upload.offset == 20_000 and upload.completed_at is None
    last = patch(reporter, url, 20_000, BIG_PDF[20_000:])
    assert last.status_code == 204
    assert last["Upload-Offset"] == str(len(BIG_PDF))
    upload.refresh_from_db()
    assert upload.completed_at is not None
    # Finished: moved into the shared storage, nothing left on this node's disk.
    with default_storage.open(staged_name(upload), "rb") as stored:
        assert stored.read() == BIG_PDF
    assert list(pending_dir.iterdir()) == []
    assert head(reporter, url)["Upload-Offset"] == str(len(BIG_PDF))
    again = patch(reporter, url, len(BIG_PDF), b"x")
    assert (again.status_code, again["Upload-Offset"]) == (409, str(len(BIG_PDF)))


def test_an_interrupted_patch_keeps_what_arrived_and_resumes_at_its_offset(
    reporter: Client,
) -> None:
    """The client sent part of its body then the connection dropped: HEAD tells where to go on."""
    url = location(create(reporter, "bukti.pdf", len(BIG_PDF), uuid.uuid4()))
    # Only 12,345 bytes of the PATCH made it through before the connection dropped.
    patch(reporter, url, 0, BIG_PDF[:12_345])
    offset = int(head(reporter, url)["Upload-Offset"])
    assert offset == 12_345
    assert patch(reporter, url, offset, BIG_PDF[offset:]).status_code == 204
    assert PendingUpload.objects.get().completed_at is not None


def test_a_wrong_offset_is_409_and_changes_nothing(reporter: Client) -> None:
    url = location(create(reporter, "bukti.pdf", len(BIG_PDF), uuid.uuid4()))
    patch(reporter, url, 0, BIG_PDF[:100])
    response = patch(reporter, url, 0, BIG_PDF[:100])
    assert response.status_code == 409
    assert response["Upload-Offset"] == "100"
    assert patch(reporter, url, 200, BIG_PDF[200:300]).status_code == 409
    assert head(reporter, url)["Upload-Offset"] == "100"


def test_over_the_limit_is_413_before_a_byte_is_sent(reporter: Client, settings: Any) -> None:
    settings.FILE_UPLOAD_MAX_MB = 1
    response = create(reporter, "besar.pdf", 1024 * 1024 + 1, uuid.uuid4())
    assert response.status_code == 413
    assert "melebihi batas 1 MB" in response.json()["message"]
    assert not PendingUpload.objects.exists()


def test_more_bytes_than_announced_is_413(reporter: Client) -> None:
    url = location(create(reporter, "bukti.pdf", 10, uuid.uuid4()))
    assert patch(reporter, url, 0, BIG_PDF[:11]).status_code == 413
    assert head(reporter, url)["Upload-Offset"] == "0"


def test_a_type_not_allowed_is_415_before_a_byte_is_sent(reporter: Client) -> None:
    response = create(reporter, "skrip.exe", 100, uuid.uuid4())
    assert response.status_code == 415
    assert response.json()["code"] == "file_type_not_allowed"


def test_the_quota_counts_pending_uploads(reporter: Client, settings: Any) -> None:
    settings.UPLOAD_QUOTA_FILES = 2
    key = uuid.uuid4()
    assert create(reporter, "a.pdf", 10, key).status_code == 201
    assert create(reporter, "b.pdf", 10, key).status_code == 201
    response = create(reporter, "c.pdf", 10, key)
    assert response.status_code == 429
    assert response.json()["code"] == "upload_quota_exceeded"


def test_content_that_fails_the_checks_is_refused_on_the_last_byte(
    reporter: Client, pending_dir: Path
) -> None:
    html = b"<html><script>alert(1)</script>%PDF-</html>"
    url = location(create(reporter, "palsu.pdf", len(html), uuid.uuid4()))
    response = patch(reporter, url, 0, html)
    assert response.status_code == 415
    assert response.json() == {
        "code": "file_content_mismatch",
        "message": "Isi file palsu.pdf tidak sesuai dengan formatnya (.pdf).",
    }
    assert not PendingUpload.objects.exists()
    assert list(pending_dir.iterdir()) == []


def test_another_users_upload_is_404(
    reporter: Client, ticket_world: TicketWorld, client: Client
) -> None:
    url = location(create(reporter, "bukti.png", len(PNG_BYTES), uuid.uuid4()))
    other = Client()
    other.force_login(ticket_world.reporter_b)
    assert head(other, url).status_code == 404
    assert patch(other, url, 0, PNG_BYTES).status_code == 404
    assert other.delete(url, headers=TUS).status_code == 404
    assert PendingUpload.objects.get().offset == 0


def test_termination_removes_the_file_and_the_row(reporter: Client, pending_dir: Path) -> None:
    url = location(create(reporter, "bukti.pdf", len(BIG_PDF), uuid.uuid4()))
    patch(reporter, url, 0, BIG_PDF[:100])
    assert reporter.delete(url, headers=TUS).status_code == 204
    assert not PendingUpload.objects.exists()
    assert list(pending_dir.iterdir()) == []
    assert head(reporter, url).status_code == 404


def test_anonymous_is_refused_and_the_version_is_required(client: Client, reporter: Client) -> None:
    anonymous = Client()
    assert create(anonymous, "a.pdf", 10, uuid.uuid4()).status_code == 403
    response = reporter.post(ENDPOINT, headers={"Upload-Length": "10"})
    assert response.status_code == 412


def test_unsafe_methods_need_the_csrf_token(ticket_world: TicketWorld, pending_dir: Path) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(ticket_world.reporter_a)
    assert create(strict, "a.pdf", 10, uuid.uuid4()).status_code == 403
    strict.get("/tiket/baru/")
    token = strict.cookies["csrftoken"].value
    response = strict.post(
        ENDPOINT,
        headers={
            **TUS,
            "Upload-Length": "10",
            "Upload-Metadata": metadata("a.pdf", uuid.uuid4()),
            "X-CSRFToken": token,
        },
    )
    assert response.status_code == 201


def test_a_whole_upload_in_one_patch(reporter: Client) -> None:
    upload_id = send(reporter, "bukti.png", PNG_BYTES, uuid.uuid4())
    assert PendingUpload.objects.get(pk=upload_id).completed_at is not None


def test_a_second_patch_while_one_is_writing_is_423(reporter: Client, pending_dir: Path) -> None:
    url = location(create(reporter, "bukti.pdf", len(BIG_PDF), uuid.uuid4()))
    upload = PendingUpload.objects.get()
    with open(pending_dir / upload.path, "rb") as busy:
        fcntl.flock(busy.fileno(), fcntl.LOCK_EX)  # another request is appending
        assert patch(reporter, url, 0, BIG_PDF[:100]).status_code == 423
    assert patch(reporter, url, 0, BIG_PDF[:100]).status_code == 204


def test_the_answers_carry_the_expiry(reporter: Client) -> None:
    response = create(reporter, "bukti.pdf", len(BIG_PDF), uuid.uuid4())
    assert response["Upload-Expires"].endswith(" GMT")

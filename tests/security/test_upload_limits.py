"""Upload limits (issue 10 rows 6 and 8; issue 11 "full disk"): at most 10 files per submission,
a per-user quota (429) counted exactly across processes, and a full disk that answers 507 and
leaves nothing behind. The format checks are in ``test_uploads.py``."""

from __future__ import annotations

import errno
import os
import threading
from contextlib import suppress
from datetime import timedelta
from pathlib import Path
from typing import IO, Any, cast

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.db import connection
from django.test import Client
from django.utils import timezone

from lpse_support.tickets.attachments import (
    UploadQuotaExceeded,
    quota,
)
from lpse_support.tickets.models import Ticket, TicketAttachment
from lpse_support.tickets.services.ticket_comment import ticket_comment
from tests.support.api import bearer
from tests.support.ticket_world import TicketWorld, make_ticket
from tests.support.uploads import sample_upload

PAGE = "/tiket/baru/"
API = "/api/v1/tickets"


# --- row 6: 10 files per submission, per-user quota -----------------------------------------


def _create_data(world: TicketWorld, files: list[SimpleUploadedFile]) -> dict[str, Any]:
    return {
        "title": "Gagal unggah dokumen penawaran",
        "application": world.spse.pk,
        "version": world.spse_version.pk,
        "category": world.category.pk,
        "subcategory": world.subcategory.pk,
        "description": "Dokumen penawaran gagal diunggah sejak pukul 09.00 WIB.",
        "files": files,
    }


def _api_data(world: TicketWorld, files: list[SimpleUploadedFile]) -> dict[str, Any]:
    return {
        "title": "Gagal mengunduh dokumen pemilihan",
        "application_id": world.spse.pk,
        "version_id": world.spse_version.pk,
        "subcategory_id": world.subcategory.pk,
        "description": "Dokumen pemilihan tidak dapat diunduh sejak pagi tadi.",
        "files": files,
    }


def _texts(count: int) -> list[SimpleUploadedFile]:
    return [sample_upload(f"log{index}.txt") for index in range(count)]


def _page(world: TicketWorld) -> Client:
    client = Client()
    client.force_login(world.reporter_a)
    return client


@pytest.mark.django_db
def test_eleven_files_in_one_submission_are_refused_on_the_page(
    ticket_world: TicketWorld, media_root: Path
) -> None:
    response = _page(ticket_world).post(PAGE, _create_data(ticket_world, _texts(11)))

    assert response.status_code == 200
    assert "maksimal 10 file dalam satu pengiriman (11 dikirim)" in response.content.decode()
    assert Ticket.objects.count() == 0
    assert not [path for path in media_root.rglob("*") if path.is_file()]


@pytest.mark.django_db
def test_fifty_files_in_one_api_request_are_refused_with_413(ticket_world: TicketWorld) -> None:
    response = Client().post(
        API, _api_data(ticket_world, _texts(50)), headers=bearer(ticket_world.reporter_a)
    )

    assert response.status_code == 413, response.content
    assert response.json()["code"] == "too_many_files"
    assert response.json()["field"] == "files"
    assert Ticket.objects.count() == 0


@pytest.mark.django_db
def test_ten_files_in_one_submission_are_accepted(ticket_world: TicketWorld) -> None:
    response = _page(ticket_world).post(PAGE, _create_data(ticket_world, _texts(10)))

    assert response.status_code == 302
    assert TicketAttachment.objects.count() == 10


@pytest.mark.django_db
def test_the_upload_quota_answers_429_on_the_page_and_creates_nothing(
    ticket_world: TicketWorld, settings: Any, media_root: Path
) -> None:
    settings.UPLOAD_QUOTA_FILES = 3
    make_ticket(ticket_world, files=_texts(2))
    stored = sorted(media_root.rglob("*"))

    response = _page(ticket_world).post(PAGE, _create_data(ticket_world, _texts(2)))

    assert response.status_code == 429
    html = response.content.decode()
    assert "Batas unggahan tercapai" in html and "paling banyak 3 file" in html
    assert Ticket.objects.count() == 1
    assert sorted(media_root.rglob("*")) == stored
    # Within the quota the same user goes on.
    assert _page(ticket_world).post(PAGE, _create_data(ticket_world, _texts(1))).status_code == 302


@pytest.mark.django_db
def test_the_upload_quota_answers_429_in_the_api(ticket_world: TicketWorld, settings: Any) -> None:
    settings.UPLOAD_QUOTA_FILES = 3
    headers = bearer(ticket_world.reporter_a)
    for _ in range(3):
        created = Client().post(API, _api_data(ticket_world, _texts(1)), headers=headers)
        assert created.status_code == 201, created.content

    response = Client().post(API, _api_data(ticket_world, _texts(1)), headers=headers)

    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "upload_quota_exceeded" and body["field"] == "files"
    assert "Batas unggahan tercapai" in body["detail"]
    assert Ticket.objects.count() == 3
    # Another user is not affected; nor is filing without files.
    other = bearer(ticket_world.reporter_b)
    assert Client().post(API, _api_data(ticket_world, _texts(1)), headers=other).status_code == 201
    assert Client().post(API, _api_data(ticket_world, []), headers=headers).status_code == 201


@pytest.mark.django_db
def test_the_upload_quota_counts_megabytes_too(ticket_world: TicketWorld, settings: Any) -> None:
    settings.UPLOAD_QUOTA_MB = 1
    big = SimpleUploadedFile("penawaran.rhs", b"\x01" * (700 * 1024))
    make_ticket(ticket_world, files=[big])

    again = SimpleUploadedFile("penawaran2.rhs", b"\x02" * (700 * 1024))
    response = _page(ticket_world).post(PAGE, _create_data(ticket_world, [again]))

    assert response.status_code == 429
    assert "atau 1 MB dalam 60 menit" in response.content.decode()


@pytest.mark.django_db
def test_uploads_older_than_the_window_no_longer_count(
    ticket_world: TicketWorld, settings: Any
) -> None:
    settings.UPLOAD_QUOTA_FILES = 2
    make_ticket(ticket_world, files=_texts(2))
    TicketAttachment.objects.update(created_at=timezone.now() - timedelta(minutes=61))

    response = _page(ticket_world).post(PAGE, _create_data(ticket_world, _texts(2)))

    assert response.status_code == 302


@pytest.mark.django_db
def test_the_upload_quota_applies_to_messages_on_the_detail_page(
    ticket_world: TicketWorld, settings: Any
) -> None:
    settings.UPLOAD_QUOTA_FILES = 2
    ticket = make_ticket(ticket_world, files=_texts(2))

    response = _page(ticket_world).post(
        f"/tiket/{ticket.number}/pesan/",
        {"message": "Berikut log tambahan dari sisi penyedia.", "files": _texts(1)},
    )

    assert response.status_code == 429
    assert "Batas unggahan tercapai" in response.content.decode()
    assert TicketAttachment.objects.count() == 2


@pytest.mark.needs_file_db
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submissions_cannot_both_pass_the_quota(
    ticket_world: TicketWorld, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Messages with files on two different tickets (two different row locks) at once: both
    would count before either stores unless the count is serialised — by the uploader's row
    lock on PostgreSQL, the IMMEDIATE transaction on SQLite — and then the barrier times out."""
    tickets = [make_ticket(ticket_world), make_ticket(ticket_world)]
    settings.UPLOAD_QUOTA_FILES = 3
    barrier = threading.Barrier(2, timeout=3)
    count = quota._used

    def count_then_meet(uploader: Any) -> dict[str, Any]:
        used = count(uploader)
        with suppress(threading.BrokenBarrierError):
            barrier.wait()
        return used

    monkeypatch.setattr(quota, "_used", count_then_meet)
    outcomes: list[str] = []

    def submit(number: str) -> None:
        try:
            ticket_comment(
                ticket_number=number,
                actor=ticket_world.reporter_a,
                message="Berikut log tambahan dari sisi penyedia.",
                files=_texts(2),
            )
            outcomes.append("stored")
        except UploadQuotaExceeded:
            outcomes.append("429")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(ticket.number,)) for ticket in tickets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["429", "stored"]
    assert TicketAttachment.objects.count() == 2


# --- row 8 and issue 11: a full disk answers 507 and leaves nothing ------------------------


def _full_storage(monkeypatch: pytest.MonkeyPatch) -> None:
    """Storage that writes part of the file, then runs out of space — like a full disk."""

    def save(self: FileSystemStorage, name: str, content: Any) -> str:
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.read(10))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", save)


def _files_in(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


@pytest.mark.django_db
def test_a_full_storage_answers_507_on_the_page_and_leaves_no_file(
    ticket_world: TicketWorld, media_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _full_storage(monkeypatch)

    response = _page(ticket_world).post(PAGE, _create_data(ticket_world, _texts(2)))

    assert response.status_code == 507
    assert "Ruang penyimpanan server sedang penuh" in response.content.decode()
    assert Ticket.objects.count() == 0
    assert _files_in(media_root) == []
    monkeypatch.undo()
    assert _page(ticket_world).post(PAGE, _create_data(ticket_world, _texts(1))).status_code == 302


@pytest.mark.django_db
def test_a_full_storage_answers_507_in_the_api_and_leaves_no_file(
    ticket_world: TicketWorld, media_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _full_storage(monkeypatch)

    response = Client().post(
        API, _api_data(ticket_world, _texts(1)), headers=bearer(ticket_world.reporter_a)
    )

    assert response.status_code == 507
    assert response.json()["code"] == "storage_full"
    assert "Ruang penyimpanan server sedang penuh" in response.json()["detail"]
    assert Ticket.objects.count() == 0
    assert _files_in(media_root) == []


class _FullTempFile(TemporaryUploadedFile):
    """The upload temp file of a full disk: the first bytes land, then ENOSPC."""

    def write(self, data: bytes) -> int:  # type: ignore[override]
        handle = cast(IO[bytes], self.file)
        handle.write(data[:5])
        handle.flush()
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.fixture
def full_temp_dir(settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    temp_dir = tmp_path / "upload-tmp"
    temp_dir.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(temp_dir)
    monkeypatch.setattr("django.core.files.uploadhandler.TemporaryUploadedFile", _FullTempFile)
    return temp_dir


@pytest.mark.django_db
def test_a_full_upload_temp_dir_answers_507_on_the_page_and_closes_its_file(
    ticket_world: TicketWorld, full_temp_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    response = _page(ticket_world).post(PAGE, _create_data(ticket_world, _texts(2)))

    assert response.status_code == 507
    assert "Ruang penyimpanan server sedang penuh" in response.content.decode()
    assert Ticket.objects.count() == 0
    assert os.listdir(full_temp_dir) == []  # deleted at once, not when the GC gets to it
    monkeypatch.undo()
    assert _page(ticket_world).post(PAGE, _create_data(ticket_world, _texts(1))).status_code == 302


@pytest.mark.django_db
def test_a_full_upload_temp_dir_answers_507_in_the_api(
    ticket_world: TicketWorld, full_temp_dir: Path
) -> None:
    response = Client().post(
        API, _api_data(ticket_world, _texts(1)), headers=bearer(ticket_world.reporter_a)
    )

    assert response.status_code == 507
    assert response.json()["code"] == "storage_full"
    assert Ticket.objects.count() == 0
    assert os.listdir(full_temp_dir) == []


@pytest.mark.django_db
def test_a_full_upload_temp_dir_on_a_detail_page_action_answers_507(
    ticket_world: TicketWorld, settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ticket = make_ticket(ticket_world)
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    monkeypatch.setattr("django.core.files.uploadhandler.TemporaryUploadedFile", _FullTempFile)

    response = _page(ticket_world).post(
        f"/tiket/{ticket.number}/pesan/",
        {"message": "Berikut log tambahan dari sisi penyedia.", "files": _texts(1)},
    )

    assert response.status_code == 507
    assert "Ruang penyimpanan server sedang penuh" in response.content.decode()

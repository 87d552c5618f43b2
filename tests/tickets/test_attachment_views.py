"""Attachment downloads and the zip of all attachments (R-FILE, R-ZIP, R-AUTH-2), and the
upload handler that refuses oversized uploads while they stream in."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.core.files.uploadhandler import SkipFile, StopUpload
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.test import Client, RequestFactory
from django.urls import path, reverse
from django.views.decorators.csrf import csrf_exempt

from lpse_support.tickets.attachments import check_upload, store_attachments, upload_limit
from lpse_support.tickets.attachments.upload_limit import (
    SizeLimitUploadHandler,
    max_request_bytes,
    upload_rejection,
)
from lpse_support.tickets.attachments.zipstream import ZipMember, zip_stream
from lpse_support.tickets.models import Ticket, TicketAttachment, TicketMessage
from lpse_support.tickets.workflow import Side
from tests.support.ticket_world import TicketWorld, make_ticket
from tests.support.uploads import PDF_BYTES, PNG_BYTES, sample_upload

UPLOAD_HANDLERS = [
    "lpse_support.tickets.attachments.upload_limit.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
MB = 1024 * 1024


@pytest.fixture
def ticket(ticket_world: TicketWorld) -> Ticket:
    return make_ticket(
        ticket_world,
        files=[
            sample_upload("Bukti Layar.png"),
            sample_upload("Berita Acara Évaluasi.pdf"),
        ],
    )


def _client(user: Any | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _download_url(ticket: Ticket, sequence: int = 1) -> str:
    return reverse("tickets:attachment", args=[ticket.number, sequence])


def _zip_url(ticket: Ticket) -> str:
    return reverse("tickets:attachments_zip", args=[ticket.number])


def _body(response: Any) -> bytes:
    try:
        return b"".join(response.streaming_content)
    finally:
        response.close()


# --- access (R-AUTH-2) --------------------------------------------------------------------

ACCESS = [
    ("reporter_a", 200),
    ("reporter_b", 404),
    ("staff_lpse", 200),
    ("staff_other_lpse", 404),
    ("helpdesk_lkpp", 404),
]


@pytest.mark.parametrize(("who", "status"), ACCESS)
def test_download_access_matrix(
    ticket_world: TicketWorld, ticket: Ticket, who: str, status: int
) -> None:
    response = _client(getattr(ticket_world, who)).get(_download_url(ticket))

    assert response.status_code == status
    if status == 200:
        assert _body(response) == PNG_BYTES


@pytest.mark.parametrize(("who", "status"), ACCESS)
def test_zip_access_matrix(
    ticket_world: TicketWorld, ticket: Ticket, who: str, status: int
) -> None:
    response = _client(getattr(ticket_world, who)).get(_zip_url(ticket))

    assert response.status_code == status
    if status == 200:
        _body(response)


def test_out_of_scope_and_missing_tickets_answer_the_same_404(
    ticket_world: TicketWorld, ticket: Ticket
) -> None:
    client = _client(ticket_world.reporter_b)
    missing = "TPS9901010001"

    out_of_scope = client.get(_download_url(ticket))
    absent = client.get(reverse("tickets:attachment", args=[missing, 1]))
    out_of_scope_zip = client.get(_zip_url(ticket))
    absent_zip = client.get(reverse("tickets:attachments_zip", args=[missing]))

    assert out_of_scope.status_code == absent.status_code == 404
    assert out_of_scope_zip.status_code == absent_zip.status_code == 404
    assert out_of_scope.content == absent.content
    assert out_of_scope_zip.content == absent_zip.content


@pytest.mark.parametrize("url", ["download", "zip"])
def test_anonymous_users_are_sent_to_the_login_page(ticket: Ticket, url: str) -> None:
    target = _download_url(ticket) if url == "download" else _zip_url(ticket)

    response = Client().get(target)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "next=" in response["Location"]


@pytest.mark.parametrize("url", ["download", "zip"])
def test_only_get_is_allowed(ticket_world: TicketWorld, ticket: Ticket, url: str) -> None:
    target = _download_url(ticket) if url == "download" else _zip_url(ticket)
    client = _client(ticket_world.reporter_a)

    assert client.post(target).status_code == 405
    assert client.delete(target).status_code == 405


def test_unknown_sequence_is_404(ticket_world: TicketWorld, ticket: Ticket) -> None:
    response = _client(ticket_world.reporter_a).get(_download_url(ticket, 3))

    assert response.status_code == 404


def test_a_file_missing_from_storage_is_404(ticket_world: TicketWorld, ticket: Ticket) -> None:
    attachment = TicketAttachment.objects.get(ticket=ticket, sequence=1)
    attachment.file.storage.delete(attachment.file.name)

    response = _client(ticket_world.reporter_a).get(_download_url(ticket))

    assert response.status_code == 404


# --- one file -----------------------------------------------------------------------------


def test_download_headers(ticket_world: TicketWorld, ticket: Ticket) -> None:
    response = _client(ticket_world.staff_lpse).get(_download_url(ticket, 1))

    assert response.streaming is True
    assert response["Content-Disposition"] == 'attachment; filename="Bukti Layar.png"'
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Length"] == str(len(PNG_BYTES))
    assert _body(response) == PNG_BYTES


def test_download_of_a_non_ascii_name_uses_rfc_5987(
    ticket_world: TicketWorld, ticket: Ticket
) -> None:
    response = _client(ticket_world.reporter_a).get(_download_url(ticket, 2))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Berita%20Acara%20%C3%89valuasi.pdf"
    )
    assert _body(response) == PDF_BYTES


# --- internal notes are never shown to the reporter ---------------------------------------


@pytest.fixture
def internal_attachment(ticket_world: TicketWorld, ticket: Ticket) -> TicketAttachment:
    with transaction.atomic():
        note = TicketMessage.objects.create(
            ticket=ticket,
            author=ticket_world.staff_lpse,
            side=Side.LPSE,
            body="Catatan internal untuk tim.",
            is_internal=True,
        )
        [attachment] = store_attachments(
            ticket=ticket,
            message=note,
            uploader=ticket_world.staff_lpse,
            side=Side.LPSE,
            uploads=[check_upload(sample_upload("log server.txt"))],
        )
    return attachment


def test_the_reporter_cannot_open_an_internal_note_attachment(
    ticket_world: TicketWorld, ticket: Ticket, internal_attachment: TicketAttachment
) -> None:
    reporter = _client(ticket_world.reporter_a).get(_download_url(ticket, 3))
    staff = _client(ticket_world.staff_lpse).get(_download_url(ticket, 3))

    assert internal_attachment.sequence == 3
    assert reporter.status_code == 404
    assert staff.status_code == 200
    assert staff["Content-Type"] == "text/plain"
    _body(staff)


def test_the_reporter_zip_leaves_internal_note_attachments_out(
    ticket_world: TicketWorld, ticket: Ticket, internal_attachment: TicketAttachment
) -> None:
    reporter = _client(ticket_world.reporter_a).get(_zip_url(ticket))
    staff = _client(ticket_world.staff_lpse).get(_zip_url(ticket))

    with zipfile.ZipFile(io.BytesIO(_body(reporter))) as archive:
        assert internal_attachment.stored_name not in archive.namelist()
        assert len(archive.namelist()) == 2
    with zipfile.ZipFile(io.BytesIO(_body(staff))) as archive:
        assert internal_attachment.stored_name in archive.namelist()
        assert len(archive.namelist()) == 3


# --- the zip ------------------------------------------------------------------------------


def test_zip_holds_every_file_under_its_stored_name(
    ticket_world: TicketWorld, ticket: Ticket
) -> None:
    response = _client(ticket_world.reporter_a).get(_zip_url(ticket))

    assert response.status_code == 200
    assert response.streaming is True
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{ticket.number}_lampiran.zip"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert not response.has_header("Content-Length")
    with zipfile.ZipFile(io.BytesIO(_body(response))) as archive:
        assert archive.testzip() is None
        assert archive.namelist() == [
            f"pelapor_{ticket.number}_001.png",
            f"pelapor_{ticket.number}_002.pdf",
        ]
        assert archive.read(f"pelapor_{ticket.number}_001.png") == PNG_BYTES
        assert archive.read(f"pelapor_{ticket.number}_002.pdf") == PDF_BYTES
        assert all(info.compress_type == zipfile.ZIP_STORED for info in archive.infolist())


def test_zip_of_a_ticket_without_attachments_is_404(ticket_world: TicketWorld) -> None:
    bare = make_ticket(ticket_world)

    response = _client(ticket_world.reporter_a).get(_zip_url(bare))

    assert response.status_code == 404


def test_zip_stream_yields_small_pieces_for_large_files() -> None:
    big = bytes(range(256)) * (12 * 1024)  # 3 MiB
    members = [
        ZipMember(name=f"berkas_{index}.rhs", open=lambda: io.BytesIO(big), modified=datetime.now())
        for index in range(3)
    ]

    pieces = list(zip_stream(members, chunk_size=256 * 1024))

    assert max(len(piece) for piece in pieces) < 256 * 1024 + 1024
    assert len(pieces) > 3 * 12
    with zipfile.ZipFile(io.BytesIO(b"".join(pieces))) as archive:
        assert archive.testzip() is None
        assert [archive.read(name) == big for name in archive.namelist()] == [True] * 3


def test_zip_stream_handles_old_timestamps() -> None:
    member = ZipMember(
        name="lama.txt", open=lambda: io.BytesIO(b"x"), modified=datetime(1970, 1, 1)
    )

    data = b"".join(zip_stream([member]))

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.getinfo("lama.txt").date_time == (1980, 1, 1, 0, 0, 0)


# --- the upload handler -------------------------------------------------------------------


def _handler(settings: Any, max_mb: int = 1) -> tuple[SizeLimitUploadHandler, HttpRequest]:
    settings.FILE_UPLOAD_MAX_MB = max_mb
    request = RequestFactory().post("/probe/")
    return SizeLimitUploadHandler(request), request


def test_handler_request_limit_is_ten_files_plus_one_megabyte(settings: Any) -> None:
    settings.FILE_UPLOAD_MAX_MB = 500

    assert max_request_bytes() == (500 * 10 + 1) * MB


def test_handler_refuses_an_oversized_request_before_reading_any_file(settings: Any) -> None:
    handler, request = _handler(settings)

    handler.handle_raw_input(io.BytesIO(), {}, max_request_bytes() + 1, "boundary", "utf-8")

    assert upload_rejection(request) == (
        "Unggahan melebihi batas: maksimal 10 file, masing-masing 1 MB, dalam satu pengiriman."
    )
    with pytest.raises(StopUpload) as caught:
        handler.new_file("files", "a.rhs", "application/octet-stream", None)
    assert caught.value.connection_reset is True


def test_handler_lets_a_request_at_the_limit_through(settings: Any) -> None:
    handler, request = _handler(settings)

    handler.handle_raw_input(io.BytesIO(), {}, max_request_bytes(), "boundary", "utf-8")
    handler.new_file("files", "a.rhs", "application/octet-stream", None)

    assert handler.receive_data_chunk(b"x" * MB, 0) == b"x" * MB
    assert handler.file_complete(MB) is None
    assert upload_rejection(request) is None


def test_handler_skips_a_file_that_grows_past_the_limit(settings: Any) -> None:
    handler, request = _handler(settings)
    handler.handle_raw_input(io.BytesIO(), {}, 3 * MB, "boundary", "utf-8")
    handler.new_file("files", "../penawaran besar.rhs", "application/octet-stream", None)

    assert handler.receive_data_chunk(b"x" * (MB // 2), 0) is not None
    assert handler.receive_data_chunk(b"x" * (MB // 2), MB // 2) is not None
    with pytest.raises(SkipFile):
        handler.receive_data_chunk(b"x", MB)

    assert upload_rejection(request) == "File penawaran besar.rhs melebihi batas 1 MB."


@csrf_exempt
def upload_probe(request: HttpRequest) -> HttpResponse:
    rejection = upload_rejection(request)
    files = request.FILES.getlist("files")
    return JsonResponse(
        {
            "rejection": rejection,
            "files": [upload.name for upload in files],
            "on_disk": [isinstance(upload, TemporaryUploadedFile) for upload in files],
            "fields": {key: request.POST.get(key) for key in request.POST},
        },
        status=413 if rejection else 200,
    )


urlpatterns = [path("probe/", upload_probe)]


@pytest.fixture
def limited_uploads(settings: Any) -> Iterator[None]:
    settings.FILE_UPLOAD_HANDLERS = UPLOAD_HANDLERS
    settings.FILE_UPLOAD_MAX_MB = 1
    yield


@pytest.mark.urls(__name__)
def test_uploads_within_the_limit_stream_to_disk(limited_uploads: None) -> None:
    response = Client().post(
        "/probe/",
        {
            "title": "Gagal unggah",
            "files": [sample_upload("a.png"), SimpleUploadedFile("b.rhs", b"\x02" * MB)],
        },
    )

    assert response.status_code == 200
    assert response.json() == {
        "rejection": None,
        "files": ["a.png", "b.rhs"],
        "on_disk": [True, True],
        "fields": {"title": "Gagal unggah"},
    }


@pytest.mark.urls(__name__)
def test_an_oversized_file_is_dropped_and_the_rest_of_the_form_arrives(
    limited_uploads: None,
) -> None:
    response = Client().post(
        "/probe/",
        {
            "title": "Gagal unggah",
            "files": [
                sample_upload("a.png"),
                SimpleUploadedFile("besar.rhs", b"\x02" * (MB + 1)),
                sample_upload("c.pdf"),
            ],
            "description": "Dikirim setelah file.",
        },
    )

    assert response.status_code == 413
    assert response.json() == {
        "rejection": "File besar.rhs melebihi batas 1 MB.",
        "files": ["a.png", "c.pdf"],
        "on_disk": [True, True],
        "fields": {"title": "Gagal unggah", "description": "Dikirim setelah file."},
    }


@pytest.mark.urls(__name__)
def test_an_oversized_request_stops_at_its_first_file(
    limited_uploads: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(upload_limit, "MAX_FILES_PER_REQUEST", 1)  # limit: 1 MB + 1 MB
    part = b"\x02" * (MB - 100)

    response = Client().post(
        "/probe/",
        {
            "csrfmiddlewaretoken": "sebelum-file",
            "files": [SimpleUploadedFile(name, part) for name in ("a.rhs", "b.rhs", "c.rhs")],
            "description": "setelah file",
        },
    )

    assert response.status_code == 413
    body = response.json()
    assert body["rejection"].startswith("Unggahan melebihi batas: maksimal 1 file")
    assert body["files"] == []
    # Fields before the first file (the CSRF token) still parse; the rest is never read.
    assert body["fields"] == {"csrfmiddlewaretoken": "sebelum-file"}

"""Files sent ahead of their form (issue 14 item 8): a validation error keeps them listed, the
accepted form attaches them through its service (same checks, same storage path), once."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client

from lpse_support.tickets.attachments.pending import staged_name
from lpse_support.tickets.models import PendingUpload, Ticket, TicketAttachment, TicketMessage
from tests.support.ticket_world import TicketWorld
from tests.support.tus import create, location, patch, pending_dir, send
from tests.support.uploads import PDF_BYTES, PNG_BYTES, sample_upload
from tests.tickets.actions.helpers import _post, _taken, _url
from tests.tickets.test_create_view import URL, error_for, valid_data

pytestmark = pytest.mark.django_db
__all__ = ["pending_dir"]


@pytest.fixture
def reporter(client: Client, ticket_world: TicketWorld, pending_dir: Path) -> Client:
    client.force_login(ticket_world.reporter_a)
    return client


def test_a_validation_error_keeps_the_sent_files_then_they_are_attached(
    reporter: Client,
    ticket_world: TicketWorld,
    pending_dir: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    key = uuid.uuid4()
    png = send(reporter, "layar.png", PNG_BYTES, key)
    pdf = send(reporter, "bukti.pdf", PDF_BYTES, key)
    data = valid_data(ticket_world, idempotency_key=str(key), description="pendek")
    data["pending_uploads"] = [png, pdf]
    html = reporter.post(URL, data).content.decode()
    assert Ticket.objects.count() == 0
    assert "Pilih ulang file" not in html
    for upload_id in (png, pdf):
        assert f'name="pending_uploads" value="{upload_id}"' in html
    assert "layar.png" in html and "bukti.pdf" in html

    data["description"] = "Dokumen penawaran gagal diunggah sejak pukul 09.00 WIB."
    with django_capture_on_commit_callbacks(execute=True):
        response = reporter.post(URL, data)
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    rows = list(TicketAttachment.objects.filter(ticket=ticket).order_by("sequence"))
    assert [row.original_name for row in rows] == ["layar.png", "bukti.pdf"]
    assert [row.file.name for row in rows] == [
        f"tickets/{ticket.number}/pelapor_{ticket.number}_001.png",
        f"tickets/{ticket.number}/pelapor_{ticket.number}_002.pdf",
    ]
    assert rows[1].file.open("rb").read() == PDF_BYTES
    assert all(row.used_at for row in PendingUpload.objects.all())
    assert list(pending_dir.iterdir()) == []


def test_a_pending_upload_is_used_once(
    reporter: Client, ticket_world: TicketWorld, django_capture_on_commit_callbacks: Any
) -> None:
    key = uuid.uuid4()
    png = send(reporter, "layar.png", PNG_BYTES, key)
    data = valid_data(ticket_world, idempotency_key=str(key), pending_uploads=[png])
    with django_capture_on_commit_callbacks(execute=True):
        assert reporter.post(URL, data).status_code == 302
    # The same form again (a double submit): one ticket, one attachment.
    reporter.post(URL, data)
    assert Ticket.objects.count() == 1
    assert TicketAttachment.objects.count() == 1
    # Another form naming it: not this form's upload.
    other = valid_data(ticket_world, pending_uploads=[png])
    html = reporter.post(URL, other).content.decode()
    assert error_for(html, "files") == [
        f"File {png[:8]} belum selesai diunggah atau sudah tidak tersedia. Hapus lalu unggah lagi."
    ]
    assert Ticket.objects.count() == 1


def test_the_claim_refuses_an_upload_already_attached(
    reporter: Client, ticket_world: TicketWorld
) -> None:
    """Two submissions racing for one upload: the second claim fails and rolls back."""
    from lpse_support.tickets.attachments.errors import PendingUploadUsed
    from lpse_support.tickets.attachments.pending import claim, open_staged

    key = uuid.uuid4()
    row = PendingUpload.objects.get(pk=send(reporter, "layar.png", PNG_BYTES, key))
    opened = open_staged(row)
    claim(opened)
    with pytest.raises(PendingUploadUsed):
        claim(opened)
    opened.close()


def test_another_users_upload_cannot_be_attached(
    reporter: Client, ticket_world: TicketWorld
) -> None:
    key = uuid.uuid4()
    png = send(reporter, "layar.png", PNG_BYTES, key)
    other = Client()
    other.force_login(ticket_world.reporter_b)
    data = valid_data(ticket_world, idempotency_key=str(key), pending_uploads=[png])
    html = other.post(URL, data).content.decode()
    assert "belum selesai diunggah atau sudah tidak tersedia" in error_for(html, "files")[0]
    assert Ticket.objects.count() == 0
    assert PendingUpload.objects.get().used_at is None


def test_an_unfinished_upload_is_refused(reporter: Client, ticket_world: TicketWorld) -> None:
    key = uuid.uuid4()
    url = location(create(reporter, "bukti.pdf", len(PDF_BYTES), key))
    patch(reporter, url, 0, PDF_BYTES[:10])
    upload_id = url.rstrip("/").rsplit("/", 1)[-1]
    data = valid_data(ticket_world, idempotency_key=str(key), pending_uploads=[upload_id])
    html = reporter.post(URL, data).content.decode()
    assert error_for(html, "files") == [
        "File bukti.pdf belum selesai diunggah atau sudah tidak tersedia. Hapus lalu unggah lagi."
    ]
    assert Ticket.objects.count() == 0


def test_the_service_checks_a_pending_file_again(
    reporter: Client, ticket_world: TicketWorld, pending_dir: Path
) -> None:
    """The stored bytes changed after the upload was checked: the service's own check refuses."""
    key = uuid.uuid4()
    png = send(reporter, "layar.png", PNG_BYTES, key)
    row = PendingUpload.objects.get(pk=png)
    default_storage.delete(staged_name(row))
    default_storage.save(staged_name(row), ContentFile(b"<html>" + bytes(len(PNG_BYTES) - 6)))
    data = valid_data(ticket_world, idempotency_key=str(key), pending_uploads=[png])
    html = reporter.post(URL, data).content.decode()
    assert error_for(html, "files") == ["Isi file layar.png tidak sesuai dengan formatnya (.png)."]
    assert Ticket.objects.count() == 0
    row.refresh_from_db()
    assert row.used_at is None


def test_the_quota_still_counts_pending_files_when_they_are_stored(
    reporter: Client, ticket_world: TicketWorld, settings: Any
) -> None:
    key = uuid.uuid4()
    png = send(reporter, "layar.png", PNG_BYTES, key)
    settings.UPLOAD_QUOTA_FILES = 1
    data = valid_data(
        ticket_world,
        idempotency_key=str(key),
        pending_uploads=[png],
        files=[sample_upload("bukti.pdf", PDF_BYTES)],
    )
    response = reporter.post(URL, data)
    assert response.status_code == 429
    assert Ticket.objects.count() == 0
    assert PendingUpload.objects.get().used_at is None


def test_an_action_form_attaches_pending_files_and_keeps_them_after_an_error(
    client: Client, ticket_world: TicketWorld, pending_dir: Path
) -> None:
    world = ticket_world
    ticket = _taken(world)
    client.force_login(world.reporter_a)
    key = uuid.uuid4()
    png = send(client, "layar.png", PNG_BYTES, key)
    short = _post(
        client,
        world.reporter_a,
        "comment",
        ticket,
        message="",
        idempotency_key=str(key),
        pending_uploads=[png],
    )
    assert short.status_code == 422
    assert f'name="pending_uploads" value="{png}"' in short.content.decode()
    response = _post(
        client,
        world.reporter_a,
        "comment",
        ticket,
        message="Ini tangkapan layarnya.",
        idempotency_key=str(key),
        pending_uploads=[png],
    )
    assert response.status_code == 302, response.content.decode()[:500]
    message = TicketMessage.objects.get(ticket=ticket, body="Ini tangkapan layarnya.")
    assert [row.original_name for row in message.attachments.all()] == ["layar.png"]
    assert client.get(_url("detail", ticket)).status_code == 200

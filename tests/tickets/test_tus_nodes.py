"""tus uploads behind several app nodes (issue 15, docs/attachments.md "Beberapa node"): a finished
upload waits in the shared storage, so the form that attaches it may reach another node — on
the local file system and on a real S3 server (SeaweedFS). An unfinished upload lives on its
node's disk only: another node answers 404, which makes tus-js-client start a new upload."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.utils import timezone

from lpse_support.tickets.attachments.pending import STAGED_DIR, staged_name
from lpse_support.tickets.attachments.sweep import sweep_uploads
from lpse_support.tickets.models import PendingUpload, Ticket, TicketAttachment
from tests.support.ticket_world import TicketWorld
from tests.support.tus import ENDPOINT, TUS, create, head, location, patch, send
from tests.support.uploads import PDF_BYTES, PNG_BYTES
from tests.tickets.test_create_view import URL, valid_data

pytestmark = pytest.mark.django_db
MB = 1024 * 1024
# Past boto3's 8 MB multipart threshold: stored in parts, copied server side in parts.
BIG_PDF = PDF_BYTES + b"%" + b"x" * (9 * MB) + b"\n"


@pytest.fixture(params=["filesystem", "s3"])
def storage_kind(request: pytest.FixtureRequest) -> str:
    if request.param == "s3":
        request.getfixturevalue("s3_storage")
    return str(request.param)


class Node:
    """One app node: its own local directory for the bytes of unfinished uploads."""

    def __init__(self, settings: Any, folder: Path) -> None:
        self.settings = settings
        self.folder = folder

    def serve(self) -> None:
        self.settings.PENDING_UPLOAD_DIR = str(self.folder)

    def files(self) -> list[Path]:
        return list(self.folder.iterdir()) if self.folder.exists() else []


@pytest.fixture
def nodes(settings: Any, tmp_path: Path) -> tuple[Node, Node]:
    return Node(settings, tmp_path / "node1"), Node(settings, tmp_path / "node2")


def _stored_keys() -> list[str]:
    try:
        return sorted(default_storage.listdir(STAGED_DIR)[1])
    except FileNotFoundError:
        return []


def test_the_form_posted_to_another_node_attaches_the_upload_from_the_storage(
    storage_kind: str,
    nodes: tuple[Node, Node],
    client: Client,
    ticket_world: TicketWorld,
    django_capture_on_commit_callbacks: Any,
) -> None:
    first, second = nodes
    client.force_login(ticket_world.reporter_a)
    key = uuid.uuid4()
    first.serve()
    url = location(create(client, "bukti.pdf", len(BIG_PDF), key))
    assert patch(client, url, 0, BIG_PDF[: 5 * MB]).status_code == 204
    done = patch(client, url, 5 * MB, BIG_PDF[5 * MB :])
    assert done.status_code == 204, done.content
    png = send(client, "layar.png", PNG_BYTES, key)
    pdf = url.rstrip("/").rsplit("/", 1)[-1]
    # The last byte moved each file into the shared storage; the node keeps nothing.
    assert first.files() == []
    assert _stored_keys() == sorted(uuid.UUID(pk).hex for pk in (pdf, png))

    second.serve()  # the form reaches the other node, whose directory is empty
    assert head(client, url)["Upload-Offset"] == str(len(BIG_PDF))
    data = valid_data(ticket_world, idempotency_key=str(key), pending_uploads=[pdf, png])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    ticket = Ticket.objects.get()
    rows = list(TicketAttachment.objects.filter(ticket=ticket).order_by("sequence"))
    n = ticket.number
    assert [row.file.name for row in rows] == [
        f"tickets/{n}/pelapor_{n}_001.pdf",
        f"tickets/{n}/pelapor_{n}_002.png",
    ]
    with rows[0].file.open("rb") as stored:
        assert stored.read() == BIG_PDF
    assert rows[0].size == len(BIG_PDF)
    assert _stored_keys() == []  # claimed: the staged copies are deleted after the commit
    assert all(row.used_at for row in PendingUpload.objects.all())
    assert second.files() == []


def test_an_unfinished_upload_is_unknown_on_another_node(
    storage_kind: str, nodes: tuple[Node, Node], client: Client, ticket_world: TicketWorld
) -> None:
    first, second = nodes
    client.force_login(ticket_world.reporter_a)
    first.serve()
    url = location(create(client, "bukti.pdf", len(PDF_BYTES), uuid.uuid4()))
    assert patch(client, url, 0, PDF_BYTES[:10]).status_code == 204

    second.serve()  # its node died; the proxy rehashed the URL to the other one
    assert head(client, url).status_code == 404  # tus-js-client then creates a new upload
    assert patch(client, url, 10, PDF_BYTES[10:]).status_code == 404
    assert client.head(f"{ENDPOINT}{uuid.uuid4()}/", headers=TUS).status_code == 404
    assert _stored_keys() == []

    first.serve()  # the node is back: the upload resumes where it stopped
    assert head(client, url)["Upload-Offset"] == "10"
    assert patch(client, url, 10, PDF_BYTES[10:]).status_code == 204


def test_a_finished_upload_cancelled_on_another_node_leaves_nothing(
    storage_kind: str, nodes: tuple[Node, Node], client: Client, ticket_world: TicketWorld
) -> None:
    first, second = nodes
    client.force_login(ticket_world.reporter_a)
    first.serve()
    url = location(create(client, "layar.png", len(PNG_BYTES), uuid.uuid4()))
    assert patch(client, url, 0, PNG_BYTES).status_code == 204
    second.serve()
    assert client.delete(url, headers=TUS).status_code == 204
    assert _stored_keys() == []
    assert not PendingUpload.objects.exists()


def test_a_refused_file_never_reaches_the_storage(
    storage_kind: str, nodes: tuple[Node, Node], client: Client, ticket_world: TicketWorld
) -> None:
    first, _ = nodes
    client.force_login(ticket_world.reporter_a)
    first.serve()
    fake = b"<html>" + bytes(len(PNG_BYTES) - 6)
    url = location(create(client, "layar.png", len(fake), uuid.uuid4()))
    refused = patch(client, url, 0, fake)
    assert (refused.status_code, refused.json()["code"]) == (415, "file_content_mismatch")
    assert _stored_keys() == []
    assert first.files() == []


def test_the_sweep_removes_unused_staged_objects_after_the_expiry(
    storage_kind: str, nodes: tuple[Node, Node], client: Client, ticket_world: TicketWorld
) -> None:
    first, _ = nodes
    client.force_login(ticket_world.reporter_a)
    first.serve()
    kept = send(client, "layar.png", PNG_BYTES, uuid.uuid4())
    # An object whose row never committed (a node killed between the two).
    stray = default_storage.save(f"{STAGED_DIR}/{uuid.uuid4().hex}", ContentFile(PDF_BYTES))
    row = PendingUpload.objects.get(pk=kept)
    assert sorted(_stored_keys()) == sorted([row.pk.hex, stray.rsplit("/", 1)[-1]])

    early = sweep_uploads(older_than=timedelta(hours=6), now=timezone.now() + timedelta(hours=23))
    assert early.sent_ahead_removed == 0
    assert len(_stored_keys()) == 2

    later = timezone.now() + timedelta(hours=24, minutes=5)
    report = sweep_uploads(older_than=timedelta(hours=6), now=later)
    assert report.sent_ahead_removed == 2  # the row with its object, the stray object
    assert _stored_keys() == []
    assert not PendingUpload.objects.exists()
    assert not default_storage.exists(staged_name(row))

"""Pratinjau Lampiran (issue 14 item 7): the preview endpoint answers PNG, JPEG and PDF inline —
re-checked by their bytes, sandboxed, ``nosniff`` — through the same scoping as the download;
everything else is 404 there and stays a download."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from lpse_support.tickets.attachments.preview import preview_kind
from lpse_support.tickets.models import Ticket, TicketAttachment
from tests.support.ticket_world import TicketWorld, make_ticket
from tests.support.uploads import JPEG_BYTES, PDF_BYTES, PNG_BYTES, sample_upload

# sequence → (original name, inline content type or None when refused for preview)
FILES = {
    1: ("Bukti Layar.png", "image/png"),
    2: ("foto.jpg", "image/jpeg"),
    3: ("Berita Acara Évaluasi.pdf", "application/pdf"),
    4: ("log.txt", None),
    5: ("penawaran.docx", None),
    6: ("arsip.zip", None),
    7: ("dokumen.rhs", None),
}
BODIES = {1: PNG_BYTES, 2: JPEG_BYTES, 3: PDF_BYTES}


@pytest.fixture
def ticket(ticket_world: TicketWorld) -> Ticket:
    return make_ticket(ticket_world, files=[sample_upload(name) for name, _ in FILES.values()])


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(ticket: Ticket, sequence: int) -> str:
    return reverse("tickets:attachment_preview", args=[ticket.number, sequence])


def _body(response: Any) -> bytes:
    try:
        return b"".join(response.streaming_content)
    finally:
        response.close()


def _stored(ticket: Ticket, sequence: int) -> TicketAttachment:
    return TicketAttachment.objects.get(ticket=ticket, sequence=sequence)


@pytest.mark.parametrize("sequence", [1, 2, 3])
def test_images_and_pdfs_are_answered_inline_with_exact_headers(
    ticket_world: TicketWorld, ticket: Ticket, sequence: int
) -> None:
    _name, content_type = FILES[sequence]

    response = _client(ticket_world.reporter_a).get(_url(ticket, sequence))

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("inline; filename")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Length"] == str(len(BODIES[sequence]))
    assert _body(response) == BODIES[sequence]


def test_the_inline_filename_is_quoted_or_rfc_5987(
    ticket_world: TicketWorld, ticket: Ticket
) -> None:
    client = _client(ticket_world.reporter_a)
    png = client.get(_url(ticket, 1))
    pdf = client.get(_url(ticket, 3))

    assert png["Content-Disposition"] == 'inline; filename="Bukti Layar.png"'
    assert pdf["Content-Disposition"] == (
        "inline; filename*=utf-8''Berita%20Acara%20%C3%89valuasi.pdf"
    )
    _body(png)
    _body(pdf)


@pytest.mark.parametrize("sequence", [4, 5, 6, 7])
def test_other_types_are_refused_for_preview_but_still_download(
    ticket_world: TicketWorld, ticket: Ticket, sequence: int
) -> None:
    client = _client(ticket_world.reporter_a)

    preview = client.get(_url(ticket, sequence))
    download = client.get(reverse("tickets:attachment", args=[ticket.number, sequence]))

    assert preview.status_code == 404
    assert "Content-Disposition" not in preview
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    _body(download)


def test_a_png_named_file_with_html_content_is_refused_for_preview(
    ticket_world: TicketWorld, ticket: Ticket
) -> None:
    attachment = _stored(ticket, 1)
    Path(attachment.file.path).write_bytes(b"<html><script>alert(document.cookie)</script></html>")

    response = _client(ticket_world.reporter_a).get(_url(ticket, 1))

    assert response.status_code == 404
    assert "Content-Disposition" not in response
    assert b"<script>" not in response.content


@pytest.mark.parametrize(
    ("sequence", "content"),
    [
        (1, JPEG_BYTES),  # a JPEG named .png: the bytes must be the named format
        (1, PNG_BYTES + b"<html></html>"),  # a picture with a page behind it
        (2, b"\xff\xd8\xff<svg xmlns='http://www.w3.org/2000/svg'/>"),  # magic, then SVG
        (3, b"<html>%PDF-1.4</html>"),  # %PDF- not at byte 0
    ],
    ids=["jpeg-named-png", "png-then-html", "jpeg-magic-then-svg", "pdf-header-late"],
)
def test_bytes_that_are_not_the_named_format_are_refused_for_preview(
    ticket_world: TicketWorld, ticket: Ticket, sequence: int, content: bytes
) -> None:
    Path(_stored(ticket, sequence).file.path).write_bytes(content)

    response = _client(ticket_world.reporter_a).get(_url(ticket, sequence))

    assert response.status_code == 404


def test_a_row_whose_type_is_not_an_image_or_pdf_is_refused_even_with_png_bytes(
    ticket_world: TicketWorld, ticket: Ticket
) -> None:
    TicketAttachment.objects.filter(pk=_stored(ticket, 1).pk).update(content_type="image/svg+xml")

    response = _client(ticket_world.reporter_a).get(_url(ticket, 1))

    assert response.status_code == 404
    assert preview_kind(_stored(ticket, 1)) is None


ACCESS = [
    ("reporter_a", 200),
    ("reporter_b", 404),
    ("staff_lpse", 200),
    ("staff_other_lpse", 404),
    ("helpdesk_lkpp", 404),
]


@pytest.mark.parametrize(("who", "status"), ACCESS)
def test_preview_follows_the_download_scope(
    ticket_world: TicketWorld, ticket: Ticket, who: str, status: int
) -> None:
    client = _client(getattr(ticket_world, who))

    preview = client.get(_url(ticket, 1))
    download = client.get(reverse("tickets:attachment", args=[ticket.number, 1]))

    assert preview.status_code == download.status_code == status
    if status == 200:
        assert _body(preview) == _body(download) == PNG_BYTES


def test_out_of_scope_is_the_same_404_as_a_missing_ticket(
    ticket_world: TicketWorld, ticket: Ticket
) -> None:
    client = _client(ticket_world.reporter_b)

    out_of_scope = client.get(_url(ticket, 1))
    absent = client.get(reverse("tickets:attachment_preview", args=["TPS9901010001", 1]))

    assert out_of_scope.status_code == absent.status_code == 404
    assert out_of_scope.content == absent.content


def test_anonymous_users_are_sent_to_the_login_page(ticket: Ticket) -> None:
    response = Client().get(_url(ticket, 1))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_only_get_and_head_are_allowed(ticket_world: TicketWorld, ticket: Ticket) -> None:
    client = _client(ticket_world.reporter_a)

    head = client.head(_url(ticket, 1))

    assert head.status_code == 200
    assert head["Content-Security-Policy"] == "sandbox"
    assert head["Content-Type"] == "image/png"
    assert client.post(_url(ticket, 1)).status_code == 405


def test_a_file_missing_from_storage_is_404(ticket_world: TicketWorld, ticket: Ticket) -> None:
    attachment = _stored(ticket, 3)
    attachment.file.storage.delete(attachment.file.name)

    assert _client(ticket_world.reporter_a).get(_url(ticket, 3)).status_code == 404


def test_the_detail_page_offers_pratinjau_only_for_previewable_files(
    ticket_world: TicketWorld, ticket: Ticket
) -> None:
    page = _client(ticket_world.reporter_a).get(reverse("tickets:detail", args=[ticket.number]))
    html = page.content.decode()

    for sequence, (_name, content_type) in FILES.items():
        offered = f'data-preview-url="{_url(ticket, sequence)}"' in html
        assert offered is (content_type is not None), sequence
    assert 'id="attachment-preview"' in html
    assert "vendor/pdfjs/pdf.min.mjs" in html
    assert "vendor/pdfjs/pdf.worker.min.mjs" in html


def test_the_viewer_speaks_english_after_the_language_switch(
    ticket_world: TicketWorld, ticket: Ticket
) -> None:
    client = _client(ticket_world.reporter_a)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    html = client.get(reverse("tickets:detail", args=[ticket.number])).content.decode()

    assert 'aria-label="Preview Bukti Layar.png"' in html
    assert "Attachment preview" in html
    assert "Page {page} of {pages}" in html
    assert " Download</a>" in html

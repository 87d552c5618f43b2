"""Export PDF and print page are one document (issue 12, item 8): the print template converted by
xhtml2pdf, which fetches nothing but static files, and user text drawn by ``PlainText`` through
``<pdf:plaintext>``. Page compression is off so the text can be found in the bytes."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from lpse_support.tickets import pdf, pdf_text
from lpse_support.tickets.models import TicketMessage
from lpse_support.tickets.selectors.detail import ticket_detail
from lpse_support.tickets.workflow import Side
from tests.support.ticket_world import TicketWorld, make_ticket

pytestmark = pytest.mark.django_db

SECTIONS = (
    "Data Tiket",
    "Prioritas",
    "SLA",
    "Deskripsi Tiket",
    "File Upload",
    "Diskusi",
    "Riwayat Tiket",
)


@pytest.fixture(autouse=True)
def _readable_pdf(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(pdf, "PAGE_COMPRESSION", False)
    monkeypatch.setattr(pdf, "INVARIANT", True)
    yield


class _Counter(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def watched_server() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server that records every request made to it."""
    hits: list[str] = []
    handler = type("Handler", (_Counter,), {"hits": hits})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()


def test_print_page_and_pdf_show_the_same_sections(
    client: Client, ticket_world: TicketWorld
) -> None:
    ticket = make_ticket(ticket_world)
    client.force_login(ticket_world.reporter_a)
    page = client.get(reverse("tickets:print", args=[ticket.number])).content.decode()
    document = client.get(reverse("tickets:pdf", args=[ticket.number])).content
    for heading in SECTIONS:
        assert heading in page, heading
        assert heading.encode() in document, heading
    # Only the print page has the buttons; only the PDF has the page footer.
    assert "data-print-page" in page and b"Cetak" not in document
    assert "Halaman" not in page and b"Halaman 1" in document


def test_user_text_is_drawn_by_plaintext(
    monkeypatch: pytest.MonkeyPatch, ticket_world: TicketWorld
) -> None:
    drawn: list[str] = []
    original = pdf_text.PlainText.__init__

    def spy(self: pdf_text.PlainText, text: str, style: Any) -> None:
        drawn.append(text)
        original(self, text, style)

    monkeypatch.setattr(pdf_text.PlainText, "__init__", spy)
    ticket = make_ticket(ticket_world, description="Deskripsi <b>tebal</b>\nbaris dua")
    TicketMessage.objects.create(
        ticket=ticket, author=ticket_world.staff_lpse, side=Side.LPSE, body="a & b\n<i>c</i>"
    )
    content = pdf.render_ticket_pdf(ticket_detail(ticket_world.staff_lpse, ticket.number))
    assert "Deskripsi <b>tebal</b>\nbaris dua" in drawn
    assert "a & b\n<i>c</i>" in drawn
    assert b"(Deskripsi <b>tebal</b>)" in content and b"(<i>c</i>)" in content


def test_markup_and_urls_in_user_text_load_nothing(
    client: Client, ticket_world: TicketWorld, watched_server: tuple[str, list[str]]
) -> None:
    url, hits = watched_server
    hostile = (
        f'<img src="{url}/img"><link rel="stylesheet" href="{url}/css">'
        f"<style>@import url({url}/import);</style><pdf:pagenumber/>"
    )
    ticket = make_ticket(ticket_world, title=f"Judul {url}/judul", description=hostile * 2)
    TicketMessage.objects.create(
        ticket=ticket, author=ticket_world.staff_lpse, side=Side.LPSE, body=hostile
    )
    client.force_login(ticket_world.staff_lpse)
    response = client.get(reverse("tickets:pdf", args=[ticket.number]))
    assert response.status_code == 200
    assert hits == []
    assert f'<img src="{url}/img">'.encode() in response.content
    assert b"/Subtype /Image" not in response.content


def test_the_converter_refuses_every_url_but_static_files(
    watched_server: tuple[str, list[str]], tmp_path: Path
) -> None:
    url, hits = watched_server
    secret = tmp_path / "rahasia.css"
    secret.write_text("body { color: red }")
    html = f"""<html><head>
    <link rel="stylesheet" href="{url}/a.css">
    <link rel="stylesheet" href="file://{secret}">
    <link rel="stylesheet" href="{secret}">
    <style>
      @import url({url}/b.css);
      @font-face {{ font-family: X; src: url({url}/font.ttf); }}
      body {{ background-image: url({url}/bg.png); }}
    </style></head><body>
    <img src="{url}/c.png"><img src="file:///etc/hostname"><img src="/etc/hostname">
    <img src="{settings.STATIC_URL}../../etc/hostname">
    <p>Isi</p></body></html>"""
    content = pdf.html_to_pdf(html)
    assert content.startswith(b"%PDF-")
    assert hits == []
    assert b"/Subtype /Image" not in content and b"/FontFile" not in content


def test_link_callback_answers_only_for_static_files() -> None:
    static = settings.STATIC_URL
    found = pdf.static_file(f"{static}css/ticket-pdf.css")
    assert found.endswith("css/ticket-pdf.css") and Path(found).is_file()
    for uri in (
        "http://127.0.0.1/static/css/ticket-pdf.css",
        "https://cdn.example/x.css",
        "file:///etc/passwd",
        "/etc/passwd",
        "//evil.example/static/x.css",
        f"{static}../config/settings.py",
        f"{static}css/../../config/settings.py",
        f"{static}css/tidak-ada.css",
        f"{static}css/ticket-pdf.css?v=1",
        f"{static}",
        "data:text/css,body{}",
    ):
        assert pdf.static_file(uri) == pdf.REFUSED, uri

"""Pratinjau Lampiran in Chromium (issue 14 item 7): a PNG opens in the viewer, a two-page PDF is
drawn by pdf.js onto a canvas (non-blank pixels) with next/previous page, by keyboard, under the
page's CSP (no violation), at 1280 and 390 px."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from lpse_support.tickets.models import Ticket, TicketAttachment
from lpse_support.tickets.services.ticket_create import ticket_create
from tests.e2e.test_workflow_flows import Person
from tests.support.demo_tickets import file_ticket, user
from tests.support.uploads import TXT_BYTES


def _png() -> bytes:
    buffer = io.BytesIO()
    picture = Image.new("RGB", (640, 360), (240, 240, 240))
    picture.paste((200, 30, 30), (40, 40, 600, 320))
    picture.save(buffer, "PNG")
    return buffer.getvalue()


def _pdf() -> bytes:
    """Two A4-shaped pages of solid colour (Pillow writes a real PDF: %PDF- at byte 0)."""
    buffer = io.BytesIO()
    first = Image.new("RGB", (595, 842), (30, 90, 200))
    second = Image.new("RGB", (595, 842), (20, 150, 60))
    first.save(buffer, "PDF", save_all=True, append_images=[second])
    return buffer.getvalue()


def _ticket_with_files() -> Ticket:
    base = file_ticket("ppk1", title="Pratinjau lampiran")
    return ticket_create(
        reporter=user("ppk1"),
        title="Tampilan galat saat unggah dokumen penawaran",
        application_id=base.application_id,
        version_id=base.version_id,
        subcategory_id=base.subcategory_id,
        description="Terlampir tangkapan layar dan berita acara dalam PDF.",
        files=[
            SimpleUploadedFile("layar-galat.png", _png(), "image/png"),
            SimpleUploadedFile("berita-acara.pdf", _pdf(), "application/pdf"),
            SimpleUploadedFile("catatan.txt", TXT_BYTES, "text/plain"),
        ],
    )


def _non_blank(png: bytes) -> bool:
    """More than one colour, and some pixel that is not white: a page was really drawn."""
    with Image.open(io.BytesIO(png)) as shot:
        rgb = shot.convert("RGB")
        colours = rgb.getcolors(maxcolors=1_000_000) or []
    return any(colour != (255, 255, 255) for _count, colour in colours)


@pytest.mark.parametrize("width", [1280, 390])
def test_png_and_pdf_open_in_the_viewer(
    browser: Any, demo_site: str, artifacts_dir: Path, width: int
) -> None:
    from playwright.sync_api import expect

    ticket = _ticket_with_files()
    person = Person(browser, demo_site, "ppk1", width=width)
    page = person.open(ticket)
    modal = page.locator("#attachment-preview")

    # Only the picture and the PDF offer Pratinjau; the text file stays a download.
    expect(page.get_by_role("button", name="Pratinjau layar-galat.png")).to_be_visible()
    expect(page.get_by_role("button", name="Pratinjau catatan.txt")).to_have_count(0)

    page.locator(".ticket-files").screenshot(path=str(artifacts_dir / f"preview_list_{width}.png"))
    page.get_by_role("button", name="Pratinjau layar-galat.png").click()
    expect(modal).to_have_attribute("data-preview-ready", "image")
    image = modal.locator("[data-preview-image]")
    expect(image).to_be_visible()
    expect(image).to_have_attribute("alt", "layar-galat.png")
    expect(modal.get_by_role("button", name="Berikutnya")).to_be_hidden()  # no pages for a picture
    expect(modal.get_by_role("heading", name="layar-galat.png")).to_be_visible()
    assert _non_blank(image.screenshot())
    page.screenshot(path=str(artifacts_dir / f"preview_png_{width}.png"))
    page.keyboard.press("Escape")
    expect(modal).to_be_hidden()
    # Focus goes back to the button that opened the viewer (after Bootstrap's "hidden" event:
    # moving the focus before it would be undone by that restore).
    expect(page.get_by_role("button", name="Pratinjau layar-galat.png")).to_be_focused()

    # Keyboard only: focus the PDF's button, Enter opens it; the arrow key turns the page.
    pdf_button = page.get_by_role("button", name="Pratinjau berita-acara.pdf")
    pdf_button.focus()
    page.keyboard.press("Enter")
    expect(modal).to_have_attribute("data-preview-ready", "pdf")
    canvas = modal.locator("[data-preview-canvas]")
    expect(canvas).to_be_visible()
    expect(modal.locator("[data-preview-page]")).to_have_text("Halaman 1 dari 2")
    expect(modal.get_by_role("button", name="Sebelumnya")).to_be_disabled()
    expect(modal.get_by_role("img", name="berita-acara.pdf — Halaman 1 dari 2")).to_be_visible()
    assert _non_blank(canvas.screenshot())
    page.screenshot(path=str(artifacts_dir / f"preview_pdf_{width}.png"))

    page.keyboard.press("ArrowRight")  # the dialog has focus: arrows turn pages
    expect(modal.locator("[data-preview-page]")).to_have_text("Halaman 2 dari 2")
    page.keyboard.press("ArrowLeft")
    expect(modal.locator("[data-preview-page]")).to_have_text("Halaman 1 dari 2")

    modal.get_by_role("button", name="Berikutnya").click()
    expect(modal.locator("[data-preview-page]")).to_have_text("Halaman 2 dari 2")
    expect(modal.get_by_role("button", name="Berikutnya")).to_be_disabled()
    modal.get_by_role("button", name="Sebelumnya").focus()
    page.keyboard.press("Enter")
    expect(modal.locator("[data-preview-page]")).to_have_text("Halaman 1 dari 2")
    expect(modal.get_by_role("link", name="Unduh")).to_have_attribute(
        "href", f"/tiket/{ticket.number}/lampiran/2/"
    )
    page.keyboard.press("Escape")
    expect(modal).to_be_hidden()
    expect(pdf_button).to_be_focused()  # Bootstrap gives focus back to the opener

    csp = [error for error in person.errors if "Content Security Policy" in error]
    assert not csp, person.errors
    assert not person.errors, person.errors

    # A stored file whose bytes are no longer the picture: the endpoint refuses it (404), the
    # dialog says so in Indonesian instead of showing anything.
    stored = TicketAttachment.objects.get(ticket=ticket, sequence=1)
    Path(stored.file.path).write_bytes(b"<html><script>alert(1)</script></html>")
    page.get_by_role("button", name="Pratinjau layar-galat.png").click()
    expect(modal.get_by_role("alert")).to_have_text(
        "Pratinjau tidak dapat ditampilkan. Silakan unduh file-nya."
    )
    expect(image).to_be_hidden()
    person.context.close()

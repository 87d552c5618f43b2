"""Files sent as soon as they are chosen (issue 14 item 8) in a real browser and over a real
socket: a file survives a validation error and is attached when the form is accepted; an upload
whose connection drops resumes at the offset the server kept (tus-js-client in Chromium, and a
raw socket + tuspy from Python). Screenshots of the widget at 1280 and 390 px."""

from __future__ import annotations

import base64
import socket
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from django.core.files.storage import default_storage
from playwright.sync_api import expect

from lpse_support.accounts.models import User
from lpse_support.tickets.attachments.pending import staged_name
from lpse_support.tickets.models import PendingUpload, Ticket, TicketMessage
from tests.e2e.test_ticket_create import PDF, PNG, login
from tests.support.demo_tickets import file_ticket

MIB = 1024 * 1024


@pytest.fixture
def pending_dir(settings: Any, tmp_path: Path) -> Path:
    folder = tmp_path / "unggahan"
    settings.PENDING_UPLOAD_DIR = str(folder)
    return folder


def open_ticket_of(username: str) -> Ticket:
    """A fresh ticket of ``username`` (BARU: the Diskusi form is open to its reporter)."""
    return file_ticket(username, title="Gagal unggah dokumen penawaran besar")


def test_a_file_survives_a_validation_error_and_is_attached(
    browser: Any, demo_site: str, artifacts_dir: Path, tmp_path: Path, pending_dir: Path
) -> None:
    ticket = open_ticket_of("ppk1")
    png, pdf = tmp_path / "layar-error.png", tmp_path / "bukti.pdf"
    png.write_bytes(PNG)
    pdf.write_bytes(PDF)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    login(page, demo_site)
    page.goto(f"{demo_site}/tiket/{ticket.number}/")
    form = page.locator("form.comment-form")
    form.locator("input[type=file]").set_input_files([str(png), str(pdf)])
    rows = form.locator('.upload-row[data-state="done"]')
    expect(rows).to_have_count(2)
    expect(form.get_by_text("Terunggah")).to_have_count(2)

    # Sent without a message: refused by the server; the files are still there.
    form.get_by_role("button", name="Kirim Pesan").click()
    page.wait_for_load_state("load")
    form = page.locator("form.comment-form")
    expect(form.get_by_text("Pesan wajib diisi.")).to_be_visible()
    expect(form.locator(".upload-row")).to_have_count(2)
    assert "layar-error.png" in form.inner_text() and "bukti.pdf" in form.inner_text()
    assert "Pilih ulang file" not in page.locator("main").inner_text()
    form.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / "uploads-kept-desktop.png"), full_page=False)

    # A file whose content does not match its name is refused on its last byte, next to it.
    fake = tmp_path / "palsu.pdf"
    fake.write_bytes(b"<html><body>bukan pdf</body></html>")
    form.locator("input[type=file]").set_input_files(str(fake))
    refused = form.locator(".upload-row", has_text="palsu.pdf")
    expect(refused.locator(".upload-error")).to_have_text(
        "Isi file palsu.pdf tidak sesuai dengan formatnya (.pdf)."
    )
    page.screenshot(path=str(artifacts_dir / "uploads-refused-desktop.png"))
    refused.get_by_role("button", name="Hapus").click()

    # Ganti bukti.pdf by another picture, Hapus it, then send with a message.
    other = tmp_path / "layar-kedua.png"
    other.write_bytes(PNG)
    with page.expect_file_chooser() as chooser:
        form.locator(".upload-row", has_text="bukti.pdf").get_by_role(
            "button", name="Ganti"
        ).click()
    chooser.value.set_files(str(other))
    expect(
        form.locator('.upload-row[data-state="done"]', has_text="layar-kedua.png")
    ).to_have_count(1)
    expect(form.locator(".upload-row", has_text="bukti.pdf")).to_have_count(0)
    form.locator(".upload-row", has_text="layar-kedua.png").get_by_role(
        "button", name="Hapus"
    ).click()
    expect(form.locator(".upload-row")).to_have_count(1)
    form.locator("textarea").fill("Berikut tangkapan layar galatnya.")
    form.get_by_role("button", name="Kirim Pesan").click()
    expect(page.locator(".messages")).to_contain_text("Pesan berhasil terkirim!")
    message = TicketMessage.objects.get(ticket=ticket, body="Berikut tangkapan layar galatnya.")
    assert [a.original_name for a in message.attachments.all()] == ["layar-error.png"]
    # Hapus told the server: the removed uploads are gone, the attached one is marked used.
    assert list(PendingUpload.objects.filter(used_at__isnull=True)) == []
    assert not [e for e in problems if "Content Security Policy" in e], problems
    context.close()


def test_a_dropped_connection_resumes_in_the_browser(
    browser: Any, demo_site: str, artifacts_dir: Path, tmp_path: Path, pending_dir: Path
) -> None:
    """The second 8 MiB PATCH is cut off: tus-js-client asks HEAD for the offset and goes on."""
    big = tmp_path / "penawaran.rhs"
    big.write_bytes(bytes(range(256)) * (10 * MIB // 256))
    ticket = open_ticket_of("ppk1")
    for width, name in ((1280, "desktop"), (390, "phone")):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="id-ID")
        page = context.new_page()
        login(page, demo_site)
        seen: list[tuple[str, str]] = []
        page.on(
            "request",
            lambda request, seen=seen: (
                seen.append((request.method, request.headers.get("upload-offset", "")))
                if "/unggah/" in request.url
                else None
            ),
        )
        aborted: list[str] = []
        page.route("**/unggah/**", cutter(aborted))
        page.goto(f"{demo_site}/tiket/{ticket.number}/")
        form = page.locator("form.comment-form")
        form.locator("input[type=file]").set_input_files(str(big))
        row = form.locator(".upload-row")
        # The first piece arrived (80 %), the second was cut: the row says it is resuming.
        expect(row.get_by_text("Koneksi terputus, mencoba melanjutkan…")).to_be_visible()
        assert row.locator(".progress").get_attribute("aria-valuenow") == "80"
        form.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts_dir / f"uploads-progress-{name}.png"))
        expect(form.locator('.upload-row[data-state="done"]')).to_have_count(1, timeout=30_000)
        page.screenshot(path=str(artifacts_dir / f"uploads-done-{name}.png"))
        assert aborted, seen
        assert ("HEAD", "") in seen, seen
        patches = [offset for method, offset in seen if method == "PATCH"]
        assert patches[0] == "0" and str(8 * MIB) in patches[1:], patches
        width_used = page.evaluate("document.documentElement.scrollWidth")
        assert width_used <= width, width_used
        upload = PendingUpload.objects.filter(owner__username="ppk1").latest("created_at")
        assert upload.completed_at is not None and upload.size == 10 * MIB
        with default_storage.open(staged_name(upload), "rb") as stored:
            assert stored.read() == big.read_bytes()
        assert list(pending_dir.iterdir()) == []  # moved into the shared storage
        context.close()


def test_an_upload_whose_node_died_starts_again_on_another_and_is_attached(
    browser: Any,
    demo_site: str,
    artifacts_dir: Path,
    tmp_path: Path,
    pending_dir: Path,
    settings: Any,
) -> None:
    """docs/attachments.md "Beberapa node": the node holding the first 8 MiB dies (connection
    reset, and the proxy now sends the upload's URL to a node with an empty directory): HEAD is
    404 there, tus-js-client creates a new upload and sends it whole; the form attaches it."""
    big = tmp_path / "penawaran-besar.rhs"
    big.write_bytes(bytes(range(256)) * (10 * MIB // 256))
    ticket = open_ticket_of("ppk1")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = context.new_page()
    login(page, demo_site)
    answers: list[tuple[str, int]] = []
    page.on(
        "response",
        lambda response: (
            answers.append((response.request.method, response.status))
            if "/unggah/" in response.url
            else None
        ),
    )
    died: list[str] = []

    def node_dies(route: Any, *_: Any) -> None:
        request = route.request
        resuming = request.method == "PATCH" and request.headers.get("upload-offset") != "0"
        if resuming and not died:
            died.append(request.url)
            settings.PENDING_UPLOAD_DIR = str(tmp_path / "node2")  # the other node
            route.abort("connectionreset")
            return
        route.continue_()

    page.route("**/unggah/**", node_dies)
    page.goto(f"{demo_site}/tiket/{ticket.number}/")
    form = page.locator("form.comment-form")
    form.locator("input[type=file]").set_input_files(str(big))
    expect(form.locator('.upload-row[data-state="done"]')).to_have_count(1, timeout=60_000)
    assert died
    assert ("HEAD", 404) in answers, answers
    assert [m for m, status in answers if (m, status) == ("POST", 201)] == ["POST", "POST"]
    first, second = PendingUpload.objects.filter(owner__username="ppk1").order_by("created_at")
    assert first.completed_at is None and second.completed_at is not None
    assert f"/unggah/{first.pk}/" in died[0]

    form.locator("textarea").fill("Dokumen penawaran lengkap terlampir.")
    form.get_by_role("button", name="Kirim Pesan").click()
    expect(page.locator(".messages")).to_contain_text("Pesan berhasil terkirim!")
    page.screenshot(path=str(artifacts_dir / "uploads-node-died-desktop.png"))
    message = TicketMessage.objects.get(ticket=ticket, body="Dokumen penawaran lengkap terlampir.")
    attachment = message.attachments.get()
    assert attachment.original_name == "penawaran-besar.rhs" and attachment.size == 10 * MIB
    with attachment.file.open("rb") as stored:
        assert stored.read() == big.read_bytes()
    context.close()


def cutter(aborted: list[str]) -> Any:
    """A route handler resetting the first PATCH that does not start at 0 (once)."""

    def cut(route: Any, *_: Any) -> None:
        request = route.request
        resumable = request.method == "PATCH" and request.headers.get("upload-offset") != "0"
        if resumable and not aborted:
            aborted.append(request.url)
            route.abort("connectionreset")
            return
        route.continue_()

    return cut


def _session_cookies(demo_site: str) -> tuple[str, str]:
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(username="ppk1"))
    token = "a" * 32
    return client.cookies["sessionid"].value, token


def test_a_socket_dropped_mid_patch_keeps_its_bytes_and_tuspy_resumes(
    demo_site: str, tmp_path: Path, pending_dir: Path
) -> None:
    from tusclient import client as tus_client

    session, token = _session_cookies(demo_site)
    data = bytes(range(256)) * (3 * MIB // 256)
    cookie = f"sessionid={session}; csrftoken={token}"
    headers = {"Cookie": cookie, "X-CSRFToken": token}
    tus = tus_client.TusClient(f"{demo_site}/unggah/", headers=headers)
    meta = {"filename": "penawaran.rhs", "form_key": str(uuid.uuid4())}
    source = tmp_path / "penawaran.rhs"
    source.write_bytes(data)
    uploader = tus.uploader(str(source), metadata=meta, chunk_size=MIB)
    url = uploader.create_url()
    path = urlparse(url).path
    host = urlparse(demo_site)

    # A PATCH announcing the whole file whose connection dies after 1.5 MiB.
    head = (
        f"PATCH {path} HTTP/1.1\r\nHost: {host.netloc}\r\nCookie: {cookie}\r\n"
        f"Tus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\nX-CSRFToken: {token}\r\n"
        f"Content-Type: application/offset+octet-stream\r\nContent-Length: {len(data)}\r\n\r\n"
    ).encode()
    with socket.create_connection((str(host.hostname), int(host.port or 80))) as sock:
        sock.sendall(head + data[: 3 * MIB // 2])
    upload = PendingUpload.objects.get(pk=path.rstrip("/").rsplit("/", 1)[-1])
    deadline = time.monotonic() + 10
    while (pending_dir / upload.path).stat().st_size < 3 * MIB // 2:
        assert time.monotonic() < deadline, "the bytes before the drop were not kept"
        time.sleep(0.1)

    resumed = tus.uploader(str(source), url=url, metadata=meta, chunk_size=MIB)
    assert resumed.get_offset() == 3 * MIB // 2
    resumed.upload()
    upload.refresh_from_db()
    assert upload.completed_at is not None
    with default_storage.open(staged_name(upload), "rb") as stored:
        assert stored.read() == data
    assert not (pending_dir / upload.path).exists()  # moved into the shared storage
    assert base64  # metadata is base64-encoded by tuspy itself

"""Attacks through uploads (issue 10 rows 2 and 13): files that cost the checker unbounded work,
files that are something else in disguise. Too many files, the quota and a full disk are in
``test_upload_limits.py``.
Each test failed on the code before the fix (see the commit message); extend this module when a
new upload path or file family is added. The fuzz pass is in ``test_uploads_fuzz.py``."""

from __future__ import annotations

import io
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lpse_support.tickets.attachments import (
    AttachmentRejected,
    check_upload,
)
from tests.security.crafted_uploads import (
    image_bytes,
    jpeg_with_size,
    many_entry_zip,
    mp4_boxes,
    png_bomb,
    samsung_trailer,
)
from tests.support.uploads import PDF_BYTES

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
JPEG = image_bytes("JPEG", (64, 48))
PNG = image_bytes("PNG", (64, 48))


def measured(action: Callable[[], Any]) -> tuple[Any, float, int]:
    """Run ``action``; return its result (or the exception it raised), seconds and the peak of
    Python memory allocated meanwhile."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result: Any = action()
    except Exception as exc:
        result = exc
    finally:
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return result, elapsed, peak


def refused(name: str, data: bytes) -> str:
    with pytest.raises(AttachmentRejected) as caught:
        check_upload(SimpleUploadedFile(name, data))
    assert caught.value.field == "files"
    return caught.value.message


# --- row 2: .docx/.xlsx/.pptx checked with bounded work ------------------------------------


def test_a_docx_with_100k_entries_is_refused_without_reading_its_directory() -> None:
    # Before: zipfile listed every member — +50 MB and ~2 s here, 17 s / +490 MB at 1 M.
    data = many_entry_zip(100_000)
    upload = SimpleUploadedFile("laporan.docx", data)

    result, elapsed, peak = measured(lambda: check_upload(upload))

    assert isinstance(result, AttachmentRejected), result
    assert "lebih dari 20.000 bagian" in result.message
    assert elapsed < 0.5
    assert peak < 2 * 1024 * 1024


def test_the_declared_member_count_is_checked_before_anything_else() -> None:
    # Only the end record claims 1 M members: refused as fast, nothing else is read.
    data = bytearray(many_entry_zip(3))
    data[-12:-10] = (0xFFFF - 1).to_bytes(2, "little")  # "65,534 entries"

    assert "lebih dari 20.000 bagian" in refused("lembar.xlsx", bytes(data))


@pytest.mark.parametrize("where", [0, 1_500, 2_999])
def test_content_types_is_found_anywhere_among_thousands_of_parts(where: int) -> None:
    checked = check_upload(
        SimpleUploadedFile("slide.pptx", many_entry_zip(3_000, content_types_at=where))
    )

    assert checked.extension == "pptx"


def test_a_real_xlsx_is_accepted() -> None:
    openpyxl = pytest.importorskip("openpyxl")
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)

    assert check_upload(SimpleUploadedFile("rekap.xlsx", buffer.getvalue())).extension == "xlsx"


@pytest.mark.parametrize(
    "data",
    [
        many_entry_zip(10, content_types_at=99),  # no [Content_Types].xml at all
        many_entry_zip(10)[:-22],  # no end record
        many_entry_zip(10)[:200] + many_entry_zip(10)[-22:],  # directory cut away
    ],
    ids=["no-content-types", "no-end-record", "directory-cut"],
)
def test_zips_that_are_not_office_packages_are_refused(data: bytes) -> None:
    assert "tidak sesuai" in refused("laporan.docx", data)


# --- row 13: PDF header at byte 0, images decoded ------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"<html><!-- %PDF-1.4 --><script>alert(1)</script></html>",
        b"<?php system($_GET['c']); ?>\n%PDF-1.7\n",
        b"\xef\xbb\xbf%PDF-1.7\n",  # even a byte-order mark: real PDF writers never emit one
        b" %PDF-1.4\n",
    ],
    ids=["html", "php", "bom", "space"],
)
def test_pdf_must_start_with_its_header_at_byte_0(data: bytes) -> None:
    # The spec's readers tolerate the header in the first 1,024 bytes; uploads do not.
    assert "tidak sesuai" in refused("dokumen.pdf", data)


def test_a_pdf_with_its_header_at_byte_0_is_accepted() -> None:
    assert check_upload(SimpleUploadedFile("dokumen.pdf", PDF_BYTES)).content_type == (
        "application/pdf"
    )


@pytest.mark.parametrize(("name", "image"), [("foto.jpg", JPEG), ("layar.png", PNG)])
def test_an_image_with_html_appended_is_refused(name: str, image: bytes) -> None:
    assert "ada data lain setelah akhir gambar" in refused(name, image + HTML)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("foto.jpg", b"\xff\xd8\xff\xe0" + HTML),  # the magic bytes, then a page
        ("layar.png", b"\x89PNG\r\n\x1a\n" + HTML),
        ("foto.jpg", JPEG[: len(JPEG) // 2]),  # truncated
        ("layar.png", PNG[:-12]),  # no IEND
    ],
    ids=["jpeg-magic-html", "png-magic-html", "jpeg-truncated", "png-truncated"],
)
def test_bytes_that_only_start_like_an_image_are_refused(name: str, data: bytes) -> None:
    assert "tidak sesuai" in refused(name, data)


@pytest.mark.parametrize(
    "trailer",
    [
        b"\x00" * 300,  # padding
        image_bytes("JPEG"),  # Multi-Picture secondary image / gain map (iPhone, Ultra HDR)
        mp4_boxes(),  # Google Motion Photo
        image_bytes("JPEG") + mp4_boxes(),
        samsung_trailer(),  # Samsung Galaxy camera
    ],
    ids=["padding", "second-jpeg", "motion-photo", "gain-map-and-video", "samsung"],
)
def test_camera_trailers_after_a_jpeg_are_accepted(trailer: bytes) -> None:
    assert check_upload(SimpleUploadedFile("kamera.jpg", JPEG + trailer)).extension == "jpg"


@pytest.mark.parametrize(
    "trailer",
    [image_bytes("JPEG") + HTML, mp4_boxes() + HTML, samsung_trailer()[:-1] + HTML[:1]],
    ids=["after-second-jpeg", "after-video", "fake-samsung"],
)
def test_html_behind_a_camera_trailer_is_refused(trailer: bytes) -> None:
    assert "ada data lain" in refused("kamera.jpg", JPEG + trailer)


def test_a_progressive_jpeg_is_accepted() -> None:
    data = image_bytes("JPEG", (320, 240), progressive=True)

    assert check_upload(SimpleUploadedFile("foto.jpeg", data)).extension == "jpeg"


@pytest.mark.parametrize(
    ("name", "data"),
    [("bom.png", png_bomb(60_000, 60_000)), ("bom.jpg", jpeg_with_size(40_000, 40_000))],
)
def test_decompression_bombs_are_refused_at_once(name: str, data: bytes) -> None:
    upload = SimpleUploadedFile(name, data)

    result, elapsed, peak = measured(lambda: check_upload(upload))

    assert isinstance(result, AttachmentRejected), result
    assert "gambar terlalu besar" in result.message
    assert elapsed < 0.5 and peak < 1024 * 1024


def test_a_png_over_the_decoding_limit_is_refused_with_its_size() -> None:
    assert "7000 × 7000 piksel; batas 40 juta piksel" in refused("besar.png", png_bomb(7000, 7000))

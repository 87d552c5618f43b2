"""R-FILE upload checks: extension whitelist, magic bytes per family, size, names, text."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lpse_support.tickets.attachments import (
    AttachmentRejected,
    AttachmentTooLarge,
    check_upload,
)
from tests.support.uploads import (
    DOCX_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    SAMPLE_BYTES,
    ZIP_BYTES,
    sample_upload,
)


@pytest.mark.parametrize("extension", sorted(SAMPLE_BYTES))
@pytest.mark.parametrize("case", [str.lower, str.upper, str.title])
def test_every_allowed_extension_is_accepted_in_any_case(extension: str, case: Any) -> None:
    upload = sample_upload(f"bukti.{case(extension)}", SAMPLE_BYTES[extension])

    checked = check_upload(upload)

    assert checked.extension == extension
    assert checked.original_name == f"bukti.{case(extension)}"
    assert checked.size == len(SAMPLE_BYTES[extension])


def test_uppercase_pdf_keeps_its_name_and_type() -> None:
    checked = check_upload(sample_upload("BERITA_ACARA.PDF", PDF_BYTES))

    assert checked.original_name == "BERITA_ACARA.PDF"
    assert checked.extension == "pdf"
    assert checked.content_type == "application/pdf"


@pytest.mark.parametrize("name", ["setup.exe", "shell.php", "halaman.html", "README", "arsip."])
def test_disallowed_extensions_are_rejected(name: str) -> None:
    with pytest.raises(AttachmentRejected) as caught:
        check_upload(SimpleUploadedFile(name, b"MZ\x90\x00 isi apa saja"))

    assert caught.value.field == "files"
    assert "tidak diizinkan" in caught.value.message
    assert not isinstance(caught.value, AttachmentTooLarge)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("foto.jpg", b"<?php system($_GET['c']); ?>"),
        ("layar.png", b"<html><script>alert(1)</script></html>"),
        ("dokumen.pdf", b"<html><body>bukan pdf</body></html>"),
        ("lembar.xls", PNG_BYTES),
        ("arsip.rar", ZIP_BYTES),
        ("arsip.zip", b"Rar!\x1a\x07\x00 bukan zip"),
    ],
)
def test_content_must_match_the_extension_family(name: str, content: bytes) -> None:
    with pytest.raises(AttachmentRejected) as caught:
        check_upload(SimpleUploadedFile(name, content))

    assert "tidak sesuai" in caught.value.message
    assert caught.value.field == "files"


def test_a_plain_zip_renamed_docx_is_rejected() -> None:
    with pytest.raises(AttachmentRejected, match="tidak sesuai"):
        check_upload(SimpleUploadedFile("laporan.docx", ZIP_BYTES))


def test_a_truncated_docx_is_rejected() -> None:
    with pytest.raises(AttachmentRejected, match="tidak sesuai"):
        check_upload(SimpleUploadedFile("laporan.docx", DOCX_BYTES[:40]))


def test_an_empty_file_is_rejected() -> None:
    with pytest.raises(AttachmentRejected, match="kosong") as caught:
        check_upload(SimpleUploadedFile("kosong.pdf", b""))

    assert caught.value.code == "file_empty"


def test_a_file_over_the_limit_is_too_large(settings: Any) -> None:
    settings.FILE_UPLOAD_MAX_MB = 1
    upload = SimpleUploadedFile("besar.rhs", b"\x01" * (1024 * 1024 + 1))

    with pytest.raises(AttachmentTooLarge) as caught:
        check_upload(upload)

    assert caught.value.message == "File besar.rhs melebihi batas 1 MB."
    assert caught.value.code == "attachment_too_large"
    assert caught.value.http_status == 413


def test_a_file_exactly_at_the_limit_is_accepted(settings: Any) -> None:
    settings.FILE_UPLOAD_MAX_MB = 1

    checked = check_upload(SimpleUploadedFile("pas.rhs", b"\x01" * (1024 * 1024)))

    assert checked.size == 1024 * 1024


@pytest.mark.parametrize(
    "raw_name", ["../../x.pdf", "..\\..\\x.pdf", "/etc/x.pdf", "C:\\Users\\ppk\\x.pdf"]
)
def test_path_like_names_keep_only_the_file_name(raw_name: str) -> None:
    upload = SimpleUploadedFile("placeholder.pdf", PDF_BYTES)
    # Django's own sanitiser would strip these; set the raw name as a hostile client sends it.
    upload._name = raw_name  # type: ignore[attr-defined]
    assert upload.name == raw_name

    checked = check_upload(upload)

    assert checked.original_name == "x.pdf"


def test_control_characters_and_leading_dots_are_removed_from_names() -> None:
    upload = SimpleUploadedFile("placeholder.pdf", PDF_BYTES)
    upload._name = ".\x00lapor\nan.pdf"  # type: ignore[attr-defined]

    assert check_upload(upload).original_name == "laporan.pdf"


def test_rhs_is_opaque_and_accepts_random_bytes() -> None:
    content = bytes((index * 37 + 11) % 256 for index in range(4096))

    checked = check_upload(SimpleUploadedFile("penawaran.RHS", content))

    assert checked.content_type == "application/octet-stream"
    assert checked.extension == "rhs"


def test_text_with_a_nul_byte_is_rejected() -> None:
    with pytest.raises(AttachmentRejected, match="tidak sesuai"):
        check_upload(SimpleUploadedFile("log.txt", b"baris satu\x00baris dua"))


def test_binary_named_txt_is_rejected() -> None:
    with pytest.raises(AttachmentRejected):
        check_upload(SimpleUploadedFile("log.txt", PNG_BYTES))


@pytest.mark.parametrize(
    "content",
    [
        "Pemenang tender: CV Jaya Abadi — nilai Rp 1.000.000 ✓".encode(),
        "\ufeffDengan BOM UTF-8".encode(),
        "Café résumé – “kutipan” €".encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "cp1252"],
)
def test_utf8_and_cp1252_text_is_accepted(content: bytes) -> None:
    checked = check_upload(SimpleUploadedFile("catatan.txt", content))

    assert checked.content_type == "text/plain"


def test_utf8_split_across_chunks_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    from lpse_support.tickets.attachments import validation

    monkeypatch.setattr(validation, "CHUNK", 3)
    # "é" is two bytes in UTF-8; a 3-byte chunk cuts the second one in half.
    checked = check_upload(SimpleUploadedFile("catatan.txt", "aaé é é".encode()))

    assert checked.size == len("aaé é é".encode())


def test_sha256_and_size_are_recorded_and_the_upload_is_rewound() -> None:
    upload = sample_upload("bukti.png")

    checked = check_upload(upload)

    assert checked.sha256 == hashlib.sha256(PNG_BYTES).hexdigest()
    assert checked.size == len(PNG_BYTES)
    assert checked.content_type == "image/png"
    assert upload.read() == PNG_BYTES

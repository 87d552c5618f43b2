"""Uploads whose bytes pass the magic and image checks (one sample per allowed extension), and a
listing of the files stored under a media root."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def _image_bytes(kind: str) -> bytes:
    """A real 8×8 picture: images are decoded by Pillow, not sniffed (issue 10, row 13)."""
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, kind)
    return buffer.getvalue()


PNG_BYTES = _image_bytes("PNG")
JPEG_BYTES = _image_bytes("JPEG")
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
OLE_BYTES = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(120)
RAR_BYTES = b"Rar!\x1a\x07\x01\x00" + bytes(range(32))
TXT_BYTES = b"Laporan: gagal unggah dokumen penawaran pada tahap evaluasi.\r\n"
RHS_BYTES = bytes(range(256)) * 4


def _zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX_BYTES = _zip_bytes(
    {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
        "word/document.xml": b"<w:document/>",
    }
)
ZIP_BYTES = _zip_bytes({"bukti/log.txt": b"log galat"})

SAMPLE_BYTES = {
    "png": PNG_BYTES,
    "jpg": JPEG_BYTES,
    "jpeg": JPEG_BYTES,
    "pdf": PDF_BYTES,
    "txt": TXT_BYTES,
    "doc": OLE_BYTES,
    "xls": OLE_BYTES,
    "ppt": OLE_BYTES,
    "docx": DOCX_BYTES,
    "xlsx": DOCX_BYTES,
    "pptx": DOCX_BYTES,
    "zip": ZIP_BYTES,
    "rar": RAR_BYTES,
    "rhs": RHS_BYTES,
}


def sample_upload(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    """An upload named ``name`` whose bytes match its extension (or ``content`` when given)."""
    if content is None:
        extension = name.rsplit(".", 1)[-1].lower()
        content = SAMPLE_BYTES[extension]
    return SimpleUploadedFile(name, content)


def stored_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())

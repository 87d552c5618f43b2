"""Upload checks (R-FILE): extension whitelist, non-empty, size limit, content matching the
extension family (``.rhs`` is an opaque Apendo/SPAMKODOK bid file, ``.txt`` must be text).
Reads the upload in chunks — a 500 MB file never sits in memory — and every check is bounded:

- PDF: ``%PDF-`` at byte 0. The PDF spec lets readers tolerate the header anywhere in the first
  1,024 bytes, but that tolerance is what lets an HTML/PHP page with ``%PDF-`` in a comment be
  stored as ``.pdf`` (issue 10, row 13); every PDF writer puts it first, so we require that;
- JPEG/PNG: decoded by Pillow and walked to their last byte (``images.py``);
- .docx/.xlsx/.pptx: the zip's end records and a capped central directory (``ooxml.py``);
- OLE2, ZIP, RAR: magic bytes."""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass
from typing import IO, cast

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from lpse_support.tickets.attachments.disk_handler import RefusedUpload
from lpse_support.tickets.attachments.errors import (
    AttachmentTooLarge,
    FileContentMismatch,
    FileEmpty,
    FileTypeNotAllowed,
    ImageRejected,
    OfficeFileTooComplex,
    thousands,
)
from lpse_support.tickets.attachments.images import ImageRefused, check_image
from lpse_support.tickets.attachments.ooxml import MAX_ENTRIES, TooManyParts, is_ooxml_package

FAMILY_BY_EXTENSION = {
    "txt": "text",
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "png": "png",
    "doc": "ole",
    "xls": "ole",
    "ppt": "ole",
    "docx": "ooxml",
    "xlsx": "ooxml",
    "pptx": "ooxml",
    "pdf": "pdf",
    "zip": "zip",
    "rar": "rar",
    "rhs": "opaque",
}
CONTENT_TYPES = {
    "txt": "text/plain",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
    "zip": "application/zip",
    "rar": "application/vnd.rar",
    "rhs": "application/octet-stream",
}
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
MAGIC = {
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "ole": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "zip": ZIP_MAGIC,
    "ooxml": ZIP_MAGIC,
    "rar": (b"Rar!\x1a\x07\x00", b"Rar!\x1a\x07\x01\x00"),
}
ALLOWED_LABEL = ", ".join(f".{ext}" for ext in FAMILY_BY_EXTENSION)
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class CheckedUpload:
    upload: UploadedFile
    original_name: str
    extension: str
    size: int
    content_type: str
    sha256: str


def max_upload_bytes() -> int:
    return int(settings.FILE_UPLOAD_MAX_MB) * 1024 * 1024


def clean_original_name(raw: str | None) -> str:
    """The file's own name only: no directories (either slash), no control characters."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if char.isprintable()).strip().lstrip(".")
    return name[:255] or "lampiran"


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _is_text(upload: UploadedFile) -> bool:
    """No NUL byte anywhere, and valid UTF-8 (BOM allowed) or clean Windows-1252."""
    utf8 = codecs.getincrementaldecoder("utf-8-sig")()
    utf8_ok = True
    cp1252_ok = True
    for chunk in upload.chunks(CHUNK):
        if b"\x00" in chunk:
            return False
        if utf8_ok:
            try:
                utf8.decode(chunk)
            except UnicodeDecodeError:
                utf8_ok = False
        if not utf8_ok and cp1252_ok:
            try:
                text = chunk.decode("cp1252")
            except UnicodeDecodeError:
                cp1252_ok = False
            else:
                cp1252_ok = all(char.isprintable() or char in "\t\r\n\f" for char in text)
        if not (utf8_ok or cp1252_ok):
            return False
    if utf8_ok:
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8_ok = False
    return utf8_ok or cp1252_ok


def _content_matches(upload: UploadedFile, family: str, name: str) -> bool:
    if family == "opaque":
        return True
    if family == "text":
        return _is_text(upload)
    upload.seek(0)
    head = upload.read(16)
    if family == "pdf":
        return head.startswith(b"%PDF-")
    if not head.startswith(MAGIC[family]):
        return False
    stream = cast(IO[bytes], upload)
    size = upload.size or 0
    if family in ("jpeg", "png"):
        try:
            return check_image(stream, family, size)
        except ImageRefused as exc:
            raise ImageRejected(name=name, reason=exc.reason) from exc
    if family == "ooxml":
        try:
            return is_ooxml_package(stream, size)
        except TooManyParts as exc:
            raise OfficeFileTooComplex(name=name, parts=thousands(MAX_ENTRIES)) from exc
    return True


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def check_upload(upload: UploadedFile) -> CheckedUpload:
    """Accept ``upload`` or raise ``AttachmentRejected`` (``AttachmentTooLarge``), field "files";
    a file the server could not receive raises the refusal it carries (a full disk: 507)."""
    if isinstance(upload, RefusedUpload):
        raise upload.refusal
    name = clean_original_name(upload.name)
    extension = _extension(name)
    family = FAMILY_BY_EXTENSION.get(extension)
    if family is None:
        raise FileTypeNotAllowed(name=name, allowed=ALLOWED_LABEL)
    size = upload.size or 0
    if size <= 0:
        raise FileEmpty(name=name)
    if size > max_upload_bytes():
        raise AttachmentTooLarge(name=name, limit=settings.FILE_UPLOAD_MAX_MB)
    if not _content_matches(upload, family, name):
        raise FileContentMismatch(name=name, extension=extension)
    checked = CheckedUpload(
        upload=upload,
        original_name=name,
        extension=extension,
        size=size,
        content_type=CONTENT_TYPES[extension],
        sha256=_sha256(upload),
    )
    upload.seek(0)
    return checked

"""Upload checks (R-FILE): extension whitelist, non-empty, size limit, content matching the
extension family by magic bytes (``.rhs`` is an opaque Apendo/SPAMKODOK bid file, ``.txt`` must be
text). Reads the upload in chunks — a 500 MB file never sits in memory."""

from __future__ import annotations

import codecs
import hashlib
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from lpse_support.core.errors import InvalidInput

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


class AttachmentRejected(InvalidInput):
    code = "attachment_rejected"
    http_status = 415


class AttachmentTooLarge(AttachmentRejected):
    code = "attachment_too_large"
    http_status = 413


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


def _content_matches(upload: UploadedFile, family: str) -> bool:
    if family == "opaque":
        return True
    if family == "text":
        return _is_text(upload)
    upload.seek(0)
    head = upload.read(1024)
    if family == "pdf":
        return b"%PDF-" in head
    if not head.startswith(MAGIC[family]):
        return False
    if family == "ooxml":
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                return "[Content_Types].xml" in archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return False
    return True


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def check_upload(upload: UploadedFile) -> CheckedUpload:
    """Accept ``upload`` or raise ``AttachmentRejected`` (``AttachmentTooLarge``), field "files"."""
    name = clean_original_name(upload.name)
    extension = _extension(name)
    family = FAMILY_BY_EXTENSION.get(extension)
    if family is None:
        raise AttachmentRejected(
            f"Format file {name} tidak diizinkan. Format yang diizinkan: {ALLOWED_LABEL}.",
            field="files",
        )
    size = upload.size or 0
    if size <= 0:
        raise AttachmentRejected(f"File {name} kosong.", field="files")
    if size > max_upload_bytes():
        raise AttachmentTooLarge(
            f"File {name} melebihi batas {settings.FILE_UPLOAD_MAX_MB} MB.", field="files"
        )
    if not _content_matches(upload, family):
        raise AttachmentRejected(
            f"Isi file {name} tidak sesuai dengan formatnya (.{extension}).", field="files"
        )
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

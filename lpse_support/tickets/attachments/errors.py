"""Why an upload was refused, as coded errors (core/errors.py) that the pages and the API map to
their status: 413/415/422 for the file itself, 429 for the per-user quota, 507 for a full disk."""

from __future__ import annotations

import errno

from lpse_support.core.errors import InvalidInput, RateLimited, StorageFull

# "No space left" and "disk quota exceeded": the disk, not the request, is at fault.
FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})
STORAGE_FULL_MESSAGE = (
    "Ruang penyimpanan server sedang penuh, sehingga lampiran tidak dapat disimpan dan tidak ada "
    "yang tersimpan. Coba lagi beberapa saat lagi atau hubungi admin LPSE Support."
)


class AttachmentRejected(InvalidInput):
    code = "attachment_rejected"
    http_status = 415


class AttachmentTooLarge(AttachmentRejected):
    code = "attachment_too_large"
    http_status = 413


class TooManyFiles(AttachmentRejected):
    """More files in one submission than the form allows."""

    code = "too_many_files"
    http_status = 413


class UploadQuotaExceeded(RateLimited):
    code = "upload_quota_exceeded"


class AttachmentStorageFull(StorageFull):
    code = "storage_full"


def is_disk_full(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in FULL_ERRNOS


def storage_full() -> AttachmentStorageFull:
    return AttachmentStorageFull(STORAGE_FULL_MESSAGE, field="files")


def thousands(number: int) -> str:
    """20000 → "20.000", the Indonesian way."""
    return f"{number:,}".replace(",", ".")

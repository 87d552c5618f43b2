"""Why an upload was refused, as coded errors (core/errors.py) that the pages and the API map to
their status: 413/415/422 for the file itself, 429 for the per-user quota, 507 for a full disk.
Every refusal is about the form's ``files``; ``name`` is the file's (cleaned) name."""

from __future__ import annotations

import errno

from django.utils.translation import gettext_lazy as _

from lpse_support.core.errors import InvalidInput, RateLimited, StorageFull

# "No space left" and "disk quota exceeded": the disk, not the request, is at fault.
FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})


class AttachmentRejected(InvalidInput):
    """The family of refused files (415); catch this one to catch them all."""

    code = "attachment_rejected"
    http_status = 415
    field = "files"
    message_template = _("Lampiran ditolak.")


class FileTypeNotAllowed(AttachmentRejected):
    code = "file_type_not_allowed"
    message_template = _(
        "Format file %(name)s tidak diizinkan. Format yang diizinkan: %(allowed)s."
    )


class FileEmpty(AttachmentRejected):
    code = "file_empty"
    message_template = _("File %(name)s kosong.")


class FileContentMismatch(AttachmentRejected):
    code = "file_content_mismatch"
    message_template = _("Isi file %(name)s tidak sesuai dengan formatnya (.%(extension)s).")


class ImageRejected(AttachmentRejected):
    """A real image refused for its size or shape; ``reason`` ends the sentence."""

    code = "image_rejected"
    message_template = _("Gambar %(name)s ditolak: %(reason)s.")


class OfficeFileTooComplex(AttachmentRejected):
    code = "office_file_too_complex"
    message_template = _(
        "File %(name)s tidak dapat diperiksa karena berisi lebih dari %(parts)s bagian; dokumen "
        "Office biasa tidak sebesar itu. Simpan ulang dokumen lalu unggah lagi."
    )


class AttachmentTooLarge(AttachmentRejected):
    """One file over ``FILE_UPLOAD_MAX_MB`` (``limit``), or a whole upload over the request
    limit (the upload handler's own message)."""

    code = "attachment_too_large"
    http_status = 413
    message_template = _("File %(name)s melebihi batas %(limit)s MB.")


class TooManyFiles(AttachmentRejected):
    """More files in one submission than the form allows."""

    code = "too_many_files"
    http_status = 413
    message_template = _(
        "Terlalu banyak file: maksimal %(maximum)s file dalam satu pengiriman (%(count)s dikirim)."
    )


class FilesRejected(AttachmentRejected):
    """Several files of one submission refused at once: each is named (issue 17 item 5), not
    only the first: ``details`` holds one sentence per refused file."""

    code = "files_rejected"
    message_template = _("%(count)s file ditolak: %(details)s")

    @classmethod
    def of(cls, rejections: list[AttachmentRejected]) -> FilesRejected:
        return cls(
            count=len(rejections), details=" ".join(refusal.message for refusal in rejections)
        )


class UploadQuotaExceeded(RateLimited):
    """``again``: empty, or ``TRY_AGAIN_AT`` filled in."""

    code = "upload_quota_exceeded"
    field = "files"
    message_template = _(
        "Batas unggahan tercapai: setiap pengguna boleh mengunggah paling banyak %(files)s file "
        "atau %(megabytes)s MB dalam %(minutes)s menit.%(again)s"
    )


TRY_AGAIN_AT = _(" Coba lagi setelah pukul %(time)s WIB.")


class AttachmentStorageFull(StorageFull):
    field = "files"
    message_template = _(
        "Ruang penyimpanan server sedang penuh, sehingga lampiran tidak dapat disimpan dan tidak "
        "ada yang tersimpan. Coba lagi beberapa saat lagi atau hubungi admin LPSE Support."
    )


def is_disk_full(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in FULL_ERRNOS


def storage_full() -> AttachmentStorageFull:
    return AttachmentStorageFull()


def thousands(number: int) -> str:
    """20000 → "20.000", the Indonesian way."""
    return f"{number:,}".replace(",", ".")


class PendingUploadUnavailable(InvalidInput):
    """A pending upload named by the form that is not this user's, not finished or gone."""

    code = "pending_upload_unavailable"
    field = "files"
    message_template = _(
        "File %(name)s belum selesai diunggah atau sudah tidak tersedia. Hapus lalu unggah lagi."
    )


class PendingUploadUsed(InvalidInput):
    """Two submissions raced for one pending upload: the first one attached it."""

    code = "pending_upload_used"
    field = "files"
    message_template = _("File %(name)s sudah dilampirkan dan tidak dapat dipakai lagi.")

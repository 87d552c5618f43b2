"""Ticket attachments (R-FILE): checking uploads and storing them under generated names."""

from lpse_support.tickets.attachments.errors import (
    AttachmentRejected,
    AttachmentStorageFull,
    AttachmentTooLarge,
    TooManyFiles,
    UploadQuotaExceeded,
)
from lpse_support.tickets.attachments.quota import check_file_count
from lpse_support.tickets.attachments.storage import (
    cleanup_on_failure,
    store_attachments,
    stored_name,
)
from lpse_support.tickets.attachments.validation import (
    ALLOWED_LABEL,
    CheckedUpload,
    check_upload,
    clean_original_name,
    max_upload_bytes,
)

__all__ = [
    "ALLOWED_LABEL",
    "AttachmentRejected",
    "AttachmentStorageFull",
    "AttachmentTooLarge",
    "CheckedUpload",
    "TooManyFiles",
    "UploadQuotaExceeded",
    "check_file_count",
    "check_upload",
    "clean_original_name",
    "cleanup_on_failure",
    "max_upload_bytes",
    "store_attachments",
    "stored_name",
]

"""How much one user may upload (issue 10, row 6): at most ``MAX_FILES_PER_REQUEST`` files per
submission, and ``UPLOAD_QUOTA_FILES`` files or ``UPLOAD_QUOTA_MB`` MB per
``UPLOAD_QUOTA_WINDOW_MINUTES`` minutes.

The window is counted from the ``TicketAttachment`` rows themselves (uploader + ``created_at``),
not from a cache: the count is exact across processes and servers, survives restarts and needs no
Redis. It runs inside the action's transaction with the uploader's row locked, so two
simultaneous submissions of one user are counted one after the other (on SQLite the IMMEDIATE
transaction already serialises writers). Files refused by the checks are never counted: they
never became rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Min, Sum
from django.utils import timezone

from lpse_support.accounts.models import User
from lpse_support.tickets.attachments.errors import (
    TRY_AGAIN_AT,
    TooManyFiles,
    UploadQuotaExceeded,
    thousands,
)
from lpse_support.tickets.attachments.upload_limit import MAX_FILES_PER_REQUEST
from lpse_support.tickets.attachments.validation import CheckedUpload
from lpse_support.tickets.models import TicketAttachment

MB = 1024 * 1024


def check_file_count(count: int) -> None:
    if count > MAX_FILES_PER_REQUEST:
        raise TooManyFiles(maximum=MAX_FILES_PER_REQUEST, count=count)


def quota_refusal(oldest_counted_at: datetime | None) -> UploadQuotaExceeded:
    window = int(settings.UPLOAD_QUOTA_WINDOW_MINUTES)
    again = ""
    if oldest_counted_at is not None:
        moment = timezone.localtime(oldest_counted_at + timedelta(minutes=window))
        again = str(TRY_AGAIN_AT) % {"time": f"{moment:%H.%M}"}
    return UploadQuotaExceeded(
        files=thousands(int(settings.UPLOAD_QUOTA_FILES)),
        megabytes=thousands(int(settings.UPLOAD_QUOTA_MB)),
        minutes=window,
        again=again,
    )


def _used(uploader: User) -> dict[str, Any]:
    """Files, bytes and the oldest upload time of ``uploader`` within the window."""
    since = timezone.now() - timedelta(minutes=int(settings.UPLOAD_QUOTA_WINDOW_MINUTES))
    return TicketAttachment.objects.filter(uploaded_by=uploader, created_at__gte=since).aggregate(
        files=Count("pk"), size=Sum("size"), oldest=Min("created_at")
    )


def enforce_upload_quota(*, uploader: User, uploads: Sequence[CheckedUpload]) -> None:
    """Raise ``UploadQuotaExceeded`` (429) when ``uploads`` would take ``uploader`` past the
    quota. Call inside the transaction that stores them."""
    if not uploads:
        return
    list(User.objects.select_for_update().filter(pk=uploader.pk).values_list("pk", flat=True))
    used = _used(uploader)
    files = used["files"] + len(uploads)
    size = (used["size"] or 0) + sum(upload.size for upload in uploads)
    if files > int(settings.UPLOAD_QUOTA_FILES) or size > int(settings.UPLOAD_QUOTA_MB) * MB:
        raise quota_refusal(used["oldest"])

"""Where attachments are stored: the local folder ``MEDIA_ROOT`` (default, ``make run``) or a
private S3-compatible bucket (``STORAGE_BACKEND=s3``); see docs/storage.md for every setting."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

S3_BACKEND = "lpse_support.core.object_storage.PrivateS3Storage"
# Names that select the S3 storage; django-storages' own classes are replaced by ours (streamed
# reads, server-side copy), which takes the same options.
S3_NAMES = {
    "s3",
    S3_BACKEND,
    "storages.backends.s3.S3Storage",
    "storages.backends.s3boto3.S3Boto3Storage",
}
MB = 1024 * 1024


def _int(environ: Mapping[str, str], name: str, default: int) -> int:
    value = environ.get(name)
    return int(value) if value else default


def _flag(environ: Mapping[str, str], name: str, default: bool) -> bool:
    value = environ.get(name, "")
    return default if value == "" else value.strip().lower() in {"1", "true", "yes", "on"}


def _transfer_config(environ: Mapping[str, str]) -> Any:
    """Multipart uploads whose memory is bounded: s3transfer reads each part of a file object
    into memory, and by default queues up to 10 of them; here at most ``S3_MAX_CONCURRENCY``
    parts of ``S3_MULTIPART_CHUNK_MB`` are in memory at once (2 × 8 MB by default)."""
    from boto3.s3.transfer import TransferConfig  # only when S3 is chosen

    concurrency = _int(environ, "S3_MAX_CONCURRENCY", 2)
    config = TransferConfig(
        multipart_threshold=_int(environ, "S3_MULTIPART_THRESHOLD_MB", 8) * MB,
        multipart_chunksize=_int(environ, "S3_MULTIPART_CHUNK_MB", 8) * MB,
        max_concurrency=concurrency,
    )
    config.max_in_memory_upload_chunks = concurrency  # s3transfer's option; boto3 hides it
    return config


def s3_options(environ: Mapping[str, str]) -> dict[str, Any]:
    """``OPTIONS`` of the private bucket storage from the ``S3_*`` variables."""
    options: dict[str, Any] = {
        "bucket_name": environ.get("S3_BUCKET", ""),
        "endpoint_url": environ.get("S3_ENDPOINT_URL") or None,
        "region_name": environ.get("S3_REGION") or None,
        "location": environ.get("S3_PREFIX", ""),
        "default_acl": None,  # the bucket stays private: no object ACL is ever set
        "querystring_auth": True,  # any URL the storage makes is signed and expires
        "querystring_expire": _int(environ, "S3_PRESIGNED_SECONDS", 60),
        "file_overwrite": True,  # staged names are fresh uuids; final names are ours alone
        "signature_version": "s3v4",
        "addressing_style": environ.get("S3_ADDRESSING_STYLE")
        or ("path" if environ.get("S3_ENDPOINT_URL") else "auto"),
        "transfer_config": _transfer_config(environ),
        "object_parameters": (
            {"ChecksumAlgorithm": "SHA256"} if _flag(environ, "S3_CHECKSUM", True) else {}
        ),
    }
    if environ.get("S3_ACCESS_KEY_ID"):
        options["access_key"] = environ["S3_ACCESS_KEY_ID"]
        options["secret_key"] = environ.get("S3_SECRET_ACCESS_KEY", "")
    return options


def default_storage(environ: Mapping[str, str], media_root: str) -> dict[str, Any]:
    """``STORAGES["default"]``: the folder, the private bucket, or another backend by name."""
    backend = environ.get("STORAGE_BACKEND", "")
    if not backend:
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": media_root},
        }
    if backend in S3_NAMES:
        return {"BACKEND": S3_BACKEND, "OPTIONS": s3_options(environ)}
    return {"BACKEND": backend, "OPTIONS": {}}


def presigned_redirect(environ: Mapping[str, str] = os.environ) -> bool:
    return _flag(environ, "S3_PRESIGNED_REDIRECT", False)

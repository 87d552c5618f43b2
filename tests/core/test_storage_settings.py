"""The attachment storage chosen from the environment (config/storage.py): the local folder
unless STORAGE_BACKEND says otherwise — ``make run`` needs no S3 — and, for S3, a private bucket
with signed URLs, SHA-256 checksums and multipart uploads whose memory is bounded."""

from __future__ import annotations

from config.storage import S3_BACKEND, default_storage, presigned_redirect

MB = 1024 * 1024


def test_without_storage_backend_attachments_stay_in_media_root() -> None:
    assert default_storage({}, "/srv/media") == {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": "/srv/media"},
    }
    assert presigned_redirect({}) is False


def test_s3_is_a_private_bucket_with_bounded_multipart_uploads() -> None:
    chosen = default_storage(
        {
            "STORAGE_BACKEND": "storages.backends.s3.S3Storage",
            "S3_BUCKET": "lampiran",
            "S3_ENDPOINT_URL": "http://127.0.0.1:18333",
            "S3_ACCESS_KEY_ID": "kunci",
            "S3_SECRET_ACCESS_KEY": "rahasia",
            "S3_MULTIPART_CHUNK_MB": "16",
            "S3_MAX_CONCURRENCY": "3",
        },
        "/srv/media",
    )
    options = chosen["OPTIONS"]
    assert chosen["BACKEND"] == S3_BACKEND
    assert (options["bucket_name"], options["endpoint_url"]) == (
        "lampiran",
        "http://127.0.0.1:18333",
    )
    assert (options["access_key"], options["secret_key"]) == ("kunci", "rahasia")
    assert options["default_acl"] is None and options["querystring_auth"] is True
    assert options["querystring_expire"] == 60
    assert options["addressing_style"] == "path"
    assert options["object_parameters"] == {"ChecksumAlgorithm": "SHA256"}
    transfer = options["transfer_config"]
    assert (transfer.multipart_chunksize, transfer.max_request_concurrency) == (16 * MB, 3)
    assert transfer.max_in_memory_upload_chunks == 3


def test_s3_options_without_keys_use_the_default_credential_chain() -> None:
    options = default_storage({"STORAGE_BACKEND": "s3", "S3_CHECKSUM": "0"}, "/x")["OPTIONS"]
    assert "access_key" not in options
    assert options["object_parameters"] == {}
    assert options["addressing_style"] == "auto"
    assert presigned_redirect({"S3_PRESIGNED_REDIRECT": "1"}) is True


def test_another_backend_is_taken_as_named() -> None:
    assert default_storage({"STORAGE_BACKEND": "pkg.Storage"}, "/x") == {
        "BACKEND": "pkg.Storage",
        "OPTIONS": {},
    }

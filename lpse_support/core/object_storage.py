"""The private S3-compatible attachment storage (issue 15 item 1; docs/storage.md).

``PrivateS3Storage`` is django-storages' ``S3Storage`` with three changes the attachments need:

- ``open()`` returns ``S3StreamFile``, a read-only, seekable file object over ranged GETs. The
  stock ``S3File`` downloads the whole object into a temporary file (into memory with the
  default ``AWS_S3_MAX_MEMORY_SIZE = 0``) before the first byte can be read; a 500 MB download
  or zip would hold it all. Here each ``read(n)`` takes at most ``n`` bytes off one open HTTP
  response, and ``seek`` starts a new GET with ``Range: bytes=<pos>-`` — so downloads, byte
  ranges, zips, previews and backups stream straight from the bucket.
- ``copy_within(source, target)``: a server-side copy (publishing ``pending/`` → ``tickets/``
  moves no byte through the application).
- ``presigned_download_url``: a short-lived signed GET with the download's own
  ``Content-Disposition`` and type, for ``S3_PRESIGNED_REDIRECT`` — handed out only by the
  download view after its permission check.

Writes are the stock ``upload_fileobj`` (a multipart upload above ``AWS_S3_TRANSFER_CONFIG``'s
threshold, parts read from the upload's temporary file) with ``ChecksumAlgorithm=SHA256``
(settings), so the server verifies every part it receives.
"""

from __future__ import annotations

import io
from typing import Any

from botocore.exceptions import ClientError
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

# A forward seek of at most this many bytes reads on in the open response instead of a new GET
# (the image checks walk a file's chunks in small hops).
SKIP_FORWARD = 64 * 1024


def _status(error: ClientError) -> int:
    return int(error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0))


class S3StreamFile(io.RawIOBase):
    """A stored object read as a stream: one HTTP response at a time, never the whole object."""

    def __init__(self, storage: PrivateS3Storage, key: str, name: str) -> None:
        super().__init__()
        self._client = storage.connection.meta.client
        self._bucket = storage.bucket_name
        self._key = key
        self.name = name
        self._position = 0
        self._body: Any = None
        try:
            head = self._client.head_object(Bucket=self._bucket, Key=key)
        except ClientError as error:
            if _status(error) == 404:
                raise FileNotFoundError(f"File does not exist: {name}") from error
            raise
        self.size = int(head["ContentLength"])

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self.size}[whence]
        position = base + offset
        if position < 0:
            raise ValueError("negative seek position")
        skip = position - self._position
        if self._body is not None and 0 < skip <= SKIP_FORWARD:
            self._skip(skip)  # a short hop forward: cheaper than a new request
        elif skip:
            self._drop_body()
            self._position = position
        return position

    def _skip(self, count: int) -> None:
        while count > 0:
            piece = self._body.read(count)
            if not piece:
                break
            count -= len(piece)
            self._position += len(piece)

    def _open_body(self) -> Any:
        if self._body is None:
            ranged = {"Range": f"bytes={self._position}-"} if self._position else {}
            response = self._client.get_object(Bucket=self._bucket, Key=self._key, **ranged)
            self._body = response["Body"]
        return self._body

    def _drop_body(self) -> None:
        if self._body is not None:
            self._body.close()
            self._body = None

    def read(self, size: int | None = -1) -> bytes:
        """Up to ``size`` bytes (all the rest for -1/None); short only at the end."""
        remaining = self.size - self._position
        if remaining <= 0:
            return b""
        wanted = remaining if size is None or size < 0 else min(size, remaining)
        if wanted == 0:
            return b""
        body = self._open_body()
        pieces = []
        got = 0
        while got < wanted:
            piece = body.read(wanted - got)
            if not piece:
                break
            pieces.append(piece)
            got += len(piece)
        self._position += got
        return b"".join(pieces)

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def readall(self) -> bytes:
        return self.read(-1)

    def close(self) -> None:
        self._drop_body()
        super().close()


class PrivateS3Storage(S3Storage):
    """A private bucket: no ACL (the bucket's own, private), signed URLs only, streamed reads."""

    default_acl = None
    querystring_auth = True

    def _open(self, name: str, mode: str = "rb") -> Any:
        if "w" in mode or "a" in mode or "+" in mode:
            return super()._open(name, mode)
        key = self._normalize_name(clean_name(name))
        return S3StreamFile(self, key, name)

    def copy_within(self, source: str, target: str) -> str:
        """Copy ``source`` to ``target`` inside the bucket (server side, multipart when large)."""
        client = self.connection.meta.client
        source_key = self._normalize_name(clean_name(source))
        target_key = self._normalize_name(clean_name(target))
        extra = {
            key: value
            for key, value in self.get_object_parameters(target).items()
            if key in {"ChecksumAlgorithm", "ServerSideEncryption", "StorageClass"}
        }
        client.copy(
            {"Bucket": self.bucket_name, "Key": source_key},
            self.bucket_name,
            target_key,
            ExtraArgs=extra or None,
            Config=self.transfer_config,
        )
        return clean_name(target)

    def presigned_download_url(
        self, name: str, *, filename_header: str, content_type: str, seconds: int
    ) -> str:
        """A GET URL signed for ``seconds`` that answers with the given disposition and type."""
        return str(
            self.url(
                name,
                parameters={
                    "ResponseContentDisposition": filename_header,
                    "ResponseContentType": content_type,
                    "ResponseCacheControl": "private, no-store",
                },
                expire=seconds,
            )
        )

"""Byte ranges of a stored attachment (RFC 9110 §14): resumable downloads of files up to 500 MB.

Only what download managers and browsers send is served as a range: one range (``bytes=a-b``,
``bytes=a-``, ``bytes=-n``) → 206. Several ranges, another unit or a header that does not parse are
ignored and the whole file is sent (200) — RFC 9110 §14.2 lets a server ignore Range, and a
multipart/byteranges body is not worth its complexity here. A range that starts past the end (or a
zero-length suffix) is unsatisfiable → 416 with ``Content-Range: bytes */<size>``.

Hand-written rather than borrowed: Werkzeug's ``parse_range_header`` would bring a WSGI framework
into the runtime for twenty lines, and it refuses a suffix longer than the file, which RFC 9110
says to serve whole (``bytes=-1000`` of a 10-byte file is bytes 0–9).

``If-Range`` is honoured with the strong ETag (the attachment's SHA-256) or the exact
``Last-Modified`` date: when it does not match, the client's partial copy is stale and the whole
file is sent.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from datetime import datetime
from typing import IO

from django.utils.http import parse_http_date_safe

CHUNK = 1024 * 1024
# A byte position has at most 19 digits (2**63); longer ones are not a range we could serve.
MAX_DIGITS = 19


@dataclass(frozen=True)
class ByteRange:
    start: int
    end: int  # inclusive, as in Content-Range

    @property
    def length(self) -> int:
        return self.end - self.start + 1

    def content_range(self, size: int) -> str:
        return f"bytes {self.start}-{self.end}/{size}"


class RangeNotSatisfiable(Exception):
    """The one range asked for lies outside the file (answer 416)."""


def _position(text: str) -> int | None:
    text = text.strip(" \t")
    if not text or len(text) > MAX_DIGITS or not text.isascii() or not text.isdigit():
        return None
    return int(text)


def requested_range(header: str | None, size: int) -> ByteRange | None:
    """The single byte range ``header`` asks of a file of ``size`` bytes, or ``None`` to send the
    whole file. Raises ``RangeNotSatisfiable`` for a well-formed range the file cannot serve."""
    if not header:
        return None
    unit, separator, spec = header.partition("=")
    if not separator or unit.strip(" \t").lower() != "bytes":
        return None
    if "," in spec:
        return None  # several ranges: served whole
    first, dash, last = spec.strip(" \t").partition("-")
    if not dash:
        return None
    if first.strip(" \t") == "":  # suffix: the last n bytes
        suffix = _position(last)
        if suffix is None:
            return None
        if suffix == 0 or size == 0:
            raise RangeNotSatisfiable
        return ByteRange(max(0, size - suffix), size - 1)
    start = _position(first)
    if start is None:
        return None
    end: int | None = None  # open-ended: to the end of the file
    if last.strip(" \t"):
        end = _position(last)
        if end is None or end < start:
            return None  # not a valid byte-range-spec: ignored
    if start >= size:
        raise RangeNotSatisfiable
    return ByteRange(start, size - 1 if end is None else min(end, size - 1))


def if_range_allows(header: str | None, *, etag: str, last_modified: datetime) -> bool:
    """Whether a Range may be served: no ``If-Range``, or one naming this very version."""
    if not header:
        return True
    header = header.strip()
    if header.startswith(('"', "W/")):
        return header == etag  # strong comparison: a weak tag never matches
    moment = parse_http_date_safe(header)
    return moment is not None and moment == int(last_modified.timestamp())


def read_range(
    handle: IO[bytes], start: int, length: int, chunk: int = CHUNK
) -> Generator[bytes, None, None]:
    """``length`` bytes of ``handle`` from ``start``, in pieces of at most ``chunk`` bytes (seek
    and read only: works on any storage's file object), closing it when done or abandoned."""
    try:
        handle.seek(start)
        remaining = length
        while remaining > 0:
            piece = handle.read(min(chunk, remaining))
            if not piece:
                break
            remaining -= len(piece)
            yield piece
    finally:
        handle.close()

"""Is a zip an Office Open XML package (.docx/.xlsx/.pptx)? Answered with bounded work.

``zipfile.ZipFile`` reads the whole central directory into Python objects before it answers
anything: a 94 MB upload with a million empty members cost 17 s and +490 MB (issue 10, row 2).
Here only the end records (the last 64 KiB + 22 bytes) are read, the declared member count and
directory size are checked against caps *before* the directory is touched, and the directory is
then read in one bounded piece and walked until ``[Content_Types].xml`` — the part every OOXML
package must have (ECMA-376 Part 2 §10.1.2.1) — is found.

Real documents have tens to a few thousand parts; the caps are far above that.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import IO

MAX_ENTRIES = 20_000
MAX_DIRECTORY_BYTES = 4 * 1024 * 1024
CONTENT_TYPES = b"[Content_Types].xml"

_END = struct.Struct("<4s4H2LH")  # end of central directory record, 22 bytes
_END_SIGNATURE = b"PK\x05\x06"
_MAX_COMMENT = 0xFFFF
_LOCATOR = struct.Struct("<4sLQL")  # ZIP64 end of central directory locator, 20 bytes
_ZIP64_END = struct.Struct("<4sQ2H2L4Q")  # ZIP64 end of central directory record, 56 bytes
_ENTRY = struct.Struct("<4s6H3L5H2L")  # central directory file header, 46 bytes
_ENTRY_SIGNATURE = b"PK\x01\x02"


class TooManyParts(Exception):
    """The zip declares more members (or a larger directory) than any real document has."""


@dataclass(frozen=True)
class _Directory:
    start: int
    size: int
    entries: int


def _read_at(stream: IO[bytes], offset: int, length: int) -> bytes:
    stream.seek(offset)
    return stream.read(length)


def _zip64_directory(stream: IO[bytes], end_at: int) -> _Directory | None:
    """The ZIP64 end record sits right before its locator, which sits right before the end
    record; like ``zipfile`` the locator's own offset field is not trusted."""
    locator_at = end_at - _LOCATOR.size
    record_at = locator_at - _ZIP64_END.size
    if record_at < 0:
        return None
    locator = _read_at(stream, locator_at, _LOCATOR.size)
    record = _read_at(stream, record_at, _ZIP64_END.size)
    if len(locator) != _LOCATOR.size or not locator.startswith(b"PK\x06\x07"):
        return None
    if len(record) != _ZIP64_END.size or not record.startswith(b"PK\x06\x06"):
        return None
    _, _, _, _, disk, directory_disk, _, entries, size, _ = _ZIP64_END.unpack(record)
    if disk or directory_disk:
        return None
    return _Directory(start=record_at - size, size=size, entries=entries)


def _find_directory(stream: IO[bytes], file_size: int) -> _Directory | None:
    tail_at = max(0, file_size - _END.size - _MAX_COMMENT)
    tail = _read_at(stream, tail_at, file_size - tail_at)
    position = tail.rfind(_END_SIGNATURE)
    while position >= 0 and position + _END.size > len(tail):
        position = tail.rfind(_END_SIGNATURE, 0, position)
    if position < 0:
        return None
    _, disk, directory_disk, _, entries, size, _, _ = _END.unpack_from(tail, position)
    end_at = tail_at + position
    if entries == 0xFFFF or size == 0xFFFFFFFF:
        return _zip64_directory(stream, end_at)
    if disk or directory_disk:
        return None  # split archives are never Office documents
    # The directory ends where the end record starts; bytes prepended to the zip shift the
    # offsets it records, so its start is taken from its size, as ``zipfile`` does.
    return _Directory(start=end_at - size, size=size, entries=entries)


def is_ooxml_package(stream: IO[bytes], file_size: int) -> bool:
    """True when the zip's central directory names ``[Content_Types].xml``. Raises
    ``TooManyParts`` beyond the caps; reads at most 64 KiB + 4 MiB whatever the file."""
    directory = _find_directory(stream, file_size)
    if directory is None or directory.start < 0:
        return False
    if directory.entries > MAX_ENTRIES or directory.size > MAX_DIRECTORY_BYTES:
        raise TooManyParts
    data = _read_at(stream, directory.start, directory.size)
    offset = 0
    for _ in range(directory.entries):
        if offset + _ENTRY.size > len(data):
            return False
        fields = _ENTRY.unpack_from(data, offset)
        if fields[0] != _ENTRY_SIGNATURE:
            return False
        name_length, extra_length, comment_length = fields[10], fields[11], fields[12]
        name_at = offset + _ENTRY.size
        if data[name_at : name_at + name_length] == CONTENT_TYPES:
            return True
        offset = name_at + name_length + extra_length + comment_length
    return False

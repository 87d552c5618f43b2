"""Walking JPEG and PNG files byte-structure by byte-structure, to find where the image ends and
what follows it (used by ``images.py``). Pillow decodes pixels but does not say where a file's
image ends, so this is the part it cannot do.

Every walk is bounded: caps on segments, scans, streams, boxes and chunks, reads through one
64 KiB window for the small headers, and a regular expression (C speed) over the entropy-coded
data, so a crafted file costs at most about one pass over its bytes.
"""

from __future__ import annotations

import re
import struct
from typing import IO

from lpse_support.tickets.attachments.errors import thousands

MAX_JPEG_SEGMENTS = 10_000  # markers outside the scans; real files have a few dozen
MAX_JPEG_SCANS = 100  # progressive JPEGs have about 10; thousands are a known CPU bomb
MAX_JPEG_STREAMS = 8
MAX_BOXES = 4096
MAX_PNG_CHUNKS = 20_000  # ≈ 160 MB of IDAT in libpng's 8 KiB chunks; Pillow parses each twice
MAX_SEF_ENTRIES = 256
WINDOW = 64 * 1024
SCAN_CHUNK = 256 * 1024

# In entropy-coded data 0xFF is followed by 0x00 (a stuffed byte), a restart marker or more 0xFF
# fill bytes; anything else is the next marker.
_MARKER_AFTER_SCAN = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class ImageRefused(Exception):
    """A real image refused for its size or shape; ``reason`` ends the user's sentence."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Malformed(Exception):
    """The bytes do not follow the format."""


class Reader:
    """Random access to ``stream`` through one window, so thousands of tiny headers do not cost
    a seek and a read each."""

    def __init__(self, stream: IO[bytes], size: int) -> None:
        self.stream = stream
        self.size = size
        self._start = 0
        self._data = b""

    def read(self, offset: int, length: int) -> bytes:
        end = offset + length
        if offset < 0 or end > self.size:
            raise Malformed
        if offset < self._start or end > self._start + len(self._data):
            self.stream.seek(offset)
            if length > WINDOW:
                return self._exact(self.stream.read(length), length)
            self._data = self.stream.read(WINDOW)
            self._start = offset
        return self._exact(self._data[offset - self._start : end - self._start], length)

    @staticmethod
    def _exact(data: bytes, length: int) -> bytes:
        if len(data) != length:
            raise Malformed
        return data


def _skip_fill(reader: Reader, offset: int) -> int:
    """Offset of the marker byte after the 0xFF (and any 0xFF fill bytes) at ``offset``."""
    while True:
        piece = reader.read(offset, min(WINDOW, reader.size - offset))
        rest = piece.lstrip(b"\xff")
        if not piece:
            raise Malformed
        offset += len(piece) - len(rest)
        if rest:
            return offset


def _scan_end(reader: Reader, offset: int) -> int:
    """Offset of the marker that ends the entropy-coded data starting at ``offset``."""
    while True:
        reader.stream.seek(offset)
        piece = reader.stream.read(SCAN_CHUNK)
        if len(piece) < 2:
            raise Malformed
        found = _MARKER_AFTER_SCAN.search(piece)
        if found:
            return offset + found.start()
        offset += len(piece) - 1  # the last byte may be the 0xFF of a marker cut in two


def jpeg_end(reader: Reader, offset: int) -> int:
    """Walk the JPEG stream starting at ``offset`` (SOI) marker by marker; return the offset
    just after its EOI."""
    if reader.read(offset, 2) != b"\xff\xd8":
        raise Malformed
    position = offset + 2
    scans = 0
    for _ in range(MAX_JPEG_SEGMENTS):
        if reader.read(position, 1) != b"\xff":
            raise Malformed
        position = _skip_fill(reader, position)
        marker = reader.read(position, 1)[0]
        position += 1
        if marker == 0xD9:
            return position
        if marker in _STANDALONE:
            continue
        if marker in (0x00, 0xD8):
            raise Malformed
        (length,) = struct.unpack(">H", reader.read(position, 2))
        if length < 2:
            raise Malformed
        position += length
        if marker == 0xDA:
            scans += 1
            if scans > MAX_JPEG_SCANS:
                raise ImageRefused(f"terlalu banyak scan JPEG (lebih dari {MAX_JPEG_SCANS})")
            position = _scan_end(reader, position)
    raise Malformed


def _boxes_end(reader: Reader, offset: int) -> int:
    """Walk an ISO-BMFF box chain (an MP4 appended by Motion Photos) as far as it goes."""
    position = offset
    for _ in range(MAX_BOXES):
        if position + 8 > reader.size:
            return position
        size, kind = struct.unpack(">L4s", reader.read(position, 8))
        if not kind.isalnum():
            return position
        if size == 1:
            (size,) = struct.unpack(">Q", reader.read(position + 8, 8))
        elif size == 0:
            size = reader.size - position
        if size < 8 or position + size > reader.size:
            raise Malformed
        position += size
    raise Malformed


def _samsung_trailer_start(reader: Reader) -> int | None:
    """Where a Samsung trailer (``…SEFH directory, length, "SEFT"``) starts, if the file ends
    with a well-formed one: its data blocks lie before the directory, each entry giving its
    block's distance back from the directory and its size."""
    if reader.size < 20:
        return None
    length, tag = struct.unpack("<L4s", reader.read(reader.size - 8, 8))
    directory_at = reader.size - 8 - length
    if tag != b"SEFT" or not 12 <= length <= 12 + 12 * MAX_SEF_ENTRIES or directory_at < 0:
        return None
    directory = reader.read(directory_at, length)
    head, _version, count = struct.unpack_from("<4s2L", directory)
    if head != b"SEFH" or count > MAX_SEF_ENTRIES or 12 + 12 * count > length:
        return None
    first = 0
    for index in range(count):
        _, _, distance, size = struct.unpack_from("<2H2L", directory, 12 + 12 * index)
        if distance > directory_at or size > distance:
            return None
        first = max(first, distance)
    return directory_at - first


def _only_padding(reader: Reader, offset: int) -> bool:
    while offset < reader.size:
        piece = reader.read(offset, min(SCAN_CHUNK, reader.size - offset))
        if piece.strip(b"\x00"):
            return False
        offset += len(piece)
    return True


def jpeg_trailer_ok(reader: Reader, offset: int) -> bool:
    """Is what follows the first image (from ``offset``) only what cameras append: zero padding,
    further JPEG streams (MPF images, gain maps), an MP4 box chain, a Samsung trailer?"""
    samsung = _samsung_trailer_start(reader)
    streams = 1
    position = offset
    while position < reader.size:
        if position == samsung:
            return True
        head = reader.read(position, min(12, reader.size - position))
        if head.startswith(b"\xff\xd8\xff"):
            streams += 1
            if streams > MAX_JPEG_STREAMS:
                return False
            position = jpeg_end(reader, position)
        elif head[4:8] == b"ftyp":
            end = _boxes_end(reader, position)
            if end == position:
                return False
            position = end
        else:
            return _only_padding(reader, position)
    return True


def png_end(reader: Reader) -> int:
    """Walk the PNG's chunks (length, type, data, CRC) to the end of ``IEND``."""
    if reader.read(0, 8) != PNG_SIGNATURE:
        raise Malformed
    position = 8
    for _ in range(MAX_PNG_CHUNKS):
        length, kind = struct.unpack(">L4s", reader.read(position, 8))
        position += 12 + length
        if position > reader.size:
            raise Malformed
        if kind == b"IEND":
            return position
    raise ImageRefused(f"terlalu banyak bagian PNG (lebih dari {thousands(MAX_PNG_CHUNKS)})")

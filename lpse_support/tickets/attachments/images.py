"""JPEG and PNG uploads are decoded by Pillow and walked to their last byte (issue 10, row 13).

Magic bytes alone let ``<html>…`` ride behind a real picture. Here an image is accepted only when

- Pillow opens it as that format and decodes it (PNG after ``verify()`` has checked every
  chunk's CRC; JPEG in draft mode, at 1/8 scale: the whole entropy-coded stream is decoded but
  only 1/64 of the pixels are held, so memory stays a few MB for any photo);
- its pixel count is within ``MAX_PNG_PIXELS`` (a PNG is decoded whole: 40 M pixels ≈ 160 MB at
  most) or, for JPEG, Pillow's own decompression-bomb limit (``Image.MAX_IMAGE_PIXELS`` × 2);
- nothing follows the end of the image (PNG ``IEND``, JPEG ``EOI``) except what cameras really
  append: zero padding, further complete JPEG streams (Multi-Picture/MPF secondary images and the
  gain maps of iPhone and Ultra HDR photos), an ISO-BMFF (MP4) box chain (Google Motion Photos)
  or a Samsung ``SEFH``/``SEFT`` trailer. Each is walked structurally; anything else — a naive
  ``cat foto.jpg page.html`` — is refused.

Work is bounded by caps on scans, streams, boxes and chunks, so a crafted file costs at most one
pass over its bytes.
"""

from __future__ import annotations

import re
import struct
from typing import IO

from PIL import Image, UnidentifiedImageError

from lpse_support.tickets.attachments.errors import thousands

MAX_PNG_PIXELS = 40_000_000
MAX_JPEG_SCANS = 100  # progressive JPEGs have about 10; thousands are a known CPU bomb
MAX_JPEG_STREAMS = 8
MAX_JPEG_SEGMENTS = 10_000  # markers outside the scans; real files have a few dozen
MAX_BOXES = 4096
MAX_PNG_CHUNKS = 200_000
MAX_SEF_ENTRIES = 256
CHUNK = 1024 * 1024
SCAN_CHUNK = 256 * 1024

# In entropy-coded data 0xFF is followed by 0x00 (a stuffed byte), a restart marker or more 0xFF
# fill bytes; anything else is the next marker.
_MARKER_AFTER_SCAN = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class ImageRefused(Exception):
    """Why an image is refused, as a sentence fragment (``reason``) for the user's message."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Broken(Exception):
    """The bytes do not follow the format."""


def _read_exact(stream: IO[bytes], offset: int, length: int) -> bytes:
    stream.seek(offset)
    data = stream.read(length)
    if len(data) != length:
        raise _Broken
    return data


def _skip_fill(stream: IO[bytes], offset: int) -> int:
    """Offset of the marker byte after the 0xFF (and any 0xFF fill bytes) at ``offset``."""
    while True:
        stream.seek(offset)
        piece = stream.read(SCAN_CHUNK)
        rest = piece.lstrip(b"\xff")
        if not piece:
            raise _Broken
        offset += len(piece) - len(rest)
        if rest:
            return offset


def _scan_end(stream: IO[bytes], offset: int) -> int:
    """Offset of the marker that ends the entropy-coded data starting at ``offset``."""
    while True:
        stream.seek(offset)
        piece = stream.read(SCAN_CHUNK)
        if len(piece) < 2:
            raise _Broken
        found = _MARKER_AFTER_SCAN.search(piece)
        if found:
            return offset + found.start()
        offset += len(piece) - 1  # the last byte may be the 0xFF of a marker cut in two


def jpeg_end(stream: IO[bytes], offset: int) -> int:
    """Walk the JPEG stream starting at ``offset`` (SOI) marker by marker; return the offset
    just after its EOI."""
    if _read_exact(stream, offset, 2) != b"\xff\xd8":
        raise _Broken
    position = offset + 2
    scans = 0
    for _ in range(MAX_JPEG_SEGMENTS):
        if _read_exact(stream, position, 1) != b"\xff":
            raise _Broken
        position = _skip_fill(stream, position)
        marker = _read_exact(stream, position, 1)[0]
        position += 1
        if marker == 0xD9:
            return position
        if marker in _STANDALONE:
            continue
        if marker in (0x00, 0xD8):
            raise _Broken
        (length,) = struct.unpack(">H", _read_exact(stream, position, 2))
        if length < 2:
            raise _Broken
        position += length
        if marker == 0xDA:
            scans += 1
            if scans > MAX_JPEG_SCANS:
                raise ImageRefused(f"terlalu banyak scan JPEG (lebih dari {MAX_JPEG_SCANS})")
            position = _scan_end(stream, position)
    raise _Broken


def _boxes_end(stream: IO[bytes], offset: int, file_size: int) -> int:
    """Walk an ISO-BMFF box chain (an MP4 appended by Motion Photos) as far as it goes."""
    position = offset
    for _ in range(MAX_BOXES):
        if position + 8 > file_size:
            return position
        size, kind = struct.unpack(">L4s", _read_exact(stream, position, 8))
        if not kind.isalnum() and kind != b"uuid":
            return position
        if size == 1:
            (size,) = struct.unpack(">Q", _read_exact(stream, position + 8, 8))
        elif size == 0:
            size = file_size - position
        if size < 8 or position + size > file_size:
            raise _Broken
        position += size
    raise _Broken


def _samsung_trailer_start(stream: IO[bytes], file_size: int) -> int | None:
    """Where a Samsung trailer (``…SEFH directory, length, "SEFT"``) starts, if the file ends
    with a well-formed one: its data blocks lie before the directory, each entry giving its
    block's distance back from the directory and its size."""
    if file_size < 16:
        return None
    length, tag = struct.unpack("<L4s", _read_exact(stream, file_size - 8, 8))
    directory_at = file_size - 8 - length
    if tag != b"SEFT" or not 12 <= length <= 12 + 12 * MAX_SEF_ENTRIES or directory_at < 0:
        return None
    directory = _read_exact(stream, directory_at, length)
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


def _only_padding(stream: IO[bytes], offset: int, file_size: int) -> bool:
    stream.seek(offset)
    remaining = file_size - offset
    while remaining > 0:
        piece = stream.read(min(CHUNK, remaining))
        if not piece or piece.strip(b"\x00"):
            return False
        remaining -= len(piece)
    return True


def _jpeg_trailer_ok(stream: IO[bytes], offset: int, file_size: int) -> bool:
    samsung = _samsung_trailer_start(stream, file_size)
    streams = 1
    position = offset
    while position < file_size:
        if position == samsung:
            return True
        head = _read_exact(stream, position, min(12, file_size - position))
        if head.startswith(b"\xff\xd8\xff"):
            streams += 1
            if streams > MAX_JPEG_STREAMS:
                return False
            position = jpeg_end(stream, position)
        elif head[4:8] == b"ftyp":
            end = _boxes_end(stream, position, file_size)
            if end == position:
                return False
            position = end
        else:
            return _only_padding(stream, position, file_size)
    return True


def png_end(stream: IO[bytes]) -> int:
    """Walk the PNG's chunks (length, type, data, CRC) to the end of ``IEND``."""
    if _read_exact(stream, 0, 8) != _PNG_SIGNATURE:
        raise _Broken
    position = 8
    for _ in range(MAX_PNG_CHUNKS):
        length, kind = struct.unpack(">L4s", _read_exact(stream, position, 8))
        position += 12 + length
        if kind == b"IEND":
            return position
    raise ImageRefused(f"terlalu banyak bagian PNG (lebih dari {thousands(MAX_PNG_CHUNKS)})")


def _decode(stream: IO[bytes], family: str) -> None:
    """Open with the one plugin of ``family`` and decode (see module docstring)."""
    stream.seek(0)
    kind = "PNG" if family == "png" else "JPEG"
    if family == "png":
        with Image.open(stream, formats=[kind]) as image:
            _check_pixels(image.size, MAX_PNG_PIXELS)
            image.verify()
        stream.seek(0)
    with Image.open(stream, formats=[kind]) as image:
        if family == "jpeg":
            width, height = image.size
            image.draft(None, (max(1, width // 8), max(1, height // 8)))
        image.load()


def _check_pixels(size: tuple[int, int], limit: int) -> None:
    width, height = size
    if width * height > limit:
        raise ImageRefused(
            f"gambar terlalu besar ({width} × {height} piksel; batas {limit // 1_000_000} juta "
            "piksel)"
        )


def check_image(stream: IO[bytes], family: str, file_size: int) -> bool:
    """True for a well-formed ``family`` ("jpeg" or "png") image; False for bytes that are not
    one; ``ImageRefused`` for a real image refused for its size, scans or appended data."""
    try:
        if family == "png":
            end = png_end(stream)
            trailer_ok = end == file_size
        else:
            end = jpeg_end(stream, 0)
            trailer_ok = _jpeg_trailer_ok(stream, end, file_size)
        _decode(stream, family)
    except Image.DecompressionBombError as exc:
        raise ImageRefused("gambar terlalu besar (melebihi batas piksel)") from exc
    except (_Broken, UnidentifiedImageError, OSError, SyntaxError, ValueError, struct.error):
        return False
    if not trailer_ok:
        raise ImageRefused("ada data lain setelah akhir gambar")
    return True

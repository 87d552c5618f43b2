"""Hostile files for the upload checks (issue 10 rows 2 and 13): built byte by byte, fast, so the
tests and ``bench/upload_checks.py`` can make the exact shapes an attacker would send."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Iterator

from PIL import Image

CONTENT_TYPES = b'<?xml version="1.0"?><Types/>'


def image_bytes(kind: str, size: tuple[int, int] = (8, 8), **options: object) -> bytes:
    """A real ``PNG`` or ``JPEG`` made by Pillow."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, kind, **options)
    return buffer.getvalue()


def _entry_names(count: int, content_types_at: int) -> Iterator[bytes]:
    for index in range(count):
        yield b"[Content_Types].xml" if index == content_types_at else b"p/%07d.xml" % index


def many_entry_zip(count: int, *, content_types_at: int | None = None) -> bytes:
    """A ZIP of ``count`` empty stored members (ZIP64 end records past 65,535 entries), with
    ``[Content_Types].xml`` as member ``content_types_at`` (default: the last one) — so a check
    that lists every member has to walk them all before it finds it. 1 M entries ≈ 94 MB."""
    where = count - 1 if content_types_at is None else content_types_at
    local = bytearray()
    central = bytearray()
    for name in _entry_names(count, where):
        offset = len(local)
        local += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 0, 0, 0x21, 0, 0, 0, len(name), 0)
        local += name
        central += struct.pack(
            "<4s6H3L5H2L",
            b"PK\x01\x02",
            20,
            20,
            0,
            0,
            0,
            0x21,
            0,
            0,
            0,
            len(name),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += name
    return bytes(local + central + _end_records(count, len(central), len(local)))


def _end_records(count: int, central_size: int, central_offset: int) -> bytes:
    if count < 0xFFFF:
        return struct.pack(
            "<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, central_size, central_offset, 0
        )
    zip64_at = central_offset + central_size
    zip64 = struct.pack(
        "<4sQ2H2L4Q",
        b"PK\x06\x06",
        44,
        45,
        45,
        0,
        0,
        count,
        count,
        central_size,
        central_offset,
    )
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, zip64_at, 1)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return zip64 + locator + end


def png_bomb(width: int, height: int) -> bytes:
    """A valid PNG header declaring ``width`` × ``height`` grey pixels with a tiny zlib stream of
    zeros: a few KB on disk, gigabytes once decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">L", len(data)) + kind + data + struct.pack(">L", zlib.crc32(kind + data))
        )

    header = struct.pack(">2L5B", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compressobj(9)
    row = b"\x00" * (width + 1)
    data = b"".join(rows.compress(row) for _ in range(min(height, 64))) + rows.flush()
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def mp4_boxes(payload: bytes = b"\x00" * 64) -> bytes:
    """A minimal ISO-BMFF chain (``ftyp`` + ``mdat``), as Motion Photos append after the JPEG."""
    ftyp = struct.pack(">L4s4sL4s", 20, b"ftyp", b"isom", 0x200, b"isom")
    return ftyp + struct.pack(">L4s", 8 + len(payload), b"mdat") + payload


def samsung_trailer(payload: bytes = b"Image_UTC_Data1700000000000") -> bytes:
    """A Samsung ``SEFH``/``SEFT`` trailer with one data block, laid out as Samsung phones
    append it after the JPEG (see images.py)."""
    name = b"Image_UTC_Data"
    block = struct.pack("<2HL", 0, 0x0A01, len(name)) + name + payload
    directory = (
        b"SEFH"
        + struct.pack("<2L", 106, 1)
        + struct.pack("<2H2L", 0, 0x0A01, len(block), len(block))
    )
    return block + directory + struct.pack("<L", len(directory)) + b"SEFT"


def jpeg_with_size(width: int, height: int) -> bytes:
    """A small real JPEG whose frame header (SOF0) claims ``width`` × ``height``."""
    data = bytearray(image_bytes("JPEG"))
    at = data.index(b"\xff\xc0")
    struct.pack_into(">2H", data, at + 5, height, width)
    return bytes(data)

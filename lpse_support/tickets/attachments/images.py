"""JPEG and PNG uploads are decoded by Pillow and walked to their last byte (issue 10, row 13).

Magic bytes alone let ``<html>…`` ride behind a real picture. Here an image is accepted only when

- its structure, walked by ``image_walk.py``, ends where the file ends — or is followed only by
  what cameras really append: zero padding, further complete JPEG streams (Multi-Picture/MPF
  images, the gain maps of iPhone and Ultra HDR photos), an ISO-BMFF (MP4) box chain (Google
  Motion Photos) or a Samsung ``SEFH``/``SEFT`` trailer. A naive ``cat foto.jpg page.html`` is
  refused. (Bytes *inside* a valid structure — a JPEG comment, an MP4 box — are the image's own
  business: downloads are always ``attachment`` + ``nosniff``, never rendered inline);
- Pillow opens it with that format's plugin only and decodes it: a PNG after ``verify()`` has
  checked every chunk's CRC; a JPEG in draft mode at 1/8 scale — the whole entropy-coded stream
  is decoded but only 1/64 of the pixels are held, so memory stays a few MB for any photo;
- its pixel count is within ``MAX_PNG_PIXELS`` (a PNG is decoded whole: 40 M pixels ≈ 160 MB at
  worst) or, for JPEG, Pillow's decompression-bomb limit (``Image.MAX_IMAGE_PIXELS`` × 2, raised
  by Pillow as ``DecompressionBombError`` when the file is opened, before any decoding).
"""

from __future__ import annotations

import struct
from typing import IO

from PIL import Image

from lpse_support.tickets.attachments.image_walk import (
    ImageRefused,
    Malformed,
    Reader,
    jpeg_end,
    jpeg_trailer_ok,
    png_end,
)

MAX_PNG_PIXELS = 40_000_000

__all__ = ["MAX_PNG_PIXELS", "ImageRefused", "check_image"]


def _check_pixels(size: tuple[int, int], limit: int) -> None:
    width, height = size
    if width * height > limit:
        raise ImageRefused(
            f"gambar terlalu besar ({width} × {height} piksel; batas {limit // 1_000_000} juta "
            "piksel)"
        )


def _decode(stream: IO[bytes], family: str) -> None:
    """Open with the one plugin of ``family`` and decode (see module docstring)."""
    kind = "PNG" if family == "png" else "JPEG"
    if family == "png":
        stream.seek(0)
        with Image.open(stream, formats=[kind]) as image:
            _check_pixels(image.size, MAX_PNG_PIXELS)
            image.verify()
    stream.seek(0)
    with Image.open(stream, formats=[kind]) as image:
        if family == "jpeg":
            width, height = image.size
            image.draft(None, (max(1, width // 8), max(1, height // 8)))
        image.load()


def check_image(stream: IO[bytes], family: str, file_size: int) -> bool:
    """True for a well-formed ``family`` ("jpeg" or "png") image; False for bytes that are not
    one; ``ImageRefused`` for a real image refused for its size, shape or appended data."""
    reader = Reader(stream, file_size)
    try:
        if family == "png":
            trailer_ok = png_end(reader) == file_size
        else:
            trailer_ok = jpeg_trailer_ok(reader, jpeg_end(reader, 0))
    except (Malformed, struct.error):
        return False
    try:
        _decode(stream, family)
    except Image.DecompressionBombError as exc:
        raise ImageRefused("gambar terlalu besar (melebihi batas piksel)") from exc
    except ImageRefused:
        raise
    except Exception:
        # Pillow reports a malformed file with many exception types (OSError, SyntaxError,
        # ValueError, EOFError, struct.error, …); any of them means "not a valid image".
        return False
    if not trailer_ok:
        raise ImageRefused("ada data lain setelah akhir gambar")
    return True

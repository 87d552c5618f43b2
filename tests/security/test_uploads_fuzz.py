"""A bounded fuzz pass over the upload checks (issue 10, "What to build"): random bytes behind
each family's magic, and real files of every family truncated, bit-flipped, spliced or given a
tail. Whatever the bytes, ``check_upload`` either accepts or raises ``AttachmentRejected`` — no
other exception — within a time and a (Python) memory bound per file.

Kept small for the normal suite (a few seconds); raise ``FUZZ_EXAMPLES`` for a longer run:
``FUZZ_EXAMPLES=5000 pytest tests/security/test_uploads_fuzz.py``."""

from __future__ import annotations

import io
import os
import time
import tracemalloc
import zlib
from contextlib import suppress

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lpse_support.tickets.attachments import AttachmentRejected, check_upload
from lpse_support.tickets.attachments.validation import FAMILY_BY_EXTENSION, MAGIC
from tests.security.crafted_uploads import (
    image_bytes,
    jpeg_with_size,
    many_entry_zip,
    mp4_boxes,
    png_bomb,
    samsung_trailer,
)
from tests.support.uploads import SAMPLE_BYTES

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "120"))
SECONDS_PER_FILE = 2.0  # generous: CI machines are shared; typical files take milliseconds
PEAK_BYTES_PER_FILE = 16 * 1024 * 1024
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # the bound is asserted per file below, with a clearer message
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _xlsx() -> bytes:
    """A real workbook, made once: its bytes carry a timestamp, and Hypothesis needs the same
    seeds on every run of a strategy."""
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


SEEDS: dict[str, list[bytes]] = {
    "jpg": [
        image_bytes("JPEG", (48, 32)),
        image_bytes("JPEG", (48, 32), progressive=True),
        image_bytes("JPEG") + image_bytes("JPEG") + mp4_boxes(),
        image_bytes("JPEG") + samsung_trailer(),
        jpeg_with_size(40_000, 40_000),
    ],
    "png": [image_bytes("PNG", (48, 32)), png_bomb(60_000, 60_000), png_bomb(3_000, 2_000)],
    "docx": [SAMPLE_BYTES["docx"], _xlsx(), many_entry_zip(300), many_entry_zip(70_000)],
    "pdf": [SAMPLE_BYTES["pdf"]],
    "txt": [SAMPLE_BYTES["txt"], "Café – “kutipan”".encode("cp1252")],
    "doc": [SAMPLE_BYTES["doc"]],
    "zip": [SAMPLE_BYTES["zip"]],
    "rar": [SAMPLE_BYTES["rar"]],
}


def _png_with_empty_chunks(count: int) -> bytes:
    """A valid PNG with ``count`` empty ancillary chunks (CRC correct) before its pixels."""
    png = image_bytes("PNG")
    empty = b"\x00\x00\x00\x00prVt" + zlib.crc32(b"prVt").to_bytes(4, "big")
    return png[:33] + empty * count + png[33:]


def _bounded_check(name: str, data: bytes) -> None:
    """Check ``data`` twice: timed (tracemalloc slows Python several times over), then under
    tracemalloc for the peak of Python allocations."""
    started = time.perf_counter()
    with suppress(AttachmentRejected):
        check_upload(SimpleUploadedFile(name, data))
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    try:
        check_upload(SimpleUploadedFile(name, data))
    except AttachmentRejected:
        pass
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert elapsed < SECONDS_PER_FILE, f"{name}: {elapsed:.2f} s for {len(data)} bytes"
    assert peak < PEAK_BYTES_PER_FILE, f"{name}: {peak} bytes traced for {len(data)} bytes"


@FUZZ
@given(
    extension=st.sampled_from(sorted(FAMILY_BY_EXTENSION)),
    behind_magic=st.booleans(),
    data=st.binary(max_size=4096),
)
def test_random_bytes_are_accepted_or_refused_within_bounds(
    extension: str, behind_magic: bool, data: bytes
) -> None:
    family = FAMILY_BY_EXTENSION[extension]
    if behind_magic and family in MAGIC:
        data = MAGIC[family][0] + data
    elif behind_magic and family == "pdf":
        data = b"%PDF-1.7\n" + data
    _bounded_check(f"acak.{extension}", data)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    extension = draw(st.sampled_from(sorted(SEEDS)))
    data = bytearray(draw(st.sampled_from(SEEDS[extension])))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["truncate", "flip", "splice", "tail", "repeat"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "truncate":
            del data[at:]
        elif kind == "flip":
            bit = 1 << draw(st.integers(0, 7))
            if data:
                data[at] ^= bit
        elif kind == "splice":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif kind == "tail":
            data += draw(st.sampled_from([b"<html></html>", b"\x00" * 32, b"\xff\xd8\xff", b""]))
        else:  # a segment repeated: many markers, chunks, scans or zip entries
            piece = bytes(data[at : at + draw(st.integers(1, 32))])
            data[at:at] = piece * draw(st.integers(1, 2000))
    return f"mutasi.{extension}", bytes(data)


@FUZZ
@given(case=mutated())
def test_mutated_real_files_are_accepted_or_refused_within_bounds(
    case: tuple[str, bytes],
) -> None:
    _bounded_check(*case)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        # 60,000 fill bytes before a marker, and 9,000 empty comment segments.
        ("isi.jpg", b"\xff\xd8" + b"\xff" * 60_000 + b"\xd9"),
        ("komentar.jpg", b"\xff\xd8" + b"\xff\xfe\x00\x02" * 9_000 + b"\xff\xd9"),
        # 11,000 segments: over the cap, refused without walking on.
        ("segmen.jpg", b"\xff\xd8" + b"\xff\xfe\x00\x02" * 11_000 + b"\xff\xd9"),
        # 150 scans of nothing: a progressive-JPEG CPU bomb shape.
        ("scan.jpg", b"\xff\xd8" + b"\xff\xda\x00\x02" * 150 + b"\xff\xd9"),
        # 25,000 empty PNG chunks: over the cap; 15,000: walked, verified, decoded.
        ("potong.png", image_bytes("PNG")[:33] + b"\x00\x00\x00\x00tEXt\x00\x00\x00\x00" * 25_000),
        ("banyak.png", _png_with_empty_chunks(15_000)),
        # A box chain of 5,000 empty boxes after a JPEG.
        ("kotak.jpg", image_bytes("JPEG") + b"\x00\x00\x00\x08free" * 5_000),
    ],
    ids=["fill", "segments", "segments-cap", "scans", "png-chunks-cap", "png-chunks", "boxes"],
)
def test_crafted_structures_cost_bounded_work(name: str, data: bytes) -> None:
    _bounded_check(name, data)

"""The byte-range rules of single downloads (``attachments/ranges.py``, issue 10 row 14): the three
forms of one range, what is ignored (served whole) and what is unsatisfiable (416), checked for
every size and position Hypothesis finds, plus garbage headers that must never crash."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from django.utils.http import http_date
from hypothesis import given
from hypothesis import strategies as st

from lpse_support.tickets.attachments.ranges import (
    ByteRange,
    RangeNotSatisfiable,
    if_range_allows,
    read_range,
    requested_range,
)

sizes = st.integers(min_value=0, max_value=10**12)
positions = st.integers(min_value=0, max_value=10**12)


@given(size=sizes, first=positions, last=positions)
def test_first_and_last_position(size: int, first: int, last: int) -> None:
    header = f"bytes={first}-{last}"
    if last < first:
        assert requested_range(header, size) is None  # invalid: ignored, the whole file
    elif first >= size:
        with pytest.raises(RangeNotSatisfiable):
            requested_range(header, size)
    else:
        assert requested_range(header, size) == ByteRange(first, min(last, size - 1))


@given(size=sizes, first=positions)
def test_open_ended(size: int, first: int) -> None:
    if first >= size:
        with pytest.raises(RangeNotSatisfiable):
            requested_range(f"bytes={first}-", size)
    else:
        assert requested_range(f"bytes={first}-", size) == ByteRange(first, size - 1)


@given(size=sizes, suffix=positions)
def test_suffix_is_the_last_bytes_or_the_whole_file(size: int, suffix: int) -> None:
    if suffix == 0 or size == 0:
        with pytest.raises(RangeNotSatisfiable):
            requested_range(f"bytes=-{suffix}", size)
    else:
        wanted = requested_range(f"bytes=-{suffix}", size)
        assert wanted == ByteRange(max(0, size - suffix), size - 1)
        assert wanted is not None and wanted.length == min(suffix, size)


@pytest.mark.parametrize(
    "header",
    [
        "",
        "bytes",
        "bytes=",
        "bytes=-",
        "items=0-1",
        "bytes=a-b",
        "bytes=1-2-3",
        "bytes=0-1,3-4",
        "bytes= 0x1-2",
        "bytes=-+5",
        "bytes=١-٢",
        "bytes=" + "9" * 40 + "-",
    ],
)
def test_what_is_not_one_plain_byte_range_is_ignored(header: str) -> None:
    assert requested_range(header, 100) is None


def test_whitespace_and_case_are_tolerated() -> None:
    assert requested_range("Bytes = 1 - 2", 10) == ByteRange(1, 2)


@given(header=st.text(max_size=40), size=st.integers(min_value=0, max_value=1000))
def test_any_header_either_is_ignored_refused_or_lies_inside_the_file(
    header: str, size: int
) -> None:
    try:
        wanted = requested_range(header, size)
    except RangeNotSatisfiable:
        return
    if wanted is not None:
        assert 0 <= wanted.start <= wanted.end < size
        assert wanted.content_range(size) == f"bytes {wanted.start}-{wanted.end}/{size}"


def test_if_range_needs_the_same_strong_etag_or_the_exact_date() -> None:
    moment = datetime(2026, 1, 5, 8, 30, 15, 500000, tzinfo=UTC)
    etag = '"abc"'
    assert if_range_allows(None, etag=etag, last_modified=moment)
    assert if_range_allows('"abc"', etag=etag, last_modified=moment)
    assert not if_range_allows('W/"abc"', etag=etag, last_modified=moment)
    assert not if_range_allows('"abd"', etag=etag, last_modified=moment)
    assert if_range_allows(http_date(moment.timestamp()), etag=etag, last_modified=moment)
    assert not if_range_allows(http_date(moment.timestamp() - 1), etag=etag, last_modified=moment)
    assert not if_range_allows("kemarin", etag=etag, last_modified=moment)


class _Handle(io.BytesIO):
    closed_by_reader = False

    def close(self) -> None:
        self.closed_by_reader = True
        super().close()


@given(
    data=st.binary(max_size=300),
    start=st.integers(0, 300),
    length=st.integers(0, 300),
    chunk=st.integers(1, 64),
)
def test_read_range_yields_exactly_the_bytes_in_small_pieces(
    data: bytes, start: int, length: int, chunk: int
) -> None:
    handle = _Handle(data)
    pieces = list(read_range(handle, start, length, chunk=chunk))
    assert b"".join(pieces) == data[start : start + length]
    assert all(0 < len(piece) <= chunk for piece in pieces)
    assert handle.closed_by_reader


def test_an_abandoned_download_closes_the_file() -> None:
    handle = _Handle(bytes(100))
    reader = read_range(handle, 0, 100, chunk=10)
    next(reader)
    reader.close()
    assert handle.closed_by_reader

"""A ZIP written on the fly (R-ZIP, "Unduh Semua Lampiran"): each member is copied from storage
in 1 MiB pieces and the bytes produced so far are handed out at once, so the response starts
immediately and memory stays flat however large the ticket's files are.

The sink cannot seek, so ``zipfile`` writes a data descriptor after each member instead of
patching the local header; members are STORED (attachments are mostly already compressed) and
always ZIP64, so files and archives past 4 GiB need no special case.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import IO

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class ZipMember:
    """One file of the archive: its name inside the zip and how to open its bytes."""

    name: str
    open: Callable[[], IO[bytes]]
    modified: datetime


class _Sink:
    """Unseekable write target that collects what ``zipfile`` writes until it is drained."""

    def __init__(self) -> None:
        self._pieces: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._pieces.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        return None

    def drain(self) -> bytes:
        data = b"".join(self._pieces)
        self._pieces.clear()
        return data


def _zip_time(moment: datetime) -> tuple[int, int, int, int, int, int]:
    # The ZIP format cannot represent dates before 1980.
    if moment.year < 1980:
        return (1980, 1, 1, 0, 0, 0)
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def zip_stream(members: Iterable[ZipMember], *, chunk_size: int = CHUNK) -> Iterator[bytes]:
    """Yield the bytes of a ZIP of ``members``; never holds more than about one chunk."""
    sink = _Sink()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_STORED) as archive:  # type: ignore[call-overload]
        for member in members:
            info = zipfile.ZipInfo(member.name, date_time=_zip_time(member.modified))
            info.compress_type = zipfile.ZIP_STORED
            info.external_attr = 0o644 << 16
            with member.open() as source, archive.open(info, "w", force_zip64=True) as target:
                while True:
                    piece = source.read(chunk_size)
                    if not piece:
                        break
                    target.write(piece)
                    data = sink.drain()
                    if data:
                        yield data
            data = sink.drain()
            if data:
                yield data
    data = sink.drain()
    if data:
        yield data

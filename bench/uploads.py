"""Benchmark (not a test): a large file sent ahead of its form by tus (/unggah/), with a dropped
connection half-way, then attached by filing the ticket — and the server's memory meanwhile.

Starts ``manage.py runserver --noreload`` in a scratch directory (like ``upload_large.py``), logs
in as ``ppk1``, creates a tus upload of ``--mb`` MiB and sends it in PATCHes of ``--chunk`` MiB
(the body is generated piece by piece: the client never holds the file). In the middle PATCH the
socket is closed after half its bytes; ``HEAD`` then tells the offset to resume from. Finally
``/tiket/baru/`` is posted with the upload's id (``pending_uploads``) and no file. Prints the
elapsed time, the throughput and the server's peak RSS next to its RSS before each phase: flat
memory means the peak stays close to the baseline whatever ``--mb`` is.

    .venv/bin/python bench/uploads.py --mb 200
"""

from __future__ import annotations

import argparse
import base64
import json
import re
import shutil
import socket
import sys
import time
import uuid
from collections.abc import Iterator
from urllib.parse import urlencode

from _bench_server import (
    PASSWORD,
    USERNAME,
    RssSampler,
    Scratch,
    Session,
    free_port,
    rss_mb,
    start_server,
)
from upload_large import BLOCK, MIB, Figure, ids_from_form

TUS = {"Tus-Resumable": "1.0.0"}


def blocks(start: int, length: int) -> Iterator[bytes]:
    """Bytes ``start`` .. ``start + length`` of the generated file (BLOCK repeated)."""
    position = start
    end = start + length
    while position < end:
        within = position % MIB
        piece = BLOCK[within : min(MIB, within + end - position)]
        yield piece
        position += len(piece)


def create(session: Session, size: int, form_key: str) -> str:
    meta = ",".join(
        f"{key} {base64.b64encode(value.encode()).decode()}"
        for key, value in (("filename", "penawaran_besar.rhs"), ("form_key", form_key))
    )
    headers = {**TUS, "Upload-Length": str(size), "Upload-Metadata": meta}
    connection, response = session.request(
        "POST", "/unggah/", None, {**headers, "X-CSRFToken": session.csrf}
    )
    try:
        body = response.read()
        if response.status != 201:
            sys.exit(f"creation failed ({response.status}): {body[:300]!r}")
        location = response.getheader("Location") or ""
    finally:
        connection.close()
    return "/" + location.split("/", 3)[3]


def patch(session: Session, url: str, offset: int, length: int) -> int:
    headers = {
        **TUS,
        "Upload-Offset": str(offset),
        "Content-Type": "application/offset+octet-stream",
        "Content-Length": str(length),
        "X-CSRFToken": session.csrf,
    }
    connection, response = session.request("PATCH", url, blocks(offset, length), headers)
    try:
        if response.status != 204:
            sys.exit(f"PATCH at {offset} failed ({response.status}): {response.read()[:300]!r}")
        return int(response.getheader("Upload-Offset") or 0)
    finally:
        connection.close()


def dropped_patch(session: Session, url: str, offset: int, length: int) -> None:
    """A PATCH announcing ``length`` bytes whose connection dies after half of them."""
    head = (
        f"PATCH {url} HTTP/1.1\r\nHost: 127.0.0.1:{session.port}\r\n"
        f"Cookie: {'; '.join(f'{k}={v}' for k, v in session.cookies.items())}\r\n"
        f"Tus-Resumable: 1.0.0\r\nUpload-Offset: {offset}\r\n"
        f"Content-Type: application/offset+octet-stream\r\nContent-Length: {length}\r\n"
        f"X-CSRFToken: {session.csrf}\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", session.port)) as sock:
        sock.sendall(head)
        for piece in blocks(offset, length // 2):
            sock.sendall(piece)
    time.sleep(1.0)  # the server notices the short body and keeps what arrived


def offset_of(session: Session, url: str) -> int:
    connection, response = session.request("HEAD", url, None, dict(TUS))
    try:
        response.read()
        return int(response.getheader("Upload-Offset") or -1)
    finally:
        connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=int, default=200, help="size of the generated file (MiB)")
    parser.add_argument("--chunk", type=int, default=8, help="PATCH size (MiB)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    args = parser.parse_args()
    size, chunk = args.mb * MIB, args.chunk * MIB

    scratch = Scratch.create(args.mb)
    print(f"scratch directory: {scratch.directory}")
    scratch.manage("migrate", "--noinput")
    scratch.manage("seed_demo")
    port = free_port()
    server = start_server(scratch, port)
    sampler = RssSampler(server.pid)
    sampler.start()
    figures: list[Figure] = []
    try:
        session = Session(port)
        session.login(USERNAME, PASSWORD)
        ids = ids_from_form(session)
        status, page, _ = session.text("GET", "/tiket/baru/")
        key = re.search(r'name="idempotency_key" value="([^"]+)"', page)
        form_key = key.group(1) if key else str(uuid.uuid4())
        print(f"server pid {server.pid} on port {port}; idle RSS {rss_mb(server.pid):.1f} MB")

        baseline = sampler.phase()
        started = time.monotonic()
        url = create(session, size, form_key)
        offset, drops = 0, 0
        while offset < size:
            length = min(chunk, size - offset)
            if drops == 0 and offset >= size // 2:
                dropped_patch(session, url, offset, length)
                drops += 1
                resumed = offset_of(session, url)
                print(f"connection dropped at {offset + length // 2} B; HEAD says {resumed} B")
                if resumed <= offset:
                    sys.exit("the bytes before the drop were not kept")
                offset = resumed
                continue
            offset = patch(session, url, offset, length)
        figures.append(
            Figure("tus upload", args.mb, time.monotonic() - started, baseline, sampler.peak)
        )
        print(figures[-1].line())

        baseline = sampler.phase()
        started = time.monotonic()
        fields = {
            "csrfmiddlewaretoken": session.csrf,
            "title": f"Benchmark unggah tus {args.mb} MB",
            **ids,
            "description": "File penawaran besar diunggah lebih dulu oleh skrip benchmark.",
            "idempotency_key": form_key,
            "pending_uploads": url.rstrip("/").rsplit("/", 1)[-1],
        }
        status, page, _ = session.text(
            "POST",
            "/tiket/baru/",
            urlencode(fields).encode(),
            **{"Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": session.csrf},
        )
        if status != 302:
            sys.exit(f"filing the ticket failed ({status}): {page[:500]}")
        figures.append(
            Figure("attach on accept", args.mb, time.monotonic() - started, baseline, sampler.peak)
        )
        print(figures[-1].line())
        print(
            json.dumps(
                {
                    f.phase: {
                        "peak_rss_mb": round(f.peak_rss, 1),
                        "baseline_rss_mb": round(f.baseline_rss, 1),
                    }
                    for f in figures
                }
            )
        )
    finally:
        sampler.stop()
        server.terminate()
        server.wait(timeout=30)
        if not args.keep:
            shutil.rmtree(scratch.directory, ignore_errors=True)


if __name__ == "__main__":
    main()

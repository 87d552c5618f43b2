"""Benchmark (not a test): stream a large attachment through the real server and watch its memory.

Starts ``manage.py runserver --noreload`` on a free port with DEBUG=1, a scratch SQLite database
and MEDIA_ROOT in a temporary directory (migrate + seed_demo first), logs in as ``ppk1``, then:

- ``--target upload`` (default): streams a generated ``.rhs`` of ``--mb`` MB as multipart to
  /tiket/baru/ with a generator body — the client never holds the file either — then downloads
  the new ticket's attachment and its zip;
- ``--target download``: files the ticket with the generated file through ``ticket_create`` in
  ``manage.py shell`` and measures only the download of the attachment and of the zip.

The server's VmRSS (from /proc/<pid>/status) is sampled every 50 ms; for each phase the script
prints the elapsed time, the throughput and the server's peak RSS next to its RSS before the
phase. Flat memory means the peak stays close to the baseline whatever ``--mb`` is.

    .venv/bin/python bench/upload_large.py --mb 500 --target download
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from _bench_server import (
    PASSWORD,
    USERNAME,
    RssSampler,
    Scratch,
    Session,
    free_port,
    options,
    rss_mb,
    start_server,
)

MIB = 1024 * 1024
BLOCK = os.urandom(MIB)


# --- the generated file and the multipart body ----------------------------------------------


def file_blocks(megabytes: int) -> Iterator[bytes]:
    """``megabytes`` MiB of opaque bytes, one MiB at a time (the same random block repeated)."""
    for _ in range(megabytes):
        yield BLOCK


def expected_sha256(megabytes: int) -> str:
    digest = hashlib.sha256()
    for block in file_blocks(megabytes):
        digest.update(block)
    return digest.hexdigest()


def write_file(path: Path, megabytes: int) -> None:
    with path.open("wb") as target:
        for block in file_blocks(megabytes):
            target.write(block)


def multipart(
    fields: list[tuple[str, str]], file_field: str, file_name: str, megabytes: int
) -> tuple[str, int, Iterator[bytes]]:
    """Content-Type, exact Content-Length and a generator yielding the body piece by piece."""
    boundary = f"----lpse-bench-{uuid.uuid4().hex}"
    head = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields
    )
    head += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
        f'filename="{file_name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()

    def body() -> Iterator[bytes]:
        yield head
        yield from file_blocks(megabytes)
        yield tail

    length = len(head) + megabytes * MIB + len(tail)
    return f"multipart/form-data; boundary={boundary}", length, body()


# --- phases ---------------------------------------------------------------------------------


@dataclass
class Figure:
    phase: str
    megabytes: float
    seconds: float
    baseline_rss: float
    peak_rss: float

    def line(self) -> str:
        rate = self.megabytes / self.seconds if self.seconds else float("inf")
        return (
            f"{self.phase:<18} {self.megabytes:>8.1f} MB {self.seconds:>8.2f} s "
            f"{rate:>9.1f} MB/s   server RSS {self.baseline_rss:>7.1f} → peak "
            f"{self.peak_rss:>7.1f} MB (+{self.peak_rss - self.baseline_rss:.1f})"
        )


def ids_from_form(session: Session) -> dict[str, str]:
    """SPSE, its first version, a category and a sub-category, read from the create form and
    the option lists it loads."""
    status, page, _ = session.text("GET", "/tiket/baru/")
    if status != 200:
        raise LookupError(f"GET /tiket/baru/ answered {status}")
    spse = [value for value, label in options(page, "application") if label.startswith("SPSE")]
    if not spse:
        raise LookupError("no SPSE option on the create form")
    application = spse[0]

    def listed(path: str, select_name: str) -> str:
        on_page = options(page, select_name)
        if on_page:
            return on_page[0][0]
        status, fragment, _ = session.text("GET", path)
        found = options(fragment)
        if status != 200 or not found:
            raise LookupError(f"no {select_name} option from {path}")
        return found[0][0]

    version = listed(f"/tiket/baru/versi/?application={application}", "version")
    category = listed(f"/tiket/baru/kategori/?application={application}", "category")
    subcategory = listed(f"/tiket/baru/sub-kategori/?category={category}", "subcategory")
    return {
        "application": application,
        "version": version,
        "category": category,
        "subcategory": subcategory,
    }


def upload(session: Session, sampler: RssSampler, megabytes: int) -> tuple[Figure, str]:
    ids = ids_from_form(session)
    session.text("GET", "/tiket/baru/")
    fields = [
        ("csrfmiddlewaretoken", session.csrf),
        ("title", f"Benchmark unggah {megabytes} MB"),
        ("application", ids["application"]),
        ("version", ids["version"]),
        ("category", ids["category"]),
        ("subcategory", ids["subcategory"]),
        ("description", "File penawaran besar diunggah oleh skrip benchmark."),
        ("idempotency_key", str(uuid.uuid4())),
    ]
    content_type, length, body = multipart(fields, "files", "penawaran_besar.rhs", megabytes)
    baseline = sampler.phase()
    started = time.monotonic()
    connection, response = session.request(
        "POST",
        "/tiket/baru/",
        body,
        {"Content-Type": content_type, "Content-Length": str(length), "X-CSRFToken": session.csrf},
    )
    answer = response.read().decode(errors="replace")
    connection.close()
    seconds = time.monotonic() - started
    figure = Figure("upload", length / MIB, seconds, baseline, sampler.peak)
    if response.status != 302:
        errors = re.findall(r'class="invalid-feedback[^"]*"[^>]*>(.*?)<', answer, re.S)
        sys.exit(f"upload answered {response.status}: {errors or answer[:500]}")
    _, listing, _ = session.text("GET", "/tiket/")
    numbers = re.findall(r"T[A-Z]{2}\d{10,}", listing)
    if not numbers:
        sys.exit("upload redirected but no ticket number shows on /tiket/")
    return figure, numbers[0]


SHELL_CREATE = """
import json, os
from django.core.files.uploadedfile import UploadedFile
from lpse_support.accounts.models import User
from lpse_support.catalog.models import Application, SubCategory
from lpse_support.tickets.services.ticket_create import ticket_create
path = {path!r}
spse = Application.objects.get(name__startswith="SPSE")
version = spse.versions.filter(active=True).order_by("order", "pk").first()
subcategory = SubCategory.objects.filter(category__application=spse, active=True).first()
with open(path, "rb") as handle:
    upload = UploadedFile(handle, name="penawaran_besar.rhs",
                          content_type="application/octet-stream", size=os.path.getsize(path))
    ticket = ticket_create(reporter=User.objects.get(username={username!r}),
                           title="Benchmark unduh", version_id=version.pk,
                           subcategory_id=subcategory.pk, application_id=spse.pk,
                           description="File penawaran besar untuk benchmark unduh.",
                           files=[upload])
print("TICKET=" + ticket.number)
"""


def create_through_shell(scratch: Scratch, megabytes: int) -> str:
    path = scratch.directory / "penawaran_besar.rhs"
    write_file(path, megabytes)
    output = scratch.manage("shell", stdin=SHELL_CREATE.format(path=str(path), username=USERNAME))
    path.unlink()
    match = re.search(r"TICKET=(\S+)", output)
    if match is None:
        sys.exit(f"ticket_create in the shell printed no number:\n{output}")
    return match.group(1)


def download(
    session: Session, sampler: RssSampler, phase: str, path: str, keep: Path | None
) -> tuple[Figure, str]:
    baseline = sampler.phase()
    started = time.monotonic()
    connection, response = session.request("GET", path)
    if response.status != 200:
        sys.exit(f"GET {path} answered {response.status}")
    digest = hashlib.sha256()
    received = 0
    target = keep.open("wb") if keep else None
    try:
        while True:
            piece = response.read(MIB)
            if not piece:
                break
            received += len(piece)
            digest.update(piece)
            if target:
                target.write(piece)
    finally:
        connection.close()
        if target:
            target.close()
    seconds = time.monotonic() - started
    return Figure(phase, received / MIB, seconds, baseline, sampler.peak), digest.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=int, default=500, help="size of the generated file (MiB)")
    parser.add_argument("--target", choices=["upload", "download"], default="upload")
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    args = parser.parse_args()

    scratch = Scratch.create(args.mb)
    print(f"scratch directory: {scratch.directory}")
    scratch.manage("migrate", "--noinput")
    scratch.manage("seed_demo")
    number = ""
    if args.target == "download":
        number = create_through_shell(scratch, args.mb)
    port = free_port()
    server = start_server(scratch, port)
    sampler = RssSampler(server.pid)
    sampler.start()
    figures: list[Figure] = []
    try:
        session = Session(port)
        session.login(USERNAME, PASSWORD)
        print(f"server pid {server.pid} on port {port}; idle RSS {rss_mb(server.pid):.1f} MB")
        if args.target == "upload":
            figure, number = upload(session, sampler, args.mb)
            figures.append(figure)
            print(figure.line())
        figure, file_digest = download(
            session, sampler, "download file", f"/tiket/{number}/lampiran/1/", None
        )
        figures.append(figure)
        print(figure.line())
        zip_path = scratch.directory / "lampiran.zip"
        figure, _ = download(
            session, sampler, "download zip", f"/tiket/{number}/lampiran.zip", zip_path
        )
        figures.append(figure)
        print(figure.line())
        with zipfile.ZipFile(zip_path) as archive:
            broken = archive.testzip()
            names = archive.namelist()
            inner = hashlib.sha256()
            with archive.open(names[0]) as member:
                while piece := member.read(MIB):
                    inner.update(piece)
        zip_path.unlink()
        if file_digest != expected_sha256(args.mb):
            sys.exit("the downloaded file differs from the generated one")
        if broken is not None or inner.hexdigest() != file_digest:
            sys.exit(f"zip check failed: broken={broken} names={names}")
        print(f"ticket {number}: file sha256 {file_digest[:16]}…, zip members {names} verified")
        print(
            json.dumps(
                {
                    "target": args.target,
                    "mb": args.mb,
                    "samples": sampler.samples,
                    "phases": [figure.__dict__ for figure in figures],
                }
            )
        )
    finally:
        sampler.stop()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        if args.keep:
            print(f"kept {scratch.directory}")
        else:
            shutil.rmtree(scratch.directory, ignore_errors=True)


if __name__ == "__main__":
    main()

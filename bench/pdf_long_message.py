"""Benchmark (not a test): Export PDF of tickets carrying hostile content (issue 10, row 1).

Builds a throw-away SQLite database in a temporary directory (``migrate`` + ``seed_demo``), files
one ticket per case as ``ppk1`` through ``ticket_create`` / ``ticket_comment`` and times
``render_ticket_pdf`` as the PDF view calls it (the ticket read through ``ticket_detail``).
Prints, per case: seconds, pages, size in KB, or the exception that broke the build.

    .venv/bin/python bench/pdf_long_message.py                  # every case
    .venv/bin/python bench/pdf_long_message.py --only 2mb,word  # some cases
    .venv/bin/python bench/pdf_long_message.py --save /tmp/pdfs  # keep the PDFs to look at

Cases (``CASES``): ``70`` the 70-line message that first broke the export, ``5000`` a 5,000-line
message, ``2mb`` a pasted log of 2 MB (~25,000 lines), ``word`` one unbroken 10,000-character
word, ``files`` 10 attachments with 200-character names, ``many`` 2,000 messages (so 2,000
history rows), ``3x2mb`` three 2 MB messages (past the PDF's text budget), ``tender`` manual
tender fields of 1 MB (the API has no length limit on them).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCRATCH = Path(tempfile.mkdtemp(prefix="lpse-bench-pdf-"))
os.environ["DATABASE_URL"] = f"sqlite:///{SCRATCH / 'db.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402

from lpse_support.accounts.models import User  # noqa: E402
from lpse_support.catalog.models import SubCategory  # noqa: E402
from lpse_support.tickets.pdf import render_ticket_pdf  # noqa: E402
from lpse_support.tickets.selectors.detail import ticket_detail  # noqa: E402
from lpse_support.tickets.services.ticket_comment import ticket_comment  # noqa: E402
from lpse_support.tickets.services.ticket_create import (  # noqa: E402
    ManualTender,
    ticket_create,
)

LOG_LINE = "2026-11-28 09:00:{s:02d} ERROR spse.dokumen GagalUnduh: timeout koneksi ke server {n}"


def log_text(lines: int) -> str:
    return "\n".join(LOG_LINE.format(s=n % 60, n=n) for n in range(lines))


def two_megabytes() -> str:
    text = log_text(26_000)
    return text[: 2 * 1024 * 1024]


TXT = b"Laporan galat.\n"


@dataclass(frozen=True)
class Case:
    label: str
    body: Callable[[], str]
    files: int = 0  # attachments on the message
    messages: int = 1  # copies of the message
    tender_field: int = 0  # characters of each free-text manual tender field


CASES = {
    "70": Case("70-line message", lambda: log_text(70)),
    "5000": Case("5,000-line message", lambda: log_text(5000)),
    "2mb": Case("2 MB message", two_megabytes),
    "word": Case("10,000-char unbroken word", lambda: "https://x.example/" + "a" * 10_000),
    "files": Case("10 attachments, 200-char names", lambda: "Lihat lampiran.", files=10),
    "many": Case("2,000 messages (and events)", lambda: "Mohon dicek.", messages=2000),
    "3x2mb": Case("three 2 MB messages", two_megabytes, messages=3),
    "tender": Case("manual tender fields of 1 MB", lambda: "Lihat data.", tender_field=10**6),
}


def file_ticket(reporter: User, case: Case, body: str) -> str:
    subcategory = SubCategory.objects.select_related("category__application").filter(
        active=True, category__application__code="spse"
    )[0]
    application = subcategory.category.application
    version = application.versions.filter(active=True)[0]
    manual = (
        ManualTender(
            spse_build="b" * case.tender_field, procurement_category="k " * (case.tender_field // 2)
        )
        if case.tender_field
        else None
    )
    ticket = ticket_create(
        reporter=reporter,
        title="Gagal mengunduh dokumen pemilihan — " + "judul panjang " * 4,
        version_id=version.pk,
        subcategory_id=subcategory.pk,
        application_id=application.pk,
        description="Dokumen pemilihan tidak dapat diunduh sejak pagi tadi.",
        manual_tender=manual,
    )
    for _copy in range(case.messages):
        uploads = [
            SimpleUploadedFile(f"{'lampiran-panjang-' * 11}{index}.txt"[-200:], TXT)
            for index in range(case.files)
        ]
        ticket_comment(ticket_number=ticket.number, actor=reporter, message=body, files=uploads)
    return ticket.number


def pages(content: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", content))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(CASES), help="comma-separated case names")
    parser.add_argument("--save", type=Path, help="write each PDF as DIR/<case>.pdf")
    args = parser.parse_args()
    settings.MEDIA_ROOT = SCRATCH / "media"
    settings.STORAGES["default"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(SCRATCH / "media")},
    }
    # The PDF's stylesheet is read from the static directory (no collectstatic manifest here).
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    reporter = User.objects.get(username="ppk1")
    print(f"scratch: {SCRATCH}")
    for name in args.only.split(","):
        case = CASES[name]
        text = case.body()
        number = file_ticket(reporter, case, text)
        detail = ticket_detail(reporter, number)
        start = time.perf_counter()
        try:
            content = render_ticket_pdf(detail)
        except Exception as exc:  # the figure to report is what broke, not a traceback
            elapsed = time.perf_counter() - start
            outcome = f"FAILED {type(exc).__name__}: {str(exc)[:80]}"
        else:
            elapsed = time.perf_counter() - start
            outcome = f"{pages(content):5d} pages {len(content) / 1024:9.1f} KB"
            if args.save:
                args.save.mkdir(parents=True, exist_ok=True)
                (args.save / f"{name}.pdf").write_bytes(content)
        print(
            f"{case.label:34s} {len(text) * case.messages:>9,d} chars  {elapsed:7.2f} s  {outcome}",
            flush=True,
        )


if __name__ == "__main__":
    main()

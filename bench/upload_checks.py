"""Benchmark (not a test): the cost of checking one hostile upload (issue 10, rows 2 and 13).

Writes a crafted file to a scratch directory, then checks it with ``check_upload`` in a fresh
Python process (so the memory figure is that check's alone) and prints the verdict, the wall
time and the process's peak RSS before and after the check (``VmHWM`` from /proc/self/status).

    .venv/bin/python bench/upload_checks.py --entries 1000000          # 1 M-entry .docx (~94 MB)
    .venv/bin/python bench/upload_checks.py --png-bomb 60000           # 60,000² grey PNG
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHILD = r"""
import json, sys, time
import django
django.setup()
from django.core.files.uploadedfile import UploadedFile
from lpse_support.tickets.attachments import AttachmentRejected, check_upload

def peak_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0

path, name = sys.argv[1], sys.argv[2]
before = peak_mb()
started = time.perf_counter()
with open(path, "rb") as handle:
    upload = UploadedFile(handle, name=name, size=__import__("os").path.getsize(path))
    try:
        check_upload(upload)
        verdict = "accepted"
    except AttachmentRejected as exc:
        verdict = "refused: " + exc.message
elapsed = time.perf_counter() - started
print(json.dumps({"verdict": verdict, "seconds": elapsed, "peak_before": before,
                  "peak_after": peak_mb()}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, help="a .docx with this many zip entries")
    parser.add_argument("--png-bomb", type=int, help="a square PNG of this many pixels a side")
    args = parser.parse_args()
    from tests.security.crafted_uploads import many_entry_zip, png_bomb

    if args.entries:
        data, name = many_entry_zip(args.entries), "laporan.docx"
    elif args.png_bomb:
        data, name = png_bomb(args.png_bomb, args.png_bomb), "layar.png"
    else:
        parser.error("choose --entries or --png-bomb")
    with tempfile.TemporaryDirectory(prefix="lpse-bench-checks-") as scratch:
        path = Path(scratch) / name
        path.write_bytes(data)
        del data
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "PYTHONPATH": str(ROOT)}
        output = subprocess.run(  # noqa: S603 — our own interpreter and script
            [sys.executable, "-c", CHILD, str(path), name],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        result = json.loads(output.strip().splitlines()[-1])
        size_mb = path.stat().st_size / 1024 / 1024
    print(
        f"{name} {size_mb:.1f} MB: {result['verdict']}\n"
        f"  {result['seconds']:.2f} s, peak RSS {result['peak_before']:.1f} → "
        f"{result['peak_after']:.1f} MB (+{result['peak_after'] - result['peak_before']:.1f})"
    )


if __name__ == "__main__":
    main()

"""Compile every locale/*/LC_MESSAGES/*.po into its .mo with polib (no GNU gettext needed).

Up-to-date .mo files are left alone, so ``make`` can run this on every start. A .po that does
not parse, or whose translation drops or invents a %-placeholder, stops the command with an
error naming the file and entry: a broken catalog must never ship silently.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

# %(name)s, %s, %d … — what Python's % operator will look for at render time.
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0\- +]*\d*(?:\.\d+)?[sdifrxXeEgGoc%]")
# polib forgives an unterminated quote; msgfmt does not. Each line must be a keyword + one
# complete C string, a continuation string, a comment or blank.
_STRING = r'"(?:[^"\\]|\\.)*"'
_VALID_LINE = re.compile(
    rf"^\s*(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+{_STRING}|{_STRING})?\s*$"
)


def _lint_lines(po_path: Path) -> None:
    try:
        lines = po_path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"{po_path}: cannot be read: {error}") from error
    for number, line in enumerate(lines, start=1):
        if not _VALID_LINE.match(line):
            raise CommandError(f"{po_path}:{number}: syntax error: {line!r}")


def _placeholders(text: str) -> list[str]:
    return sorted(match for match in PLACEHOLDER.findall(text) if match != "%%")


def _check_entry(po_path: Path, entry: polib.POEntry) -> None:
    if "python-format" not in entry.flags and "python-brace-format" not in entry.flags:
        return
    expected = _placeholders(entry.msgid)
    translations = [entry.msgstr] if not entry.msgstr_plural else list(entry.msgstr_plural.values())
    for translation in translations:
        if translation and _placeholders(translation) != expected and not entry.msgid_plural:
            raise CommandError(
                f"{po_path}:{entry.linenum}: placeholders of {entry.msgid!r} "
                f"({', '.join(expected) or 'none'}) differ in its translation {translation!r}"
            )


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po to .mo with polib; skips up-to-date files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Recompile even when the .mo is up to date."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        po_files = sorted(
            po
            for locale_dir in settings.LOCALE_PATHS
            for po in Path(locale_dir).glob("*/LC_MESSAGES/*.po")
        )
        compiled = 0
        for po_path in po_files:
            mo_path = po_path.with_suffix(".mo")
            if (
                not options["force"]
                and mo_path.exists()
                and mo_path.stat().st_mtime >= po_path.stat().st_mtime
            ):
                continue
            self._compile(po_path, mo_path)
            compiled += 1
            if options["verbosity"] >= 2:
                self.stdout.write(f"compiled {po_path}")
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"{compiled} catalog(s) compiled, {len(po_files) - compiled} up to date."
            )

    def _compile(self, po_path: Path, mo_path: Path) -> None:
        _lint_lines(po_path)
        try:
            catalog = polib.pofile(str(po_path), check_for_duplicates=True)
        except (OSError, ValueError) as error:
            raise CommandError(f"{po_path}: cannot be read: {error}") from error
        for entry in catalog:
            if not entry.obsolete:
                _check_entry(po_path, entry)
        # Write beside the target and rename, so a running server never reads half a file.
        handle, temporary = tempfile.mkstemp(dir=mo_path.parent, suffix=".mo.tmp")
        os.close(handle)
        try:
            catalog.save_as_mofile(temporary)
            os.chmod(temporary, 0o644)  # mkstemp creates 0600; the web server must read it
            os.replace(temporary, mo_path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

"""The English catalogue is complete (issue 14 item 10): every msgid the templates and the Python
code translate is in locale/en/LC_MESSAGES/django.po, extracted here without GNU gettext —
templates through Django's own ``templatize``, Python through ``ast``."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib  # type: ignore[import-untyped, unused-ignore]  # no stubs shipped
from django.conf import settings
from django.utils.translation.template import templatize

ROOT = Path(settings.BASE_DIR)
EN_PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
SOURCES = (ROOT / "lpse_support", ROOT / "templates", ROOT / "config")
# name → (index of msgctxt or None, index of msgid)
FUNCTIONS = {
    "_": (None, 0),
    "gettext": (None, 0),
    "gettext_lazy": (None, 0),
    "gettext_noop": (None, 0),
    "ngettext": (None, 0),
    "ngettext_lazy": (None, 0),
    "pgettext": (0, 1),
    "pgettext_lazy": (0, 1),
    "npgettext": (0, 1),
    "npgettext_lazy": (0, 1),
}
CALL = re.compile(r"\b(n?p?gettext)\(")
LITERAL = re.compile(r"\s*(u?'(?:[^'\\]|\\.)*'|u?\"(?:[^\"\\]|\\.)*\")\s*([,)])")

Key = tuple[str | None, str]


def _from_template(text: str) -> set[Key]:
    found: set[Key] = set()
    code = templatize(text)
    for match in CALL.finditer(code):
        args: list[str] = []
        position = match.end()
        while (literal := LITERAL.match(code, position)) is not None:
            args.append(ast.literal_eval(literal.group(1)))
            position = literal.end()
            if literal.group(2) == ")":
                break
        context, index = FUNCTIONS[match.group(1)]
        if len(args) > index:
            found.add((args[context] if context is not None else None, args[index]))
    return found


def _from_python(text: str) -> set[Key]:
    found: set[Key] = set()
    for node in ast.walk(ast.parse(text)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name not in FUNCTIONS:
            continue
        context, index = FUNCTIONS[name]
        args = node.args
        if len(args) <= index or not all(
            isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            for arg in args[: index + 1]
        ):
            continue
        msgid = args[index].value  # type: ignore[attr-defined]
        found.add((args[context].value if context is not None else None, msgid))  # type: ignore[attr-defined]
    return found


def used_msgids() -> dict[Key, str]:
    used: dict[Key, str] = {}
    for base in SOURCES:
        for path in sorted(base.rglob("*")):
            if "migrations" in path.parts or not path.is_file():
                continue
            if path.suffix == ".html":
                keys = _from_template(path.read_text(encoding="utf-8"))
            elif path.suffix == ".py":
                keys = _from_python(path.read_text(encoding="utf-8"))
            else:
                continue
            for key in keys:
                used.setdefault(key, str(path.relative_to(ROOT)))
    return used


def test_the_extractor_finds_what_is_used() -> None:
    used = used_msgids()
    assert (None, "Pencarian tersimpan") in used  # {% translate %} in a template
    assert (None, "Hapus pencarian “%(name)s”?") in used  # {% blocktranslate %} with a variable
    assert ("jam kerja", "Selesai") in used  # pgettext_lazy in Python
    assert (None, "Selesai") in used  # the ticket status


def test_every_used_msgid_is_in_the_english_catalogue() -> None:
    catalogue = {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(EN_PO))}
    missing = sorted(
        f"{where}: {msgid!r}" + (f" (context {context!r})" if context else "")
        for (context, msgid), where in used_msgids().items()
        if msgid and (context, msgid) not in catalogue
    )
    assert not missing, "\n".join(missing)


def test_selesai_is_done_in_english() -> None:
    entries: dict[Key, str] = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(EN_PO))}
    assert entries[(None, "Selesai")] == "Done"

"""One confirmation style (issue 14 item 9, docs/accessibility.md): no browser confirm() anywhere,
and every KONFIRMASI of the guide asks its question verbatim through ``data-confirm``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from tests.support.users import make_user

ROOT = Path(__file__).resolve().parents[2]
TICKETS = ROOT / "lpse_support" / "tickets" / "templates" / "tickets"
NATIVE = re.compile(r"(?<![\w.-])(window\.)?confirm\(|hx-confirm|onclick=")
GUIDE_QUESTIONS = {
    "_action_take.html": ["Apakah Anda yakin akan mengambil tiket ini?"],
    "_action_work.html": [
        "Apakah semua data sudah benar?",
        "Apakah Anda yakin akan melepas tiket ini ke antrean tim?",  # Lepas Tiket
    ],
    "_action_feedback.html": ["Apakah semua data sudah benar?"],
    "_action_confirm.html": ["Apakah semua data sudah benar?"] * 2,
    "_action_close.html": ["Apakah Anda yakin akan menutup tiket ini?"],
    "create.html": ["Apakah data tiket sudah sesuai?"],
}


def _code_lines(path: Path) -> list[str]:
    return [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if not line.lstrip().startswith(("//", "*", "/*", "{#"))
    ]


def test_no_browser_confirm_in_scripts_or_templates() -> None:
    offenders = []
    files = [
        *(ROOT / "static" / "js").glob("*.js"),
        *ROOT.glob("lpse_support/**/templates/**/*.html"),
    ]
    files += list((ROOT / "templates").rglob("*.html"))
    for path in files:
        for line in _code_lines(path):
            if NATIVE.search(line):
                offenders.append(f"{path.relative_to(ROOT)}: {line.strip()[:100]}")
    assert offenders == []


def test_every_guide_confirmation_asks_its_question_verbatim() -> None:
    for name, questions in GUIDE_QUESTIONS.items():
        text = (TICKETS / name).read_text(encoding="utf-8")
        asked = re.findall(r"data-confirm=\"\{% translate '([^']+)' %\}\"", text)
        assert asked == questions, name


@pytest.mark.django_db
def test_every_shell_page_has_the_one_dialog(client: Client) -> None:
    client.force_login(make_user())
    html = client.get("/").content.decode()
    assert html.count('id="confirm-dialog"') == 1
    assert "js/confirm.js" in html
    assert ">Ya</button>" in html and ">Tidak</button>" in html

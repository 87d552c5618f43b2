"""One-line user text, lines without invisible characters, and links neutralised for e-mail
(issue 10, row 4)."""

from __future__ import annotations

import pytest

from lpse_support.core.text import defang_links, one_line, text_lines

BREAKS = ["\r", "\n", "\r\n", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e"]


@pytest.mark.parametrize("separator", [*BREAKS, "\t", "  ", "\u00a0"])
def test_one_line_turns_any_line_break_or_space_run_into_one_space(separator: str) -> None:
    assert one_line(f"  Judul{separator}Tautan : x  ") == "Judul Tautan : x"


@pytest.mark.parametrize(
    "invisible", ["\x00", "\x07", "\x1b", "\x7f", "\u202e", "\u200b", "\ufeff"]
)
def test_one_line_drops_control_and_invisible_characters(invisible: str) -> None:
    assert one_line(f"a{invisible}b") == "ab"


def test_text_lines_split_every_break_and_keep_blank_lines_and_indents() -> None:
    text = "satu\r\ndua\u2028tiga\x85\n  empat\tlima\x07"
    assert text_lines(text) == ["satu", "dua", "tiga", "", "  empat    lima"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://evil.example/login", "https[:]//evil[.]example/login"),
        ("HTTP://EVIL.COM", "HTTP[:]//EVIL[.]COM"),
        ("www.evil.co.id/x", "www[.]evil[.]co[.]id/x"),
        ("tulis ke a@b.go.id", "tulis ke a@b[.]go[.]id"),
        ("еvil.рф", "еvil[.]рф"),
        (
            "SPSE 4.5 build v4.3u20190904, Rp 1.500.000",
            "SPSE 4.5 build v4.3u20190904, Rp 1.500.000",
        ),
        ("selesai. Mohon dicek", "selesai. Mohon dicek"),
    ],
)
def test_defang_links(text: str, expected: str) -> None:
    assert defang_links(text) == expected

"""``PlainText`` and its word wrap (issue 10, row 1): every line fits the column whatever the
text, nothing is lost, and a split hands on exactly the lines that did not fit."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

from lpse_support.tickets.pdf_text import PlainText, wrap_line

STYLE = ParagraphStyle("t", fontName="Helvetica", fontSize=9, leading=12)


def measure(text: str) -> float:
    return float(stringWidth(text, "Helvetica", 9))


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(st.characters(codec="latin-1", exclude_categories=["Cc"]), max_size=400),
    width=st.floats(min_value=20, max_value=500),
)
def test_wrapped_lines_fit_and_keep_every_character(text: str, width: float) -> None:
    lines = wrap_line(text, width, measure)
    assert all(measure(line) <= width for line in lines)
    assert "".join("".join(lines).split()) == "".join(text.split())


def test_a_word_wider_than_the_column_continues_the_current_line() -> None:
    lines = wrap_line("• " + "x" * 300, 200, measure)
    assert lines[0].startswith("• x")
    assert all(measure(line) <= 200 for line in lines)


def test_split_hands_on_the_rest_without_rewrapping() -> None:
    flowable = PlainText("\n".join(f"baris {n}" for n in range(100)), STYLE)
    _, height = flowable.wrap(300, 10_000)
    assert height == 100 * STYLE.leading
    first, rest = flowable.split(300, 30 * STYLE.leading + 5)
    assert first.wrap(300, 10_000)[1] == 30 * STYLE.leading
    assert rest.wrap(300, 10_000)[1] == 70 * STYLE.leading
    assert flowable.split(300, STYLE.leading - 1) == []

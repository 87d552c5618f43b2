"""User text in the Export PDF as plain lines: a platypus flowable that wraps and splits across
pages in linear time, whatever the text is (issue 10, row 1), and the ``<pdf:plaintext>`` element
through which the ticket template puts it into the xhtml2pdf document.

Why not the paragraphs xhtml2pdf makes of HTML text: a message is free text, not markup, and a
paragraph of a pasted 2 MB log re-wraps its whole remainder at every page break (quadratic:
~25–65 s); cut into many small paragraphs it is linear but costs about 0.4 ms a line (~10 s for
2 MB). ``PlainText`` measures each line once with the font's metrics, breaks words wider than the
column by characters, and splits between lines — the 2 MB message renders in about a second. It
never parses the text, so nothing in it can act as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib.fonts import tt2ps
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable
from xhtml2pdf import parser as xhtml2pdf_parser
from xhtml2pdf.tags import nodeText, pisaTag
from xhtml2pdf.util import getSize

from lpse_support.core.text import text_lines


def _break_word(
    word: str, room: float, width: float, char_width: Callable[[str], float]
) -> list[str]:
    """A word too wide for the column, cut into pieces: the first fills the ``room`` left on the
    current line (it may be empty), the others a whole ``width`` each (at least one character)."""
    pieces: list[str] = []
    start, used, limit = 0, 0.0, room
    for index, char in enumerate(word):
        advance = char_width(char)
        if used + advance > limit and (index > start or not pieces):
            pieces.append(word[start:index])
            start, used, limit = index, 0.0, width
        used += advance
    pieces.append(word[start:])
    return pieces


def wrap_line(line: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Greedy word wrap of one source line to ``width`` points; a word wider than the column is
    cut by characters, starting on the current line."""
    if measure(line) <= width:
        return [line]
    widths: dict[str, float] = {}

    def char_width(char: str) -> float:
        if char not in widths:
            widths[char] = measure(char)
        return widths[char]

    out: list[str] = []
    current = ""
    for word in line.split():
        candidate = f"{current} {word}" if current else word
        if measure(candidate) <= width:
            current = candidate
        elif measure(word) <= width:
            out.append(current)
            current = word
        else:
            prefix = f"{current} " if current else ""
            first, *rest = _break_word(word, width - measure(prefix), width, char_width)
            lines = [(prefix + first).rstrip(), *rest]
            if not lines[0]:
                lines.pop(0)
            out.extend(lines[:-1])
            current = lines[-1]
    out.append(current)
    return out


class PlainText(Flowable):
    """Lines of plain text in ``style``'s font, size, leading, colour and indents."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.style = style
        self._source: list[str] | None = text_lines(text)
        self._lines: list[str] = []
        self._wrapped_for: float | None = None

    @classmethod
    def _wrapped_part(cls, style: ParagraphStyle, lines: list[str]) -> PlainText:
        """One side of a split: lines already wrapped for the column they were measured in."""
        part = cls("", style)
        part._source, part._lines = None, lines
        return part

    def _column(self, available_width: float) -> float:
        return available_width - self.style.leftIndent - self.style.rightIndent

    def _wrapped(self, available_width: float) -> list[str]:
        if self._source is not None and self._wrapped_for != available_width:
            font, size = self.style.fontName, self.style.fontSize

            def measure(value: str) -> float:
                return float(stringWidth(value, font, size))

            column = self._column(available_width)
            self._lines = [
                piece for line in self._source for piece in wrap_line(line, column, measure)
            ]
            self._wrapped_for = available_width
        return self._lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = len(self._wrapped(availWidth)) * self.style.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        lines = self._wrapped(availWidth)
        fit = int(availHeight // self.style.leading)
        if fit <= 0:
            return []
        if fit >= len(lines):
            return [self]
        return [
            self._wrapped_part(self.style, lines[:fit]),
            self._wrapped_part(self.style, lines[fit:]),
        ]

    def draw(self) -> None:
        style = self.style
        text = self.canv.beginText(style.leftIndent, self.height - style.fontSize)
        text.setFont(style.fontName, style.fontSize, style.leading)
        text.setFillColor(style.textColor)
        for line in self._lines:
            text.textLine(line)
        self.canv.drawText(text)


class PlainTextTag(pisaTag):
    """``<pdf:plaintext>text</pdf:plaintext>``: the element's text as one ``PlainText``, in the
    font, size, line height, colour and indents the stylesheet gives the element."""

    def start(self, c: Any) -> None:
        c.addPara()
        frag = c.frag
        size = float(frag.fontSize)
        style = ParagraphStyle(
            "plaintext",
            fontName=tt2ps(frag.fontName, frag.bold, frag.italic),
            fontSize=size,
            leading=max(float(getSize(frag.leadingSource, size) + frag.leadingSpace), size),
            textColor=frag.textColor,
            leftIndent=float(frag.leftIndent or 0),
            rightIndent=float(frag.rightIndent or 0),
        )
        c.addStory(PlainText(nodeText(self.node), style))
        # The text is drawn: the parser must not add it a second time as paragraphs.
        for child in list(self.node.childNodes):
            self.node.removeChild(child)


def register() -> None:
    """Make ``<pdf:plaintext>`` known to xhtml2pdf, which finds the class of an element
    ``<pdf:x>`` as ``pisaTagPDFX`` among its parser's names."""
    xhtml2pdf_parser.pisaTagPDFPLAINTEXT = PlainTextTag

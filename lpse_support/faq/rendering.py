"""Article bodies are plain text with a little structure, never HTML: a blank line starts a new
paragraph, lines starting with ``-``, ``*`` or ``•`` form a bulleted list, lines starting with
``1.`` or ``1)`` a numbered list, and ``**teks**`` is bold. Everything is escaped first, so
whatever an admin (or an attacker with an admin's password) types cannot inject markup."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_BULLET = re.compile(r"^\s*[-*•]\s+(?P<text>.*)$")
_NUMBER = re.compile(r"^\s*(?P<number>\d{1,3})[.)]\s+(?P<text>.*)$")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")


@dataclass
class _Block:
    kind: str  # "p", "ul" or "ol"
    items: list[list[str]] = field(default_factory=list)
    start: int = 1


def _inline(lines: list[str]) -> str:
    """Lines of one paragraph or list item, escaped and joined (hard wraps are reflowed)."""
    text = escape(" ".join(line.strip() for line in lines if line.strip()))
    return _BOLD.sub(r"<strong>\1</strong>", text)


def _blocks(paragraph: list[str]) -> list[_Block]:
    blocks: list[_Block] = []
    for line in paragraph:
        bullet, number = _BULLET.match(line), _NUMBER.match(line)
        if bullet or number:
            kind = "ul" if bullet else "ol"
            match = bullet or number
            assert match is not None
            if not blocks or blocks[-1].kind != kind:
                start = int(number.group("number")) if number else 1
                blocks.append(_Block(kind, start=start))
            blocks[-1].items.append([match.group("text")])
        elif blocks and blocks[-1].kind in ("ul", "ol") and line[:1].isspace():
            blocks[-1].items[-1].append(line)  # an indented continuation of the list item
        elif blocks and blocks[-1].kind == "p":
            blocks[-1].items[0].append(line)
        elif blocks and blocks[-1].kind in ("ul", "ol"):
            blocks[-1].items[-1].append(line)  # a hard-wrapped list item
        else:
            blocks.append(_Block("p", items=[[line]]))
    return blocks


def _html(block: _Block) -> str:
    if block.kind == "p":
        return f"<p>{_inline(block.items[0])}</p>"
    items = "".join(f"<li>{_inline(item)}</li>" for item in block.items)
    start = f' start="{block.start}"' if block.kind == "ol" and block.start != 1 else ""
    return f"<{block.kind}{start}>{items}</{block.kind}>"


def render_body(text: str) -> SafeString:
    """The article body as safe HTML: paragraphs, lists and bold, every character escaped."""
    paragraphs: list[list[str]] = [[]]
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    html = "".join(_html(block) for lines in paragraphs if lines for block in _blocks(lines))
    # Safe: built only from escape()d text and the fixed tags above.
    return mark_safe(html)

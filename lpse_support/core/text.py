"""User text made safe for places with a shape: one line (titles, names, e-mail headers), lines
without invisible characters (PDF), and e-mail text in which nothing reads as a link.

Why: a title with CR/LF broke the new-ticket e-mail (BadHeaderError) and forged lines such as
"Tautan : https://evil.example/login" in every later e-mail (issue 10, row 4). Line breaks come in
more shapes than CR and LF — NEL (U+0085), the Unicode line and paragraph separators (U+2028/9),
VT, FF and the ASCII file/group/record separators all end a line for Python's ``splitlines`` and
for some mail readers — and control or format characters (bidi overrides, zero-width spaces)
hide or reorder what a reader sees.
"""

from __future__ import annotations

import re
import unicodedata

# Every line separator a browser, an API client or a pasted log may send (``str.splitlines``).
LINE_BREAKS = re.compile(r"\r\n|[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
TAB = "    "
# Control, format (bidi overrides, zero-width), surrogate, private-use and unassigned characters.
INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})


def printable(char: str) -> bool:
    """False for a character no font draws and no reader sees (see ``INVISIBLE``)."""
    return unicodedata.category(char) not in INVISIBLE


def _visible(text: str) -> str:
    return text if text.isprintable() else "".join(filter(printable, text))


def one_line(value: object) -> str:
    """``value`` as one line: every run of whitespace, tabs and line breaks of any kind becomes
    one space (as a browser's single-line field does), invisible characters are removed and the
    ends are trimmed."""
    words = (_visible(word) for word in str(value).split())
    return " ".join(word for word in words if word)


def text_lines(value: object) -> list[str]:
    """``value`` as a list of lines: any line break splits, a tab becomes four spaces, invisible
    characters are removed; blank lines and indentation are kept."""
    text = LINE_BREAKS.sub("\n", str(value).replace("\t", TAB))
    return [_visible(line) for line in text.split("\n")]


# The dots of host names (dotted, ending in a letters-only label, IDN included): the shape mail
# readers turn into links with "scheme://" and "www.". Versions ("SPSE 4.5", "v4.3u20190904")
# and amounts ("1.500.000") do not match.
_HOST_DOT = re.compile(r"(?<=[\w-])\.(?=(?:[\w-]+\.)*[^\W\d_]{2,63}\b)")


def defang_links(text: str) -> str:
    """``text`` with every link-like part neutralised the usual way ("https[:]//evil[.]example")
    so that, in an e-mail, the only link a reader can follow is the one the application wrote."""
    return _HOST_DOT.sub("[.]", text.replace("://", "[:]//"))


def end_sentence(text: str) -> str:
    """``text`` ended with one full stop: a sentence that ends in a name with a title ("… oleh
    Dimas Aryo Wicaksono, S.T.") keeps the title's own dot instead of gaining a second one."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?")) else f"{text}."

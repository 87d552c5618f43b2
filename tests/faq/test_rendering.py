"""Article bodies: plain text with paragraphs, lists and bold; never HTML."""

from __future__ import annotations

import pytest

from lpse_support.faq.rendering import render_body


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("Satu baris.", "<p>Satu baris.</p>"),
        # Hard-wrapped lines of one paragraph are reflowed; a blank line starts a new one.
        (
            "Baris satu\nlanjutan.\n\n\nParagraf dua.",
            "<p>Baris satu lanjutan.</p><p>Paragraf dua.</p>",
        ),
        (
            "Langkah:\n1. Buka SPSE.\n2. Klik Lupa Password.",
            "<p>Langkah:</p><ol><li>Buka SPSE.</li><li>Klik Lupa Password.</li></ol>",
        ),
        ("3) tiga\n4) empat", '<ol start="3"><li>tiga</li><li>empat</li></ol>'),
        ("- a\n  lanjutan a\n* b\n• c", "<ul><li>a lanjutan a</li><li>b</li><li>c</li></ul>"),
        ("- a\nwrap a", "<ul><li>a wrap a</li></ul>"),
        (
            "**Penting** dan **dua kata**",
            "<p><strong>Penting</strong> dan <strong>dua kata</strong></p>",
        ),
        ("** bukan tebal **", "<p>** bukan tebal **</p>"),
        ("Windows\r\nbaris\r\n\r\nbaru", "<p>Windows baris</p><p>baru</p>"),
        ("<i>x</i> & 'y'", "<p>&lt;i&gt;x&lt;/i&gt; &amp; &#x27;y&#x27;</p>"),
        ("- <script>alert(1)</script>", "<ul><li>&lt;script&gt;alert(1)&lt;/script&gt;</li></ul>"),
        ("**<b>x</b>**", "<p><strong>&lt;b&gt;x&lt;/b&gt;</strong></p>"),
        ("", ""),
    ],
)
def test_render_body(text: str, html: str) -> None:
    assert render_body(text) == html

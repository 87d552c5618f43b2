"""Shared pieces of the Export PDF: colours, styles and how a value is shown."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet

from lpse_support.core.text import one_line

# A field (name, e-mail, tender data) is a short fact; a longer stored value is cut.
FIELD_MAX = 1_000

BRAND = colors.HexColor("#0b3d6e")
GRID = colors.HexColor("#c9d2dc")
SHADE = colors.HexColor("#eef2f7")
MUTED = colors.HexColor("#5a6470")
INTERNAL = colors.HexColor("#fff8e1")


def local_time(value: datetime | None) -> str:
    """``dd/mm/yyyy HH:MM WIB`` in Asia/Jakarta, or "—"."""
    if value is None:
        return "—"
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") + " WIB"


def field_value(value: object) -> str:
    """A field's value on one line ("—" when empty), cut after ``FIELD_MAX`` characters."""
    text = one_line(value) if value not in (None, "") else ""
    if not text:
        return "—"
    if len(text) > FIELD_MAX:
        return text[:FIELD_MAX] + " … " + _("(dipotong)")
    return text


class Styles:
    """The paragraph styles of the Export PDF (fonts, sizes, colours, indents)."""

    def __init__(self) -> None:
        base = getSampleStyleSheet()
        self.body = ParagraphStyle(
            "body", parent=base["BodyText"], fontName="Helvetica", fontSize=9, leading=12
        )
        self.small = ParagraphStyle(
            "small", parent=self.body, fontSize=8, leading=11, textColor=MUTED
        )
        self.label = ParagraphStyle("label", parent=self.body, fontName="Helvetica-Bold")
        self.title = ParagraphStyle(
            "title",
            parent=self.body,
            fontName="Helvetica-Bold",
            fontSize=15,
            leading=19,
            textColor=BRAND,
        )
        self.subtitle = ParagraphStyle(
            "subtitle", parent=self.body, fontName="Helvetica-Bold", fontSize=11, leading=14
        )
        self.heading = ParagraphStyle(
            "heading",
            parent=self.body,
            fontName="Helvetica-Bold",
            fontSize=11,
            leading=14,
            textColor=BRAND,
        )
        # Inside a message box: text kept off the box's edges.
        self.boxed = ParagraphStyle("boxed", parent=self.body, leftIndent=5, rightIndent=5)
        self.boxed_label = ParagraphStyle(
            "boxed_label", parent=self.boxed, fontName="Helvetica-Bold"
        )
        self.boxed_small = ParagraphStyle(
            "boxed_small", parent=self.small, leftIndent=5, rightIndent=5
        )
        self.boxed_note = ParagraphStyle(
            "boxed_note", parent=self.boxed_small, fontName="Helvetica-Oblique"
        )
        self.note = ParagraphStyle("note", parent=self.small, fontName="Helvetica-Oblique")
        self.bullet = ParagraphStyle("bullet", parent=self.body, leftIndent=10)

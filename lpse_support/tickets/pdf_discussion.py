"""Diskusi and Riwayat Tiket in the Export PDF, bounded so that no ticket makes the build slow
(issue 10, row 1): a message box continues across pages, message text past ``TEXT_BUDGET`` is
cut (newest messages first served, so the latest replies stay whole), and only the latest
``MESSAGES_MAX`` messages and ``EVENTS_MAX`` history rows are drawn, each cut marked by a note
pointing to the application, which always shows everything."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle
from reportlab.platypus.flowables import FrameBG

from lpse_support.core.text import one_line
from lpse_support.tickets.models import TicketMessage
from lpse_support.tickets.pdf_parts import GRID, INTERNAL, SHADE, Styles, field_value, local_time
from lpse_support.tickets.pdf_text import PlainText
from lpse_support.tickets.selectors.detail import EventRow

# Characters of description and messages drawn in one PDF (about 650 pages, ~2 s here). A 2 MB
# pasted log still comes out whole.
TEXT_BUDGET = 3_000_000
# Each message box and history row costs about a millisecond to lay out; these bound the count.
MESSAGES_MAX = 500
EVENTS_MAX = 1_000
# History rows per table: a platypus table re-measures all its remaining rows at every page
# break, so one table of thousands of events costs quadratic time; chunks keep it linear.
HISTORY_CHUNK = 100
# A message up to this size is kept on one page; a longer one starts on the current page when at
# least MIN_ROOM is left (keeping it whole would leave the rest of the page blank).
KEEP_TOGETHER_CHARS = 3_000
KEEP_TOGETHER_LINES = 40
MIN_ROOM = 30 * mm


class TextBudget:
    """What is left of ``TEXT_BUDGET`` for the description and the messages."""

    def __init__(self, total: int | None = None) -> None:
        self.left = TEXT_BUDGET if total is None else total

    def take(self, text: str) -> tuple[str, bool]:
        """``text`` as far as the budget goes, and whether it was cut."""
        shown = text[: max(self.left, 0)]
        self.left -= len(shown)
        return shown, len(shown) < len(text)


def heading(text: str, styles: Styles) -> list[Flowable]:
    """A section heading, never alone at the foot of a page."""
    return [CondPageBreak(MIN_ROOM), Spacer(1, 8), PlainText(text, styles.heading), Spacer(1, 4)]


def _message(message: TicketMessage, shown: str, cut: bool, styles: Styles) -> list[Flowable]:
    """One message in a box that continues across pages (``FrameBG``); a short one is kept on
    one page."""
    author = message.author.get_full_name() if message.author else _("Sistem")
    header = f"{one_line(author)} · {message.get_side_display()}"
    if message.is_internal:
        header += f" · {_('Catatan internal')}"
    parts: list[Flowable] = [
        FrameBG(
            color=INTERNAL if message.is_internal else colors.white,
            strokeColor=GRID,
            strokeWidth=0.5,
        ),
        Spacer(1, 4),
        PlainText(header, styles.boxed_label),
    ]
    if shown:
        parts.append(PlainText(shown, styles.boxed))
    if cut:
        parts.append(PlainText(_("… pesan dipotong, lihat di aplikasi"), styles.boxed_note))
    names = [one_line(attachment.original_name) for attachment in message.attachments.all()]
    if names:
        files = _("Lampiran: %(names)s") % {"names": ", ".join(names)}
        parts.append(PlainText(files, styles.boxed_small))
    sent = _("Dikirim pada %(time)s") % {"time": local_time(message.created_at)}
    parts += [PlainText(sent, styles.boxed_small), Spacer(1, 4), FrameBG(start=False)]
    if len(shown) <= KEEP_TOGETHER_CHARS and shown.count("\n") < KEEP_TOGETHER_LINES:
        return [KeepTogether(parts), Spacer(1, 4)]
    return [CondPageBreak(MIN_ROOM), *parts, Spacer(1, 4)]


def discussion(
    messages: Sequence[TicketMessage], budget: TextBudget, styles: Styles
) -> list[Flowable]:
    """The latest ``MESSAGES_MAX`` messages, oldest first; the budget serves the newest first."""
    if not messages:
        return [PlainText(_("Belum ada pesan."), styles.small)]
    kept = list(messages[-MESSAGES_MAX:])
    texts = {message.pk: budget.take(message.body) for message in reversed(kept)}
    story: list[Flowable] = []
    if len(messages) > len(kept):
        story.append(
            PlainText(
                _("… %(count)d pesan sebelumnya tidak dimuat di PDF, lihat di aplikasi")
                % {"count": len(messages) - len(kept)},
                styles.note,
            )
        )
    for message in kept:
        story += _message(message, *texts[message.pk], styles)
    return story


def _history_table(rows: list[list[Flowable]], styles: Styles) -> Table:
    head = [
        PlainText(text, styles.label)
        for text in (_("Waktu"), _("Oleh"), _("Tindakan"), _("Status"))
    ]
    table = Table(
        [head, *rows],
        colWidths=[35 * mm, 50 * mm, None, 40 * mm],
        repeatRows=1,
        hAlign="LEFT",
        splitInRow=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, GRID),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def history(events: Sequence[EventRow], styles: Styles) -> list[Flowable]:
    """Riwayat Tiket: the latest ``EVENTS_MAX`` events, in tables of ``HISTORY_CHUNK`` rows."""
    kept = list(events[-EVENTS_MAX:])
    rows = [
        [
            PlainText(local_time(row.event.created_at), styles.body),
            PlainText(
                field_value(row.event.actor.get_full_name() if row.event.actor else _("Sistem")),
                styles.body,
            ),
            PlainText(field_value(row.label), styles.body),
            PlainText(row.event.get_to_status_display(), styles.body),
        ]
        for row in kept
    ]
    story: list[Flowable] = []
    if len(events) > len(kept):
        story.append(
            PlainText(
                _("… %(count)d riwayat sebelumnya tidak dimuat di PDF, lihat di aplikasi")
                % {"count": len(events) - len(kept)},
                styles.note,
            )
        )
    story += [
        _history_table(rows[start : start + HISTORY_CHUNK], styles)
        for start in range(0, max(len(rows), 1), HISTORY_CHUNK)
    ]
    return story

"""What one Export PDF draws, bounded so that no ticket makes the build slow (issue 10, row 1).

Message text past ``TEXT_BUDGET`` is cut (newest messages served first, so the latest replies stay
whole), only the latest ``MESSAGES_MAX`` messages and ``EVENTS_MAX`` history rows are drawn, and a
field (names, manual tender data) is one line of at most ``FIELD_MAX`` characters. Every cut is
announced in the document and points to the application, which always shows everything. The print
page is not bounded: it shows what the application shows.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from lpse_support.core.text import one_line
from lpse_support.tenders.connectors.base import TenderData
from lpse_support.tickets.models import TicketMessage
from lpse_support.tickets.selectors.detail import TicketDetail

# Characters of description and messages drawn in one PDF (about 650 pages). A 2 MB pasted log
# still comes out whole.
TEXT_BUDGET = 3_000_000
# Each message box and history row costs a few milliseconds to lay out; these bound the count.
MESSAGES_MAX = 500
EVENTS_MAX = 1_000
# A field (name, e-mail, tender data) is a short fact; a longer stored value is cut.
FIELD_MAX = 1_000
# A message up to this size is kept on one page; a longer one starts on the current page
# (keeping it whole would leave the rest of the page blank).
KEEP_TOGETHER_CHARS = 3_000
KEEP_TOGETHER_LINES = 40
# The free-text fields of a tender (manual tender data has no length limit in the API).
TENDER_TEXT_FIELDS = (
    "code",
    "name",
    "lpse_name",
    "satker",
    "procurement_category",
    "method",
    "spse_build",
    "stage_name",
)


class TextBudget:
    """What is left of ``TEXT_BUDGET`` for the description and the messages."""

    def __init__(self, total: int | None = None) -> None:
        self.left = TEXT_BUDGET if total is None else total

    def take(self, text: str) -> tuple[str, bool]:
        """``text`` as far as the budget goes, and whether it was cut."""
        shown = text[: max(self.left, 0)]
        self.left -= len(shown)
        return shown, len(shown) < len(text)


def field_value(value: object) -> str:
    """A field's value on one line, cut after ``FIELD_MAX`` characters ("" stays "")."""
    text = one_line(value) if value not in (None, "") else ""
    if len(text) > FIELD_MAX:
        return text[:FIELD_MAX] + " … " + _("(dipotong)")
    return text


@dataclass(frozen=True)
class PdfCuts:
    """What the PDF left out, for the notes the template writes, and which messages are kept on
    one page (``pdf`` in the template's context)."""

    description_cut: bool = False
    cut_messages: frozenset[int] = frozenset()
    keep_together: frozenset[int] = frozenset()
    messages_dropped: int = 0
    events_dropped: int = 0


def _bounded_tender(tender: TenderData | None) -> TenderData | None:
    if tender is None:
        return None
    cut: dict[str, Any] = {name: field_value(getattr(tender, name)) for name in TENDER_TEXT_FIELDS}
    return dataclasses.replace(tender, **cut)


def _bounded_messages(
    messages: Sequence[TicketMessage], budget: TextBudget
) -> tuple[list[TicketMessage], frozenset[int]]:
    """The latest ``MESSAGES_MAX`` messages, oldest first, as copies carrying the text that fits;
    the budget serves the newest first."""
    kept = list(messages[-MESSAGES_MAX:])
    shown: dict[int, TicketMessage] = {}
    cut: set[int] = set()
    for message in reversed(kept):
        text, was_cut = budget.take(message.body)
        # A shallow copy keeps the prefetched attachments; the stored message is not touched.
        shown[message.pk] = copy.copy(message)
        shown[message.pk].body = text
        if was_cut:
            cut.add(message.pk)
    return [shown[message.pk] for message in kept], frozenset(cut)


def bounded(detail: TicketDetail) -> tuple[TicketDetail, PdfCuts]:
    """``detail`` as the PDF draws it, and what was cut."""
    budget = TextBudget()
    ticket = copy.copy(detail.ticket)
    ticket.title = field_value(ticket.title)
    ticket.description, description_cut = budget.take(ticket.description)
    messages, cut_messages = _bounded_messages(detail.messages, budget)
    events = list(detail.events[-EVENTS_MAX:])
    cuts = PdfCuts(
        description_cut=description_cut,
        cut_messages=cut_messages,
        keep_together=frozenset(
            message.pk
            for message in messages
            if len(message.body) <= KEEP_TOGETHER_CHARS
            and message.body.count("\n") < KEEP_TOGETHER_LINES
        ),
        messages_dropped=len(detail.messages) - len(messages),
        events_dropped=len(detail.events) - len(events),
    )
    shown = dataclasses.replace(
        detail,
        ticket=ticket,
        messages=messages,
        events=events,
        tender=_bounded_tender(detail.tender),
    )
    return shown, cuts

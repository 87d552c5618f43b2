"""Date fields of the search and report forms: typed as dd/mm/yyyy or picked in the browser's
date picker (``<input type="date">`` sends yyyy-mm-dd), and a clear answer for a date that has the
right shape but does not exist ("31/02/2026")."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

DISPLAY_FORMAT = "%d/%m/%Y"
PICKER_FORMAT = "%Y-%m-%d"
INPUT_FORMATS = [DISPLAY_FORMAT, PICKER_FORMAT]
SHAPES = (re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$"), re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$"))
NO_SUCH_DATE = _("Tanggal %(value)s tidak ada di kalender.")


def parse_date(value: object) -> date | None:
    """``value`` as a date when it is one or reads as one in either format; else None."""
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    for fmt in INPUT_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def picker_value(value: object) -> str:
    """What a date picker's ``value`` attribute needs (yyyy-mm-dd); text that is no date is
    returned as it came (the field shows its error beside it)."""
    parsed = parse_date(value)
    return parsed.strftime(PICKER_FORMAT) if parsed else str(value or "")


class CalendarDateField(forms.DateField):
    """A date in either format; a well-shaped date that does not exist is named as such."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", INPUT_FORMATS)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> date | None:
        text = str(value or "").strip()
        if text and any(shape.match(text) for shape in SHAPES) and parse_date(text) is None:
            raise forms.ValidationError(NO_SUCH_DATE, code="no_such_date", params={"value": text})
        return super().to_python(value)

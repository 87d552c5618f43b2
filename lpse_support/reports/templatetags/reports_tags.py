from __future__ import annotations

from datetime import date

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def report_cell(value: object) -> object:
    """A table cell on the page: "—" for no value, dd/mm/yyyy dates, localised decimals."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return number_format(value)  # already rounded by the selector; localised comma
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return value

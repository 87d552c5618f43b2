"""``{{ field.value|picker_value }}``: a date field's value as ``<input type="date">`` needs it."""

from __future__ import annotations

from django import template

from lpse_support.core.dates import picker_value as _picker_value

register = template.Library()


@register.filter
def picker_value(value: object) -> str:
    return _picker_value(value)

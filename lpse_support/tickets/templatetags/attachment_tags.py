"""``preview_kind``: "image", "pdf" or "" — whether the ticket page offers Pratinjau for a file."""

from __future__ import annotations

from django import template

from lpse_support.tickets.attachments.preview import preview_kind as _preview_kind
from lpse_support.tickets.models import TicketAttachment

register = template.Library()


@register.filter
def preview_kind(attachment: TicketAttachment) -> str:
    return _preview_kind(attachment) or ""

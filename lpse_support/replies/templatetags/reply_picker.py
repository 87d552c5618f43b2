"""``{% reply_picker ticket target_id %}``: the Templat Balasan select for the ticket's staff."""

from __future__ import annotations

from typing import Any

from django import template

from lpse_support.accounts.viewer import viewer_of
from lpse_support.replies.selectors import faq_links, may_use_replies, usable_templates
from lpse_support.tickets.models import Ticket

register = template.Library()


@register.inclusion_tag("replies/_picker.html", takes_context=True)
def reply_picker(context: Any, ticket: Ticket, target: str) -> dict[str, Any]:
    request = context.get("request")
    viewer = viewer_of(request) if request is not None else None
    if viewer is None or not may_use_replies(viewer, ticket):
        return {"shown": False}
    return {
        "shown": True,
        "ticket": ticket,
        "target": target,
        "templates": list(usable_templates(viewer, ticket)),
        "articles": list(faq_links(viewer, ticket)),
    }

"""``{% two_factor_card %}``: the "Autentikasi Dua Faktor" card of the Profil page."""

from __future__ import annotations

from typing import Any

from django import template

from lpse_support.accounts.viewer import viewer_of
from lpse_support.two_factor import gate_session, policy, services

register = template.Library()


@register.inclusion_tag("two_factor/profile_card.html", takes_context=True)
def two_factor_card(context: template.Context) -> dict[str, Any]:
    request = context["request"]
    viewer = viewer_of(request)
    requirement = policy.requirement_for(request)
    if requirement is policy.Requirement.NOT_OFFERED or viewer.user is None:
        return {"two_factor": {"offered": False}}
    # The session's flag (the gate keeps it true); the card costs no query until enabled.
    enabled = gate_session.has_device(request, viewer.user.pk)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "two_factor": {
            "offered": True,
            "required": requirement is policy.Requirement.REQUIRED,
            "enabled": enabled,
            "codes_left": services.recovery_codes_left(viewer.user) if enabled else 0,
        },
    }

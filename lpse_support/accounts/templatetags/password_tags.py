"""``{% change_password_form %}``: the "Ubah Password" form of the Profil page — the bound form
after a refused attempt, otherwise an empty one — so the Profil view needs no change."""

from __future__ import annotations

from typing import Any

from django import template

from lpse_support.accounts.forms_password import ChangePasswordForm

register = template.Library()


@register.simple_tag(takes_context=True)
def change_password_form(context: dict[str, Any], bound: object) -> ChangePasswordForm:
    if isinstance(bound, ChangePasswordForm):
        return bound
    return ChangePasswordForm(context["request"].user)

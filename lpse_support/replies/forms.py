"""The team lead's form for a Templat Balasan (the service checks everything again)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lpse_support.accounts.models import Team
from lpse_support.catalog.models import Application
from lpse_support.replies.models import BODY_MAX, TITLE_MAX


class ReplyTemplateForm(forms.Form):
    team = forms.ModelChoiceField(queryset=Team.objects.none(), label=_("Tim"))
    application = forms.ModelChoiceField(
        queryset=Application.objects.filter(active=True).order_by("order", "name"),
        label=_("Aplikasi"),
        required=False,
        empty_label=_("Semua aplikasi"),
    )
    title = forms.CharField(label=_("Judul templat"), max_length=TITLE_MAX)
    body = forms.CharField(
        label=_("Isi templat"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args: Any, lead_team_ids: frozenset[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team_field = self.fields["team"]
        assert isinstance(team_field, forms.ModelChoiceField)
        team_field.queryset = Team.objects.filter(pk__in=sorted(lead_team_ids)).order_by("name")
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

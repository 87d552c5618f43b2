"""The filter of the FAQ list: words, Aplikasi, Kategori — all in the URL (GET), so a filtered
list can be bookmarked and shared."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lpse_support.catalog.models import Application, Category
from lpse_support.faq.models import FaqArticle
from lpse_support.faq.selectors import MAX_QUERY_CHARS, search


class CategoryChoiceField(forms.ModelChoiceField[Category]):
    def label_from_instance(self, obj: Category) -> str:
        return f"{obj.application.name} — {obj.name}"


class FaqFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Cari artikel"),
        required=False,
        max_length=MAX_QUERY_CHARS,
        error_messages={"max_length": _("Kata pencarian maksimal 200 karakter.")},
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "class": "form-control",
                "placeholder": _("Cari kata di judul atau isi artikel"),
                "autocomplete": "off",
            }
        ),
    )
    aplikasi = forms.ModelChoiceField(
        label=_("Aplikasi"),
        queryset=Application.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("Semua Aplikasi"),
        error_messages={
            "invalid_choice": _("Aplikasi tidak ditemukan; filter aplikasi diabaikan.")
        },
        widget=forms.Select(attrs={"class": "form-select", "data-faq-autosubmit": ""}),
    )
    kategori = CategoryChoiceField(
        label=_("Kategori"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("Semua Kategori"),
        error_messages={
            "invalid_choice": _("Kategori tidak ditemukan; filter kategori diabaikan.")
        },
        widget=forms.Select(attrs={"class": "form-select", "data-faq-autosubmit": ""}),
    )

    def __init__(self, *args: Any, articles: QuerySet[FaqArticle], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only applications and categories that hold an article this user may read.
        aplikasi = self.fields["aplikasi"]
        kategori = self.fields["kategori"]
        assert isinstance(aplikasi, forms.ModelChoiceField)
        assert isinstance(kategori, forms.ModelChoiceField)
        aplikasi.queryset = Application.objects.filter(
            pk__in=articles.filter(application__isnull=False).values("application_id")
        ).order_by("order", "name")
        kategori.queryset = (
            Category.objects.filter(
                pk__in=articles.filter(category__isnull=False).values("category_id")
            )
            .select_related("application")
            .order_by("application__order", "application__name", "order", "name")
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        application, category = cleaned.get("aplikasi"), cleaned.get("kategori")
        # A category left over from another application: the newly chosen application wins.
        if (
            application is not None
            and category is not None
            and category.application_id != application.pk
        ):
            cleaned["kategori"] = None
            self.data = {**self.data, "kategori": ""}  # the select shows "Semua Kategori"
        return cleaned

    def filter(self, articles: QuerySet[FaqArticle]) -> QuerySet[FaqArticle]:
        """``articles`` narrowed by the valid part of the filter; invalid parts are ignored."""
        self.is_valid()
        data = self.cleaned_data
        if data.get("aplikasi") is not None:
            articles = articles.filter(application=data["aplikasi"])
        if data.get("kategori") is not None:
            articles = articles.filter(category=data["kategori"])
        if data.get("q"):
            articles = search(articles, data["q"])
        return articles

    @property
    def is_filtered(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in ("q", "aplikasi", "kategori"))

"""Admin for FAQ LPSE Support articles and the record of suggestions opened (R-UI-6)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from lpse_support.faq.models import FaqArticle, FaqSuggestionOpen


@admin.register(FaqArticle)
class FaqArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "application",
        "category",
        "published",
        "order",
        "suggestion_open_count",
        "updated_at",
    ]
    list_filter = ["published", "application"]
    search_fields = ["title", "body", "keywords"]
    ordering = ["order", "title"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["application", "category"]
    list_select_related = ["application", "category__application"]
    fields = ["title", "slug", "application", "category", "body", "keywords", "published", "order"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[FaqArticle]:
        return super().get_queryset(request).annotate(opens=Count("suggestion_opens"))

    @admin.display(description=_("Dibuka dari saran"), ordering="opens")
    def suggestion_open_count(self, article: Any) -> Any:
        if not article.opens:
            return 0
        url = reverse("admin:faq_faqsuggestionopen_changelist")
        return format_html(
            '<a href="{}?article__id__exact={}">{}</a>', url, article.pk, article.opens
        )


@admin.register(FaqSuggestionOpen)
class FaqSuggestionOpenAdmin(admin.ModelAdmin):
    """Read-only: rows are written only by the suggestion POST on Buat Tiket Baru."""

    list_display = ["created_at", "article", "user", "typed_title"]
    list_filter = ["created_at", "article__application", "article"]
    search_fields = ["typed_title", "article__title", "user__username", "user__full_name"]
    list_select_related = ["article", "user"]
    date_hierarchy = "created_at"
    fields = ("created_at", "article", "user", "typed_title")
    readonly_fields = ("created_at", "article", "user", "typed_title")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

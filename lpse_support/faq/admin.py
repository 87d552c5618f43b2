"""Admin for FAQ LPSE Support articles (R-UI-6)."""

from __future__ import annotations

from django.contrib import admin

from lpse_support.faq.models import FaqArticle


@admin.register(FaqArticle)
class FaqArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "application", "category", "published", "order", "updated_at"]
    list_filter = ["published", "application"]
    search_fields = ["title", "body", "keywords"]
    ordering = ["order", "title"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["application", "category"]
    list_select_related = ["application", "category__application"]
    fields = ["title", "slug", "application", "category", "body", "keywords", "published", "order"]

"""Admin for Templat Balasan (leads manage theirs on their own page too)."""

from django.contrib import admin

from lpse_support.replies.models import ReplyTemplate


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "team", "application", "active", "usage_count", "updated_at"]
    list_filter = ["active", "team", "application"]
    search_fields = ["title", "body"]
    readonly_fields = ["usage_count", "created_by"]

"""Notifications in admin are read-only: they are written by the notification task only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lpse_support.notifications.models import Notification
from lpse_support.tickets.admin import ReadOnlyAdmin


class ReadFilter(admin.SimpleListFilter):
    title = _("dibaca")
    parameter_name = "dibaca"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("ya", _("Sudah dibaca")), ("tidak", _("Belum dibaca"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "ya":
            return queryset.filter(read_at__isnull=False)
        if self.value() == "tidak":
            return queryset.filter(read_at__isnull=True)
        return queryset


class EmailedFilter(admin.SimpleListFilter):
    title = _("email")
    parameter_name = "email"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("terkirim", _("Terkirim")), ("belum", _("Belum terkirim"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "terkirim":
            return queryset.filter(emailed_at__isnull=False)
        if self.value() == "belum":
            return queryset.filter(emailed_at__isnull=True)
        return queryset


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "recipient", "ticket", "verb", "title", "read_at", "emailed_at")
    list_filter = (ReadFilter, EmailedFilter, "verb")
    search_fields = (
        "recipient__username",
        "recipient__full_name",
        "recipient__email",
        "ticket__number",
        "title",
    )
    list_select_related = ("recipient", "ticket")
    date_hierarchy = "created_at"
    raw_id_fields = ("recipient", "ticket", "event")

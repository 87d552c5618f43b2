"""Tickets in Django admin are read-only: every change goes through ``tickets.services`` (one
write path, ARCHITECTURE.md rule 1), so admin offers viewing, searching and filtering only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from lpse_support.tickets.models import (
    Incident,
    IncidentOutcome,
    PendingUpload,
    SavedSearch,
    Ticket,
    TicketAttachment,
    TicketEvent,
    TicketMessage,
    TicketNumberCounter,
    TicketRating,
    TicketTeam,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MessageInline(ReadOnlyInline):
    model = TicketMessage
    fields = ("created_at", "author", "side", "kind", "is_internal", "body")
    readonly_fields = fields


class AttachmentInline(ReadOnlyInline):
    model = TicketAttachment
    fields = ("sequence", "stored_name", "original_name", "size", "content_type", "sha256")
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = TicketEvent
    fields = ("created_at", "actor", "action", "from_status", "to_status", "team", "assignee")
    readonly_fields = fields


@admin.register(Ticket)
class TicketAdmin(ReadOnlyAdmin):
    list_display = (
        "number",
        "title",
        "status",
        "priority",
        "application",
        "team",
        "assignee",
        "reporter",
        "created_at",
    )
    list_filter = ("status", "priority", "application", "team__tier", "reporter_lpse")
    search_fields = ("number", "title", "reporter__username", "reporter__full_name", "tender_code")
    list_select_related = ("priority", "application", "team", "assignee", "reporter")
    date_hierarchy = "created_at"
    inlines = (MessageInline, AttachmentInline, EventInline)


@admin.register(TicketEvent)
class TicketEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "ticket", "action", "from_status", "to_status", "actor", "team")
    list_filter = ("action", "to_status")
    search_fields = ("ticket__number", "actor__username")
    list_select_related = ("ticket", "actor", "team")


@admin.register(TicketMessage)
class TicketMessageAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "ticket", "author", "side", "kind", "is_internal")
    list_filter = ("side", "kind", "is_internal")
    search_fields = ("ticket__number", "body")
    list_select_related = ("ticket", "author")


@admin.register(TicketAttachment)
class TicketAttachmentAdmin(ReadOnlyAdmin):
    list_display = ("stored_name", "original_name", "ticket", "side", "size", "created_at")
    list_filter = ("side", "content_type")
    search_fields = ("stored_name", "original_name", "ticket__number", "sha256")
    list_select_related = ("ticket",)


@admin.register(TicketTeam)
class TicketTeamAdmin(ReadOnlyAdmin):
    list_display = ("ticket", "team", "since")
    list_filter = ("team__tier",)
    search_fields = ("ticket__number", "team__name")
    list_select_related = ("ticket", "team")


@admin.register(TicketNumberCounter)
class TicketNumberCounterAdmin(ReadOnlyAdmin):
    list_display = ("prefix", "day", "last_value")
    list_filter = ("prefix",)
    search_fields = ("prefix",)
    date_hierarchy = "day"


@admin.register(TicketRating)
class TicketRatingAdmin(ReadOnlyAdmin):
    list_display = ("ticket", "stars", "rated_by", "created_at")
    list_filter = ("stars",)
    search_fields = ("ticket__number", "message")
    list_select_related = ("ticket", "rated_by")


@admin.register(SavedSearch)
class SavedSearchAdmin(ReadOnlyAdmin):
    """Pencarian tersimpan, for support: their owners change them on Daftar Tiket."""

    list_display = ("name", "owner", "team", "updated_at")
    list_select_related = ("owner", "team")
    search_fields = ("name", "owner__username")
    fields = ("name", "owner", "team", "params", "created_at", "updated_at")


@admin.register(Incident)
class IncidentAdmin(ReadOnlyAdmin):
    """Insiden, for support: staff create and resolve them on the Insiden pages."""

    list_display = ("title", "application", "state", "started_at", "resolved_at")
    list_filter = ("state", "application")
    list_select_related = ("application",)
    search_fields = ("title",)


@admin.register(IncidentOutcome)
class IncidentOutcomeAdmin(ReadOnlyAdmin):
    """What an incident's resolution did to each child (resolved or skipped)."""

    list_display = ("incident", "ticket", "kind", "created_at")
    list_filter = ("kind",)
    list_select_related = ("incident", "ticket")


@admin.register(PendingUpload)
class PendingUploadAdmin(ReadOnlyAdmin):
    """Files sent ahead of their form (tus, docs/attachments.md): support sees who is uploading
    what; the form attaches them and ``sweep_uploads`` deletes the unused ones."""

    list_display = ("filename", "owner", "size", "offset", "created_at", "completed_at", "used_at")
    list_select_related = ("owner",)
    search_fields = ("filename", "owner__username")
    fields = (
        "id",
        "owner",
        "form_key",
        "filename",
        "size",
        "offset",
        "path",
        "created_at",
        "completed_at",
        "used_at",
    )

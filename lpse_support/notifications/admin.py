"""Notifications in admin are read-only (the ticket actions write them). Their e-mails are
listed too, undelivered ones first, with "Kirim ulang" to send them again."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from lpse_support.notifications import delivery
from lpse_support.notifications.models import EmailDelivery, Notification, ScheduledJob
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


class UndeliveredFirst(admin.SimpleListFilter):
    """Opens on what needs attention: e-mails not (yet) delivered."""

    title = _("status")
    parameter_name = "status"
    default = "belum"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            (self.default, _("Belum terkirim")),
            *EmailDelivery.Status.choices,
            ("semua", _("Semua")),
        ]

    def choices(self, changelist: Any) -> Any:
        current = self.value() or self.default
        for lookup, title in self.lookup_choices:
            yield {
                "selected": current == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value() or self.default
        if value == self.default:
            return queryset.exclude(status=EmailDelivery.Status.SENT)
        if value in EmailDelivery.Status.values:
            return queryset.filter(status=value)
        return queryset


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "to",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "short_error",
        "ticket",
    )
    list_filter = (UndeliveredFirst,)
    search_fields = ("to", "notification__ticket__number", "notification__title", "last_error")
    list_select_related = ("notification__ticket",)
    date_hierarchy = "created_at"
    raw_id_fields = ("notification",)
    actions = ("resend",)

    @admin.display(description=_("Tiket"))
    def ticket(self, obj: EmailDelivery) -> str:
        return obj.notification.ticket.number

    @admin.display(description=_("Galat terakhir"))
    def short_error(self, obj: EmailDelivery) -> str:
        return Truncator(obj.last_error).chars(80)

    def has_resend_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm("notifications.change_emaildelivery"))

    @admin.action(description=_("Kirim ulang"), permissions=["resend"])
    def resend(self, request: HttpRequest, queryset: QuerySet[EmailDelivery]) -> None:
        count = delivery.resend(queryset)
        self.message_user(
            request,
            _("%(count)s email dijadwalkan untuk dikirim ulang.") % {"count": count},
            messages.SUCCESS,
        )


@admin.register(ScheduledJob)
class ScheduledJobAdmin(ReadOnlyAdmin):
    """When each periodic job last ran, on which worker, with what result (read only)."""

    COLUMNS = ("name", "last_started_at", "last_finished_at", "last_worker", "last_result")
    list_display = COLUMNS
    readonly_fields = (*COLUMNS, "next_run_at")

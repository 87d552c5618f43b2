"""Admin for the local tender mirror (R-DW): tenders with their stage schedule."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import admin
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lpse_support.tenders.models import Tender, TenderStage


def format_rupiah(value: Decimal | int | None) -> str:
    """Indonesian money format: ``Rp 1.370.200.000,00`` (dot thousands, comma decimals)."""
    if value is None:
        return "-"
    grouped = f"{Decimal(value):,.2f}"
    return "Rp " + grouped.replace(",", "_").replace(".", ",").replace("_", ".")


class TenderStageInline(admin.TabularInline):
    model = TenderStage
    fields = ["order", "name", "start", "end"]
    ordering = ["order"]
    extra = 0


@admin.register(Tender)
class TenderAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "lpse",
        "fiscal_year",
        "hps_rupiah",
        "current_stage_name",
        "procurement_category",
    ]
    list_filter = [
        "fiscal_year",
        "procurement_category",
        ("lpse", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["code", "name", "satker", "lpse__name"]
    ordering = ["-fiscal_year", "code"]
    autocomplete_fields = ["lpse"]
    list_select_related = ["lpse"]
    inlines = [TenderStageInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Tender]:
        # current_stage() walks ``stages.all()``: one prefetch query for the whole page.
        stages = TenderStage.objects.order_by("order")
        return super().get_queryset(request).prefetch_related(Prefetch("stages", queryset=stages))

    @admin.display(description=_("Nilai HPS"), ordering="hps")
    def hps_rupiah(self, obj: Tender) -> str:
        return format_rupiah(obj.hps)

    @admin.display(description=_("Tahapan saat ini"))
    def current_stage_name(self, obj: Tender) -> str:
        stage = obj.current_stage()
        return stage.name if stage is not None else "-"


@admin.register(TenderStage)
class TenderStageAdmin(admin.ModelAdmin):
    list_display = ["tender", "order", "name", "start", "end"]
    list_filter = ["name"]
    search_fields = ["name", "tender__code", "tender__name"]
    ordering = ["tender__code", "order"]
    autocomplete_fields = ["tender"]
    list_select_related = ["tender"]
    date_hierarchy = "start"

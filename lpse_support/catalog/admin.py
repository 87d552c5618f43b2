"""Admin for master data: applications, categories, priorities/SLA, ticket types, ratings,
working hours and extra holidays. Model constraints surface as form errors (Django validates
``Meta.constraints`` in ``ModelForm`` cleaning), never as database errors."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lpse_support.catalog.models import (
    Application,
    ApplicationVersion,
    Category,
    ExtraHoliday,
    PriorityLevel,
    RatingChip,
    RatingQuestion,
    SubCategory,
    TicketType,
    WorkingHours,
)


class ApplicationVersionInline(admin.TabularInline):
    model = ApplicationVersion
    fields = ["name", "active", "order"]
    extra = 0


class CategoryInline(admin.TabularInline):
    model = Category
    fields = ["name", "kind", "active", "order"]
    extra = 0
    show_change_link = True


class SubCategoryInline(admin.TabularInline):
    model = SubCategory
    fields = ["name", "default_priority", "deadline_sensitive", "active", "order"]
    extra = 0


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "letter", "directorate", "first_line", "active", "order"]
    list_filter = ["active", "first_line", "directorate"]
    search_fields = ["name", "full_name", "code", "letter"]
    ordering = ["order", "name"]
    autocomplete_fields = ["directorate"]
    list_select_related = ["directorate"]
    prepopulated_fields = {"code": ["name"]}
    inlines = [ApplicationVersionInline, CategoryInline]


@admin.register(ApplicationVersion)
class ApplicationVersionAdmin(admin.ModelAdmin):
    list_display = ["name", "application", "active", "order"]
    list_filter = ["active", "application"]
    search_fields = ["name", "application__name"]
    ordering = ["application__order", "application__name", "order", "name"]
    autocomplete_fields = ["application"]
    list_select_related = ["application"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "application", "kind", "subcategory_count", "active", "order"]
    list_filter = ["kind", "active", "application"]
    search_fields = ["name", "application__name"]
    ordering = ["application__order", "application__name", "order", "name"]
    autocomplete_fields = ["application"]
    list_select_related = ["application"]
    inlines = [SubCategoryInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Category]:
        return super().get_queryset(request).annotate(_subcategory_count=Count("subcategories"))

    @admin.display(description=_("Jumlah sub kategori"), ordering="_subcategory_count")
    def subcategory_count(self, obj: Category) -> int:
        return int(getattr(obj, "_subcategory_count", 0))


@admin.register(SubCategory)
class SubCategoryAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "category_name",
        "application_name",
        "default_priority",
        "deadline_sensitive",
        "active",
        "order",
    ]
    list_filter = ["default_priority", "deadline_sensitive", "active", "category__application"]
    search_fields = ["name", "category__name", "category__application__name"]
    ordering = ["category__application__name", "category__name", "order", "name"]
    autocomplete_fields = ["category"]
    list_select_related = ["category__application", "default_priority"]

    @admin.display(description=_("Kategori"), ordering="category__name")
    def category_name(self, obj: SubCategory) -> str:
        return obj.category.name

    @admin.display(description=_("Aplikasi"), ordering="category__application__name")
    def application_name(self, obj: SubCategory) -> str:
        return obj.category.application.name


@admin.register(PriorityLevel)
class PriorityLevelAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "rank",
        "response_minutes",
        "response_hours",
        "resolution_minutes",
        "resolution_hours",
        "color",
    ]
    search_fields = ["name", "code"]
    ordering = ["rank"]

    @admin.display(description=_("Respons (jam kerja)"), ordering="response_minutes")
    def response_hours(self, obj: PriorityLevel) -> str:
        return f"{obj.response_minutes / 60:g}"

    @admin.display(description=_("Penyelesaian (jam kerja)"), ordering="resolution_minutes")
    def resolution_hours(self, obj: PriorityLevel) -> str:
        return f"{obj.resolution_minutes / 60:g}"


@admin.register(TicketType)
class TicketTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "is_default", "active", "order"]
    list_filter = ["is_default", "active"]
    search_fields = ["name"]
    ordering = ["order", "name"]


@admin.register(RatingQuestion)
class RatingQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "min_stars", "max_stars"]
    list_filter = ["min_stars", "max_stars"]
    search_fields = ["text"]
    ordering = ["-max_stars"]


@admin.register(RatingChip)
class RatingChipAdmin(admin.ModelAdmin):
    list_display = ["label", "min_stars", "max_stars", "active", "order"]
    list_filter = ["active", "min_stars", "max_stars"]
    search_fields = ["label"]
    ordering = ["-max_stars", "order", "label"]


@admin.register(WorkingHours)
class WorkingHoursAdmin(admin.ModelAdmin):
    list_display = ["weekday", "start", "end"]
    list_filter = ["weekday"]
    ordering = ["weekday"]


@admin.register(ExtraHoliday)
class ExtraHolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "is_working_day"]
    list_filter = ["is_working_day", "date"]
    search_fields = ["name"]
    ordering = ["-date"]
    date_hierarchy = "date"

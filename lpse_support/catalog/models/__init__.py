from lpse_support.catalog.models.application import (
    Application,
    ApplicationVersion,
    Category,
    CategoryKind,
    FirstLine,
    SubCategory,
)
from lpse_support.catalog.models.calendar import ExtraHoliday, WorkingHours
from lpse_support.catalog.models.priority import PriorityLevel
from lpse_support.catalog.models.rating import RatingChip, RatingQuestion
from lpse_support.catalog.models.ticket_type import TicketType

__all__ = [
    "Application",
    "ApplicationVersion",
    "Category",
    "CategoryKind",
    "ExtraHoliday",
    "FirstLine",
    "PriorityLevel",
    "RatingChip",
    "RatingQuestion",
    "SubCategory",
    "TicketType",
    "WorkingHours",
]

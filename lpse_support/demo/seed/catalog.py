"""Catalogue master data: priorities + SLA, working hours, ticket types, rating chips, applications
with versions and category trees (SPEC §2–§4, DOMAIN.md §5.2–§5.3)."""

from __future__ import annotations

from datetime import time
from typing import NamedTuple

from lpse_support.accounts.models import Directorate
from lpse_support.catalog.models import (
    Application,
    ApplicationVersion,
    Category,
    PriorityLevel,
    RatingChip,
    RatingQuestion,
    SubCategory,
    TicketType,
    WorkingHours,
)
from lpse_support.demo.seed.catalog_tree import APPLICATIONS
from lpse_support.demo.seed.upsert import Tally, upsert


class PrioritySeed(NamedTuple):
    code: str
    name: str
    rank: int
    response_minutes: int
    resolution_minutes: int
    color: str


# One working day = 8 h = 480 business minutes (DOMAIN.md §5.2).
PRIORITIES: tuple[PrioritySeed, ...] = (
    PrioritySeed("emergency", "Emergency", 1, 30, 240, "danger"),
    PrioritySeed("major", "Major", 2, 120, 480, "warning"),
    PrioritySeed("medium", "Medium", 3, 480, 1440, "info"),
    PrioritySeed("minor", "Minor", 4, 960, 2400, "secondary"),
)

WORKDAY_START, WORKDAY_END = time(8, 0), time(16, 0)
WORKDAYS = range(5)  # Senin … Jumat

DEFAULT_TICKET_TYPE = "Tiket Umum"
TICKET_TYPES = (DEFAULT_TICKET_TYPE, "Permasalahan", "Usulan", "Permintaan Layanan")

GOOD_QUESTION = (4, 5, "Apa yang menurutmu oke?")
IMPROVE_QUESTION = (1, 3, "Apa yang perlu ditingkatkan?")
GOOD_CHIPS = (
    "Kecepatan penanganan",
    "Keramahan helpdesk",
    "Tutur kata sopan",
    "Ketepatan solusi",
    "Kemudahan Penggunaan Aplikasi",
    "Helpdesk proaktif dan inisiatif",
)
IMPROVE_CHIPS = (
    "Kecepatan penanganan",
    "Kejelasan jawaban",
    "Ketepatan solusi",
    "Keramahan helpdesk",
    "Kemudahan Penggunaan Aplikasi",
    "Informasi perkembangan tiket",
)


def seed_priorities(tally: Tally) -> dict[str, PriorityLevel]:
    levels: dict[str, PriorityLevel] = {}
    for seed in PRIORITIES:
        levels[seed.code] = upsert(
            PriorityLevel,
            tally,
            lookup={"code": seed.code},
            values={
                "name": seed.name,
                "rank": seed.rank,
                "response_minutes": seed.response_minutes,
                "resolution_minutes": seed.resolution_minutes,
                "color": seed.color,
            },
        )
    return levels


def seed_working_hours(tally: Tally) -> None:
    for weekday in WORKDAYS:
        upsert(
            WorkingHours,
            tally,
            lookup={"weekday": weekday},
            values={"start": WORKDAY_START, "end": WORKDAY_END},
        )


def seed_ticket_types(tally: Tally) -> None:
    # Non-defaults first so the single-default constraint never sees two defaults at once.
    for order, name in reversed(list(enumerate(TICKET_TYPES))):
        upsert(
            TicketType,
            tally,
            lookup={"name": name},
            values={"is_default": name == DEFAULT_TICKET_TYPE, "active": True, "order": order},
        )


def seed_rating(tally: Tally) -> None:
    for (low, high, text), chips in (
        (GOOD_QUESTION, GOOD_CHIPS),
        (IMPROVE_QUESTION, IMPROVE_CHIPS),
    ):
        upsert(
            RatingQuestion,
            tally,
            lookup={"min_stars": low, "max_stars": high},
            values={"text": text},
        )
        for order, label in enumerate(chips, start=1):
            upsert(
                RatingChip,
                tally,
                lookup={"label": label, "min_stars": low, "max_stars": high},
                values={"active": True, "order": order},
            )


def seed_applications(
    tally: Tally,
    directorates: dict[str, Directorate],
    priorities: dict[str, PriorityLevel],
) -> dict[str, Application]:
    """Applications with their versions and the full category → sub-category tree."""
    applications: dict[str, Application] = {}
    for app_order, seed in enumerate(APPLICATIONS, start=1):
        app = upsert(
            Application,
            tally,
            lookup={"code": seed.code},
            values={
                "name": seed.name,
                "full_name": seed.full_name,
                "letter": seed.letter,
                "directorate": directorates[seed.directorate],
                "first_line": seed.first_line,
                "active": True,
                "order": app_order,
            },
        )
        applications[seed.code] = app
        for order, version in enumerate(seed.versions, start=1):
            upsert(
                ApplicationVersion,
                tally,
                lookup={"application": app, "name": version},
                values={"active": True, "order": order},
            )
        for cat_order, cat in enumerate(seed.tree, start=1):
            category = upsert(
                Category,
                tally,
                lookup={"application": app, "name": cat.name},
                values={"kind": cat.kind, "active": True, "order": cat_order},
            )
            for sub_order, sub in enumerate(cat.subs, start=1):
                upsert(
                    SubCategory,
                    tally,
                    lookup={"category": category, "name": sub.name},
                    values={
                        "default_priority": priorities[sub.priority],
                        "deadline_sensitive": sub.deadline_sensitive,
                        "active": True,
                        "order": sub_order,
                    },
                )
    return applications

"""The master data ``generate_tickets`` draws from, loaded once into plain Python objects, and the
generated people (reporters across the LPSEs, staff for every team) created in bulk."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction

from lpse_support.accounts.models import LpseUnit, ReporterCategory, Team, TeamMembership, User
from lpse_support.catalog.models import (
    Application,
    ApplicationVersion,
    PriorityLevel,
    RatingChip,
    SubCategory,
    TicketType,
)
from lpse_support.demo.generator.words import person_name

REPORTER_PREFIX = "gen_pelapor_"
STAFF_PREFIX = "gen_petugas_"
# Staff per generated team, on top of the demo members already there.
STAFF_PER_TIER = {1: 2, 2: 4, 3: 3}
# Tickets per application, relative (SPSE carries most of the load).
APP_WEIGHTS = {"S": 55, "K": 8, "E": 12, "R": 12, "P": 5, "I": 5, "L": 3}
DEMO_REPORTERS = ("ppk1", "penyedia1")


class MissingMasterData(Exception):
    """The master data of ``seed_demo`` is not there."""


@dataclass
class TeamInfo:
    id: int
    name: str
    tier: int
    kind: str
    lpse_id: int | None
    directorate_id: int | None
    position_label: str
    members: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class SubInfo:
    id: int
    category_id: int
    kind: str
    priority_id: int


@dataclass
class AppInfo:
    id: int
    letter: str
    directorate_id: int
    first_line: str
    weight: int
    versions: list[int] = field(default_factory=list)
    subcategories: list[SubInfo] = field(default_factory=list)


@dataclass(frozen=True)
class Reporter:
    id: int
    category_id: int
    letter: str
    lpse_id: int | None


@dataclass(frozen=True)
class Priority:
    id: int
    code: str
    name: str
    response_minutes: int
    resolution_minutes: int


@dataclass
class World:
    teams: dict[int, TeamInfo]
    tier1_by_lpse: dict[int, TeamInfo]
    apps: list[AppInfo]
    priorities: dict[int, Priority]
    reporters: list[Reporter]
    demo_reporters: list[Reporter]
    chips: list[tuple[int, int, int, str]]
    ticket_type_id: int

    def directorate_teams(self, directorate_id: int, tier: int) -> list[TeamInfo]:
        return [
            team
            for team in self.teams.values()
            if team.directorate_id == directorate_id and team.tier == tier
        ]


def _require_master_data() -> None:
    missing = [
        label
        for label, exists in (
            ("aplikasi", Application.objects.filter(active=True).exists()),
            ("sub kategori", SubCategory.objects.filter(active=True).exists()),
            ("tim", Team.objects.filter(active=True).exists()),
            ("LPSE", LpseUnit.objects.exists()),
            ("akun demo", User.objects.filter(username__in=DEMO_REPORTERS).exists()),
            ("jenis tiket", TicketType.objects.exists()),
        )
        if not exists
    ]
    if missing:
        raise MissingMasterData(
            "Data master belum ada (" + ", ".join(missing) + "). Jalankan dulu "
            "`manage.py seed_demo`."
        )


def _ensure_reporters(rng: random.Random, count: int) -> None:
    have = User.objects.filter(username__startswith=REPORTER_PREFIX).count()
    if have >= count:
        return
    categories = list(ReporterCategory.objects.filter(is_support_staff=False).order_by("order"))
    lpse_ids = list(LpseUnit.objects.filter(active=True).values_list("pk", flat=True))
    weights = [6 if c.code in {"ppk", "rekanan"} else 2 for c in categories]
    users = []
    for number in range(have + 1, count + 1):
        category = rng.choices(categories, weights)[0]
        users.append(
            User(
                username=f"{REPORTER_PREFIX}{number:05d}",
                password=make_password(None),
                full_name=person_name(rng),
                email=f"pelapor{number:05d}@example.go.id",
                reporter_category=category,
                home_lpse_id=rng.choice(lpse_ids),
            )
        )
    User.objects.bulk_create(users, batch_size=1000)


def _ensure_staff(rng: random.Random) -> None:
    """Give every active team its generated staff (tier-1 LPSE teams have no demo members)."""
    staff_category = ReporterCategory.objects.filter(is_support_staff=True).order_by("order")
    letters = {c.code: c for c in staff_category}
    fallback = next(iter(letters.values()), None)
    existing = set(
        User.objects.filter(username__startswith=STAFF_PREFIX).values_list("username", flat=True)
    )
    users: list[User] = []
    wanted: list[tuple[int, str]] = []
    for team in Team.objects.filter(active=True).order_by("pk"):
        code = "helpdesk" if team.tier == 1 else "helpdesk-lkpp" if team.tier == 2 else "tim-teknis"
        for index in range(1, STAFF_PER_TIER[team.tier] + 1):
            username = f"{STAFF_PREFIX}{team.pk:03d}_{index}"
            wanted.append((team.pk, username))
            if username in existing:
                continue
            users.append(
                User(
                    username=username,
                    password=make_password(None),
                    full_name=person_name(rng),
                    email=f"{username}@example.go.id",
                    reporter_category=letters.get(code, fallback),
                    home_lpse_id=team.lpse_id,
                )
            )
    User.objects.bulk_create(users, batch_size=1000)
    ids = dict(User.objects.filter(username__startswith=STAFF_PREFIX).values_list("username", "pk"))
    TeamMembership.objects.bulk_create(
        [TeamMembership(team_id=team_id, user_id=ids[name]) for team_id, name in wanted],
        ignore_conflicts=True,
        batch_size=1000,
    )


def _reporter(user: User) -> Reporter:
    category = user.reporter_category
    assert category is not None
    return Reporter(user.pk, category.pk, category.letter, user.home_lpse_id)


def load_world(rng: random.Random, *, reporters: int) -> World:
    """Check the master data, create the generated people once, and read everything needed."""
    _require_master_data()
    with transaction.atomic():
        _ensure_reporters(rng, reporters)
        _ensure_staff(rng)
    teams = {
        team.pk: TeamInfo(
            team.pk,
            team.name,
            team.tier,
            team.kind,
            team.lpse_id,
            team.directorate_id,
            team.position_label,
        )
        for team in Team.objects.filter(active=True)
    }
    for team_id, user_id in TeamMembership.objects.filter(
        team__active=True, user__is_active=True
    ).values_list("team_id", "user_id"):
        teams[team_id].members.append(user_id)
    for team in teams.values():
        team.members.sort()
    apps: dict[int, AppInfo] = {}
    for app in Application.objects.filter(active=True).order_by("order"):
        apps[app.pk] = AppInfo(
            app.pk, app.letter, app.directorate_id, app.first_line, APP_WEIGHTS.get(app.letter, 3)
        )
    for version_id, app_id in (
        ApplicationVersion.objects.filter(active=True, application_id__in=apps)
        .order_by("pk")
        .values_list("pk", "application_id")
    ):
        apps[app_id].versions.append(version_id)
    for sub in SubCategory.objects.filter(
        active=True, category__active=True, category__application_id__in=apps
    ).select_related("category"):
        apps[sub.category.application_id].subcategories.append(
            SubInfo(sub.pk, sub.category_id, sub.category.kind, sub.default_priority_id)
        )
    usable = [app for app in apps.values() if app.versions and app.subcategories]
    plain = User.objects.filter(username__startswith=REPORTER_PREFIX, is_active=True)
    demo = User.objects.filter(username__in=DEMO_REPORTERS, reporter_category__isnull=False)
    ticket_type = TicketType.objects.filter(is_default=True).first() or TicketType.objects.first()
    assert ticket_type is not None
    return World(
        teams=teams,
        tier1_by_lpse={t.lpse_id: t for t in teams.values() if t.tier == 1 and t.lpse_id},
        apps=usable,
        priorities={
            p.pk: Priority(p.pk, p.code, p.name, p.response_minutes, p.resolution_minutes)
            for p in PriorityLevel.objects.all()
        },
        reporters=[_reporter(u) for u in plain.select_related("reporter_category").order_by("pk")],
        demo_reporters=[_reporter(u) for u in demo.select_related("reporter_category")],
        chips=list(
            RatingChip.objects.filter(active=True).values_list(
                "pk", "min_stars", "max_stars", "label"
            )
        ),
        ticket_type_id=ticket_type.pk,
    )

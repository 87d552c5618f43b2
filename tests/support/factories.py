"""factory_boy factories for the whole suite. Build state through these (and the services)."""

from __future__ import annotations

from typing import Any

import factory

from lpse_support.accounts.models import (
    Directorate,
    LpseUnit,
    ReporterCategory,
    Team,
    TeamKind,
    User,
)
from lpse_support.catalog.models import (
    Application,
    ApplicationVersion,
    Category,
    CategoryKind,
    FirstLine,
    PriorityLevel,
    SubCategory,
    TicketType,
)

PASSWORD = "Rahasia#2026"


class DirectorateFactory(factory.django.DjangoModelFactory[Directorate]):
    class Meta:
        model = Directorate

    code = factory.Sequence(lambda n: f"dir-{n}")
    name = factory.Sequence(lambda n: f"Direktorat Uji {n}")
    short_name = factory.Sequence(lambda n: f"Dit {n}")


class LpseUnitFactory(factory.django.DjangoModelFactory[LpseUnit]):
    class Meta:
        model = LpseUnit

    name = factory.Sequence(lambda n: f"LPSE Kota Uji {n}")
    kind = LpseUnit.Kind.KOTA
    province = "Sulawesi Selatan"


class ReporterCategoryFactory(factory.django.DjangoModelFactory[ReporterCategory]):
    class Meta:
        model = ReporterCategory
        django_get_or_create = ("code",)

    code = "ppk"
    name = "PPK"
    letter = "P"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Pengguna Uji {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@contoh.go.id")
    reporter_category = factory.SubFactory(ReporterCategoryFactory)
    home_lpse = factory.SubFactory(LpseUnitFactory)

    @factory.post_generation
    def password(obj: Any, create: bool, extracted: str | None, **kwargs: object) -> None:
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save()


class TeamFactory(factory.django.DjangoModelFactory[Team]):
    """A tier-1 team of an LPSE by default; pass ``tier=2, lpse=None, directorate=…`` otherwise."""

    class Meta:
        model = Team
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Tim Uji {n}")
    tier = 1
    kind = TeamKind.UMUM
    lpse = factory.SubFactory(LpseUnitFactory)
    directorate = None
    position_label = "Helpdesk LPSE"

    @factory.post_generation
    def members(obj: Any, create: bool, extracted: list[Any] | None, **kwargs: object) -> None:
        if create and extracted:
            for user in extracted:
                obj.members.add(user)


class PriorityLevelFactory(factory.django.DjangoModelFactory[PriorityLevel]):
    class Meta:
        model = PriorityLevel
        django_get_or_create = ("code",)

    code = "medium"
    name = "Medium"
    rank = 3
    response_minutes = 480
    resolution_minutes = 1440


class ApplicationFactory(factory.django.DjangoModelFactory[Application]):
    class Meta:
        model = Application

    code = factory.Sequence(lambda n: f"app{n}")
    name = factory.Sequence(lambda n: f"Aplikasi {n}")
    letter = factory.Sequence(lambda n: "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[n % 26])
    directorate = factory.SubFactory(DirectorateFactory)
    first_line = FirstLine.LPSE


class ApplicationVersionFactory(factory.django.DjangoModelFactory[ApplicationVersion]):
    class Meta:
        model = ApplicationVersion

    application = factory.SubFactory(ApplicationFactory)
    name = factory.Sequence(lambda n: f"v4.{n}")


class CategoryFactory(factory.django.DjangoModelFactory[Category]):
    class Meta:
        model = Category

    application = factory.SubFactory(ApplicationFactory)
    name = factory.Sequence(lambda n: f"Kategori {n}")
    kind = CategoryKind.TEKNIS


class SubCategoryFactory(factory.django.DjangoModelFactory[SubCategory]):
    class Meta:
        model = SubCategory

    category = factory.SubFactory(CategoryFactory)
    name = factory.Sequence(lambda n: f"Sub kategori {n}")
    default_priority = factory.SubFactory(PriorityLevelFactory)


class TicketTypeFactory(factory.django.DjangoModelFactory[TicketType]):
    class Meta:
        model = TicketType

    name = factory.Sequence(lambda n: f"Jenis {n}")

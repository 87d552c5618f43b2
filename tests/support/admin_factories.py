"""Factories for models that ``tests/factories.py`` does not cover (calendar, ratings, tenders,
FAQ), plus a helper that creates one row of every project model."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time, timedelta
from decimal import Decimal
from typing import Any

import factory
from django.db import models
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lpse_support.accounts.models import TeamMembership
from lpse_support.catalog.models import ExtraHoliday, RatingChip, RatingQuestion, WorkingHours
from lpse_support.faq.models import FaqArticle
from lpse_support.inaproc.models import ExternalIdentity, InaprocRoleMapping, InaprocUnitMapping
from lpse_support.replies.models import ReplyTemplate
from lpse_support.tenders.models import ProcurementCategory, Tender, TenderStage
from lpse_support.two_factor.models import TwoFactorRule, TwoFactorUser
from tests.support.factories import (
    ApplicationFactory,
    ApplicationVersionFactory,
    CategoryFactory,
    SubCategoryFactory,
    TeamFactory,
    TicketTypeFactory,
    UserFactory,
)


class WorkingHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingHours
        django_get_or_create = ("weekday",)

    weekday = 0
    start = time(8, 0)
    end = time(16, 0)


class ExtraHolidayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExtraHoliday

    date = factory.Sequence(lambda n: timezone.localdate() + timedelta(days=400 + n))
    name = factory.Sequence(lambda n: f"Libur lokal {n}")
    is_working_day = False


class RatingQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RatingQuestion
        django_get_or_create = ("min_stars", "max_stars")

    text = "Apa yang menurutmu oke?"
    min_stars = 4
    max_stars = 5


class RatingChipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RatingChip

    label = factory.Sequence(lambda n: f"Kecepatan penanganan {n}")
    min_stars = 4
    max_stars = 5


class TenderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tender

    code = factory.Sequence(lambda n: f"{10_000_000 + n}")
    name = factory.Sequence(lambda n: f"Pembangunan Gedung Kantor Tahap {n}")
    satker = "Dinas Pekerjaan Umum"
    fiscal_year = 2026
    hps = Decimal("1370200000.00")
    pagu = Decimal("1500000000.00")
    procurement_category = ProcurementCategory.KONSTRUKSI
    method = "Tender"


class TenderStageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TenderStage

    tender = factory.SubFactory(TenderFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = "Upload Dokumen Penawaran"
    start = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    end = factory.LazyFunction(lambda: timezone.now() + timedelta(days=2))


class FaqArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FaqArticle

    title = factory.Sequence(lambda n: f"Cara mengunggah dokumen penawaran {n}")
    slug = factory.Sequence(lambda n: f"cara-mengunggah-dokumen-penawaran-{n}")
    body = "Langkah-langkah mengunggah dokumen penawaran melalui Apendo."


@dataclass
class OneOfEach:
    """One saved row per project model, keyed by model class."""

    rows: dict[type[models.Model], models.Model]

    def get(self, model: type[models.Model]) -> models.Model | None:
        return self.rows.get(model)


def create_one_of_each(**user_kwargs: Any) -> OneOfEach:
    """Create a connected row of every project model (team member, sub-category, tender stage…)."""
    member = UserFactory.create(**user_kwargs)
    team = TeamFactory.create(members=[member])
    # An explicit letter: the ticket world beside these rows holds S and R.
    application = ApplicationFactory.create(letter="K")
    subcategory = SubCategoryFactory.create(
        category=CategoryFactory.create(application=application)
    )
    category = subcategory.category
    version = ApplicationVersionFactory.create(application=application)
    stage = TenderStageFactory.create(tender__lpse=team.lpse)
    faq = FaqArticleFactory.create(application=application, category=category)
    assert member.reporter_category is not None and team.lpse is not None
    # Two-factor: a rule for the team, the member's authenticator and recovery codes.
    totp = TOTPDevice.objects.create(user=member, name="Aplikasi autentikator", confirmed=True)
    codes = StaticDevice.objects.create(user=member, name="Kode pemulihan", confirmed=True)
    StaticToken.objects.create(device=codes, token="0123456789abcdef")
    rows: list[models.Model] = [
        member,
        member.reporter_category,
        team.lpse,
        application.directorate,
        team,
        TeamMembership.objects.get(team=team, user=member),
        application,
        version,
        category,
        subcategory,
        subcategory.default_priority,
        TicketTypeFactory.create(),
        RatingQuestionFactory.create(),
        RatingChipFactory.create(),
        WorkingHoursFactory.create(),
        ExtraHolidayFactory.create(),
        stage.tender,
        stage,
        faq,
        ReplyTemplate.objects.create(
            team=team, application=application, title="Mohon tunggu", body="Yth. {nama_pelapor}"
        ),
        TwoFactorRule.objects.create(team=team, note="Tim wajib 2FA"),
        TwoFactorUser.objects.get(pk=member.pk),
        totp,
        codes,
        InaprocRoleMapping.objects.create(
            claim_value="peran uji", reporter_category=member.reporter_category
        ),
        InaprocUnitMapping.objects.create(claim_value="lpse-uji", lpse=team.lpse),
        ExternalIdentity.objects.create(
            user=member, issuer="https://inaproc.example.go.id", subject="sub-uji"
        ),
    ]
    return OneOfEach(rows={type(row): row for row in rows})

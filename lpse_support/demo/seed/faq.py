"""Seeds the FAQ LPSE Support articles, each tied to its application and category."""

from __future__ import annotations

from lpse_support.catalog.models import Application, Category
from lpse_support.demo.seed.faq_other import OTHER_FAQ
from lpse_support.demo.seed.faq_spse import SPSE_FAQ, FaqSeed
from lpse_support.demo.seed.upsert import Tally, upsert
from lpse_support.faq.models import FaqArticle

FAQ_ARTICLES: tuple[FaqSeed, ...] = SPSE_FAQ + OTHER_FAQ


def seed_faq(tally: Tally, applications: dict[str, Application]) -> None:
    categories = {
        (c.application_id, c.name): c
        for c in Category.objects.filter(application__in=list(applications.values()))
    }
    for order, seed in enumerate(FAQ_ARTICLES, start=1):
        app = applications[seed.application] if seed.application else None
        category = categories[(app.pk, seed.category)] if app and seed.category else None
        upsert(
            FaqArticle,
            tally,
            lookup={"slug": seed.slug},
            values={
                "title": seed.title,
                "application": app,
                "category": category,
                "body": seed.body,
                "keywords": seed.keywords,
                "published": True,
                "order": order,
            },
        )

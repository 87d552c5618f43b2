"""Demo master data and the functions that seed it (SPEC R-DEMO); run by ``manage.py seed_demo``.

Every step is idempotent on natural keys and saves only real changes, so a second run changes
nothing; demo accounts are created once and never reset (a changed password survives).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from lpse_support.demo.seed.accounts import seed_accounts, seed_teams
from lpse_support.demo.seed.catalog import (
    seed_applications,
    seed_priorities,
    seed_rating,
    seed_ticket_types,
    seed_working_hours,
)
from lpse_support.demo.seed.faq import seed_faq
from lpse_support.demo.seed.inaproc import seed_inaproc_mappings
from lpse_support.demo.seed.organisations import (
    seed_directorates,
    seed_lpse_units,
    seed_reporter_categories,
)
from lpse_support.demo.seed.replies import seed_replies
from lpse_support.demo.seed.tenders import seed_tenders
from lpse_support.demo.seed.upsert import Tally

__all__ = ["SeedResult", "run_seed"]


@dataclass(frozen=True)
class SeedResult:
    tally: Tally
    tenders_created: int


def run_seed(*, now: datetime | None = None) -> SeedResult:
    """Fill (or complete) the demo data; stages of new tenders are placed around ``now``."""
    tally = Tally()
    with transaction.atomic():
        directorates = seed_directorates(tally)
        lpse_units = seed_lpse_units(tally)
        categories = seed_reporter_categories(tally)
        priorities = seed_priorities(tally)
        seed_working_hours(tally)
        seed_ticket_types(tally)
        seed_rating(tally)
        applications = seed_applications(tally, directorates, priorities)
        seed_faq(tally, applications)
        teams = seed_teams(tally, lpse_units, directorates)
        seed_accounts(tally, lpse_units=lpse_units, categories=categories, teams=teams)
        seed_inaproc_mappings(tally, categories=categories, lpse_units=lpse_units)
        seed_replies(tally, teams)
        tenders_created = seed_tenders(tally, lpse_units, now or timezone.now())
    return SeedResult(tally=tally, tenders_created=tenders_created)

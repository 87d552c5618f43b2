"""Fixtures of the ticket action page tests: the rating questions and chips (with their star
ranges) shown on the rating page. ``ticket_world`` comes from ``tests/tickets/conftest.py``."""

from __future__ import annotations

from typing import Any

import pytest

from lpse_support.catalog.models import RatingChip, RatingQuestion


@pytest.fixture
def chips(db: None) -> dict[str, Any]:
    good = RatingQuestion.objects.create(text="Apa yang menurutmu oke?", min_stars=4, max_stars=5)
    bad = RatingQuestion.objects.create(
        text="Apa yang perlu ditingkatkan?", min_stars=1, max_stars=3
    )
    return {
        "good": good,
        "bad": bad,
        "fast": RatingChip.objects.create(label="Kecepatan penanganan", min_stars=4, max_stars=5),
        "kind": RatingChip.objects.create(label="Keramahan helpdesk", min_stars=4, max_stars=5),
        "slow": RatingChip.objects.create(label="Respon lebih cepat", min_stars=1, max_stars=3),
    }

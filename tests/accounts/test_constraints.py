"""Database constraints of the accounts app: they hold even when code forgets to validate."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from lpse_support.accounts.models import ReporterCategory, Team, TeamKind, TeamMembership
from tests.support.factories import (
    DirectorateFactory,
    LpseUnitFactory,
    ReporterCategoryFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _category(code: str, letter: str) -> ReporterCategory:
    return ReporterCategory(code=code, name=code.upper(), letter=letter)


def test_reporter_category_letter_is_unique() -> None:
    ReporterCategoryFactory.create(code="ppk", name="PPK", letter="P")
    with transaction.atomic(), pytest.raises(IntegrityError):
        _category("pokja", "P").save()


@pytest.mark.parametrize("letter", ["p", "1", "-", "É"])
def test_reporter_category_letter_must_be_one_uppercase_letter(letter: str) -> None:
    with transaction.atomic(), pytest.raises(IntegrityError):
        _category("pokja", letter).save()


def test_reporter_category_letter_error_message_in_full_clean() -> None:
    with pytest.raises(ValidationError) as raised:
        _category("pokja", "k").full_clean()
    assert "Huruf harus satu huruf kapital A–Z." in str(raised.value)


def test_uppercase_letter_is_accepted() -> None:
    _category("pokja", "K").save()
    assert ReporterCategory.objects.filter(letter="K").exists()


# --- teams ---------------------------------------------------------------------------------------


def test_tier1_team_needs_an_lpse() -> None:
    with transaction.atomic(), pytest.raises(IntegrityError):
        TeamFactory.create(tier=1, lpse=None, directorate=None)


def test_tier1_team_cannot_have_a_directorate() -> None:
    with transaction.atomic(), pytest.raises(IntegrityError):
        TeamFactory.create(tier=1, directorate=DirectorateFactory.create())


@pytest.mark.parametrize("tier", [2, 3])
def test_lkpp_team_needs_a_directorate_and_no_lpse(tier: int) -> None:
    with transaction.atomic(), pytest.raises(IntegrityError):
        TeamFactory.create(tier=tier, lpse=None, directorate=None)
    with transaction.atomic(), pytest.raises(IntegrityError):
        TeamFactory.create(tier=tier, directorate=DirectorateFactory.create())
    TeamFactory.create(tier=tier, lpse=None, directorate=DirectorateFactory.create())


def test_team_tier_rule_message_in_full_clean() -> None:
    team = Team(name="Salah", tier=2, lpse=LpseUnitFactory.create(), position_label="Helpdesk LKPP")
    with pytest.raises(ValidationError) as raised:
        team.full_clean()
    assert "Tim Level 1 harus milik satu LPSE" in str(raised.value)


def test_one_team_per_lpse_tier_and_kind() -> None:
    lpse = LpseUnitFactory.create()
    TeamFactory.create(lpse=lpse, kind=TeamKind.UMUM)
    TeamFactory.create(lpse=lpse, kind=TeamKind.TEKNIS)
    with transaction.atomic(), pytest.raises(IntegrityError):
        TeamFactory.create(lpse=lpse, kind=TeamKind.UMUM)


def test_one_team_per_directorate_tier_and_kind() -> None:
    directorate = DirectorateFactory.create()
    TeamFactory.create(tier=2, lpse=None, directorate=directorate, kind=TeamKind.TEKNIS)
    TeamFactory.create(tier=2, lpse=None, directorate=directorate, kind=TeamKind.NON_TEKNIS)
    TeamFactory.create(tier=3, lpse=None, directorate=directorate, kind=TeamKind.TEKNIS)
    with transaction.atomic(), pytest.raises(IntegrityError):
        TeamFactory.create(tier=2, lpse=None, directorate=directorate, kind=TeamKind.TEKNIS)


def test_team_membership_is_unique() -> None:
    team = TeamFactory.create()
    user = UserFactory.create()
    TeamMembership.objects.create(team=team, user=user)
    with transaction.atomic(), pytest.raises(IntegrityError):
        TeamMembership.objects.create(team=team, user=user)
    assert team.members.count() == 1

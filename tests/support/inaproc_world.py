"""Master data for Inaproc sign-ins: reporter categories, LPSE units and their mappings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from lpse_support.accounts.models import LpseUnit, ReporterCategory
from lpse_support.inaproc.models import InaprocRoleMapping, InaprocUnitMapping
from tests.support.factories import LpseUnitFactory, ReporterCategoryFactory


@dataclass
class InaprocWorld:
    ppk: ReporterCategory
    pokja: ReporterCategory
    rekanan: ReporterCategory
    helpdesk: ReporterCategory
    makassar: LpseUnit


def make_inaproc_world() -> InaprocWorld:
    def category(code: str, name: str, letter: str, staff: bool = False) -> ReporterCategory:
        made = ReporterCategoryFactory(code=code, name=name, letter=letter, is_support_staff=staff)
        return cast(ReporterCategory, made)

    world = InaprocWorld(
        ppk=category("ppk", "PPK", "P"),
        pokja=category("pokja", "POKJA", "K"),
        rekanan=category("rekanan", "REKANAN", "E"),
        helpdesk=category("helpdesk", "HELPDESK", "H", staff=True),
        makassar=cast(LpseUnit, LpseUnitFactory(name="LPSE Kota Makassar")),
    )
    InaprocRoleMapping.objects.create(claim_value="PPK", reporter_category=world.ppk)
    InaprocRoleMapping.objects.create(claim_value="Pokja", reporter_category=world.pokja)
    InaprocRoleMapping.objects.create(claim_value="Penyedia", reporter_category=world.rekanan)
    InaprocUnitMapping.objects.create(claim_value="kota-makassar", lpse=world.makassar)
    return world

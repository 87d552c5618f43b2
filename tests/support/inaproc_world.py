"""Master data for Inaproc sign-ins: reporter categories, LPSE units and their mappings."""

from __future__ import annotations

from dataclasses import dataclass

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
    world = InaprocWorld(
        ppk=ReporterCategoryFactory(code="ppk", name="PPK", letter="P"),
        pokja=ReporterCategoryFactory(code="pokja", name="POKJA", letter="K"),
        rekanan=ReporterCategoryFactory(code="rekanan", name="REKANAN", letter="E"),
        helpdesk=ReporterCategoryFactory(
            code="helpdesk", name="HELPDESK", letter="H", is_support_staff=True
        ),
        makassar=LpseUnitFactory(name="LPSE Kota Makassar"),
    )
    InaprocRoleMapping.objects.create(claim_value="PPK", reporter_category=world.ppk)
    InaprocRoleMapping.objects.create(claim_value="Pokja", reporter_category=world.pokja)
    InaprocRoleMapping.objects.create(claim_value="Penyedia", reporter_category=world.rekanan)
    InaprocUnitMapping.objects.create(claim_value="kota-makassar", lpse=world.makassar)
    return world

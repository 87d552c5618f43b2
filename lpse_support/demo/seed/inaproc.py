"""Default Inaproc mappings: roles → reporter categories, LPSE codes → LPSE units (docs/auth.md).

Production starts from the same role list (an admin edits it in Django admin, "Pemetaan peran
Inaproc"); unit codes depend on what the provider sends, so the demo maps each seeded LPSE by its
SPSE slug and by its name without "LPSE " (``kota-makassar``)."""

from __future__ import annotations

from django.utils.text import slugify

from lpse_support.accounts.models import LpseUnit, ReporterCategory
from lpse_support.demo.seed.upsert import Tally, upsert
from lpse_support.inaproc.models import InaprocRoleMapping, InaprocUnitMapping

# Inaproc role (as the claim says it, compared without case) → reporter category code.
ROLE_MAPPINGS: tuple[tuple[str, str], ...] = (
    ("ppk", "ppk"),
    ("pokja", "pokja"),
    ("pokja pemilihan", "pokja"),
    ("ukpbj", "kuppbj"),
    ("kuppbj", "kuppbj"),
    ("pp", "pp"),
    ("pejabat pengadaan", "pp"),
    ("pa", "pa-kpa"),
    ("kpa", "pa-kpa"),
    ("pa/kpa", "pa-kpa"),
    ("penyedia", "rekanan"),
    ("rekanan", "rekanan"),
    ("auditor", "auditor"),
    ("apip", "auditor"),
)


def unit_codes(unit: LpseUnit) -> list[str]:
    codes = [slugify(unit.name.removeprefix("LPSE "))[:100]]
    if unit.slug and unit.slug not in codes:
        codes.append(unit.slug)
    return codes


def seed_inaproc_mappings(
    tally: Tally,
    *,
    categories: dict[str, ReporterCategory],
    lpse_units: dict[str, LpseUnit],
) -> None:
    for claim_value, code in ROLE_MAPPINGS:
        upsert(
            InaprocRoleMapping,
            tally,
            lookup={"claim_value": claim_value},
            values={"reporter_category": categories[code]},
        )
    for unit in lpse_units.values():
        for claim_value in unit_codes(unit):
            upsert(
                InaprocUnitMapping,
                tally,
                lookup={"claim_value": claim_value},
                values={"lpse": unit},
            )

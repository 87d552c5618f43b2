"""≥ 200 demo tenders with full stage lists placed relative to now (R-DW mirror, R-PRI demo).

Everything but the time anchor comes from ``random.Random(2026)``, so two runs build the same
tenders. Existing tenders are never touched: a second run must not re-shift their stages.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.db import transaction

from lpse_support.accounts.models import LpseUnit
from lpse_support.demo.seed.tender_names import (
    BRIDGES,
    BUILDINGS,
    RIVERS,
    ROADS,
    TEMPLATES,
    VILLAGES,
    NameTemplate,
)
from lpse_support.demo.seed.tender_stages import (
    DEADLINE_STAGES,
    NON_TENDER_STAGES,
    PASCA_STAGES,
    PRA_STAGES,
)
from lpse_support.demo.seed.upsert import Tally
from lpse_support.tenders.models import ProcurementCategory as PC
from lpse_support.tenders.models import Tender, TenderStage

SEED = 2026
TENDER_COUNT = 216
JAKARTA = ZoneInfo("Asia/Jakarta")
SPSE_BUILDS = (
    "SPSE v4.3u20190904",
    "SPSE v4.3u20191009",
    "SPSE v4.4u20210301",
    "SPSE v4.5u20220101",
    "SPSE v4.5u20240923",
)

# Where "now" falls for each tender, cycled so every situation is always present.
CLOSES_24H, CLOSES_72H, LATER, FINISHED = "24h", "72h", "later", "finished"
SCENARIO_CYCLE = (
    CLOSES_24H, LATER, CLOSES_72H, FINISHED, LATER, CLOSES_24H, LATER, CLOSES_72H, FINISHED, LATER,
)  # fmt: skip

CATEGORY_WEIGHTS: tuple[tuple[str, int], ...] = (
    (PC.BARANG, 30), (PC.KONSTRUKSI, 30), (PC.JASA_LAINNYA, 15), (PC.KONSULTANSI_BU, 8),
    (PC.KONSULTANSI_BU_NON, 7), (PC.KONSULTANSI_PERORANGAN_NON, 4),
    (PC.KONSULTANSI_PERORANGAN, 3), (PC.KONSTRUKSI_TERINTEGRASI, 3),
)  # fmt: skip
CONSULTANCY = frozenset(
    {
        PC.KONSULTANSI_BU,
        PC.KONSULTANSI_BU_NON,
        PC.KONSULTANSI_PERORANGAN,
        PC.KONSULTANSI_PERORANGAN_NON,
    }
)
# HPS range in Rupiah per category for real tenders (log-uniform draw).
HPS_RANGE: dict[str, tuple[int, int]] = {
    PC.BARANG: (250_000_000, 15_000_000_000),
    PC.KONSTRUKSI: (500_000_000, 60_000_000_000),
    PC.JASA_LAINNYA: (250_000_000, 6_000_000_000),
    PC.KONSULTANSI_BU: (300_000_000, 9_000_000_000),
    PC.KONSULTANSI_BU_NON: (200_000_000, 5_000_000_000),
    PC.KONSULTANSI_PERORANGAN: (150_000_000, 900_000_000),
    PC.KONSULTANSI_PERORANGAN_NON: (150_000_000, 900_000_000),
    PC.KONSTRUKSI_TERINTEGRASI: (20_000_000_000, 90_000_000_000),
}


class StageSpec(NamedTuple):
    order: int
    name: str
    start: datetime
    end: datetime


class TenderSpec(NamedTuple):
    code: str
    name: str
    lpse_name: str
    satker: str
    fiscal_year: int
    hps: Decimal
    pagu: Decimal
    category: str
    method: str
    spse_build: str
    stages: tuple[StageSpec, ...]


def place_stages(
    rng: random.Random, stages: tuple[tuple[str, int], ...], scenario: str, anchor: datetime
) -> tuple[StageSpec, ...]:
    """Lay the stages end to end so that ``anchor`` falls where ``scenario`` says."""
    hours = [length for _, length in stages]
    if scenario == FINISHED:
        end = anchor - timedelta(hours=rng.randint(24, 24 * 150))
        start = end - timedelta(hours=sum(hours))
        return _chain(stages, hours, start)
    closes_in = {
        CLOSES_24H: (2, 20),
        CLOSES_72H: (28, 68),
        LATER: (80, 400),
    }[scenario]
    deadline = [i for i, (name, _) in enumerate(stages) if name in DEADLINE_STAGES]
    current = rng.choice(deadline if rng.random() < 0.5 else range(len(stages)))
    remaining = rng.randint(*closes_in)
    hours[current] = max(hours[current], remaining + rng.randint(2, 48))
    current_start = anchor + timedelta(hours=remaining - hours[current])
    start = current_start - timedelta(hours=sum(hours[:current]))
    return _chain(stages, hours, start)


def _chain(
    stages: tuple[tuple[str, int], ...], hours: list[int], start: datetime
) -> tuple[StageSpec, ...]:
    placed: list[StageSpec] = []
    for order, ((name, _), length) in enumerate(zip(stages, hours, strict=True), start=1):
        end = start + timedelta(hours=length)
        placed.append(StageSpec(order, name, start, end))
        start = end
    return tuple(placed)


def _rupiah(rng: random.Random, low: int, high: int) -> Decimal:
    """A log-uniform amount rounded to whole thousands."""
    value = low * (high / low) ** rng.random()
    return Decimal(int(value) // 1000 * 1000)


def _pick_method(rng: random.Random, category: str) -> tuple[str, tuple[tuple[str, int], ...]]:
    if category == PC.KONSTRUKSI_TERINTEGRASI:
        return "Tender", PRA_STAGES
    if category in CONSULTANCY:
        return (
            ("Pengadaan Langsung", NON_TENDER_STAGES)
            if rng.random() < 0.2
            else (
                "Seleksi",
                PRA_STAGES,
            )
        )
    draw = rng.random()
    if draw < 0.22:
        return "Pengadaan Langsung", NON_TENDER_STAGES
    if draw < 0.27:
        return "Penunjukan Langsung", NON_TENDER_STAGES
    return "Tender", PASCA_STAGES


def _code(rng: random.Random, method: str, used: set[str]) -> str:
    while True:
        if rng.random() < 0.15:
            code = str(rng.randint(20_000_000, 89_999_999))  # older 8-digit packets
        else:
            prefix = 11 if method.endswith("Langsung") else 10
            code = f"{prefix}{rng.randint(0, 999_999):06d}000"
        if code not in used:
            used.add(code)
            return code


def _name_and_satker(rng: random.Random, template: NameTemplate, unit: LpseUnit) -> tuple[str, str]:
    central = unit.kind in (LpseUnit.Kind.KEMENTERIAN, LpseUnit.Kind.LEMBAGA)
    satker = template.satker_pusat if central else template.satker_pemda
    name = template.pattern.format(
        satker_short=satker,
        road=rng.choice(ROADS),
        bridge=rng.choice(BRIDGES),
        river=rng.choice(RIVERS),
        village=rng.choice(VILLAGES),
        building=rng.choice(BUILDINGS),
        number=rng.randint(1, 45),
    )
    region = unit.name.removeprefix("LPSE ")
    if central:
        return name, f"{satker} {region}"
    return f"{name} {region}", f"{satker} {region}"


def build_tender_specs(units: list[LpseUnit], anchor: datetime) -> list[TenderSpec]:
    """Deterministic specs (apart from ``anchor``) for ``TENDER_COUNT`` tenders."""
    rng = random.Random(SEED)
    categories = [c for c, _ in CATEGORY_WEIGHTS]
    weights = [w for _, w in CATEGORY_WEIGHTS]
    # The demo accounts live in Makassar: give it a larger share of the tenders.
    pool = sorted(units, key=lambda u: u.name)
    pool += [u for u in pool if u.name == "LPSE Kota Makassar"] * 6
    used: set[str] = set()
    specs: list[TenderSpec] = []
    for index in range(TENDER_COUNT):
        unit = rng.choice(pool)
        category = rng.choices(categories, weights)[0]
        method, stage_list = _pick_method(rng, category)
        if method.endswith("Langsung"):
            ceiling = 100_000_000 if category in CONSULTANCY else 200_000_000
            hps = _rupiah(rng, 25_000_000, ceiling)
        else:
            hps = _rupiah(rng, *HPS_RANGE[category])
        pagu = Decimal(int(hps * Decimal(1 + rng.random() * 0.12)) // 1_000_000 * 1_000_000)
        pagu = max(pagu, hps)
        template = rng.choice([t for t in TEMPLATES if t.category == category])
        name, satker = _name_and_satker(rng, template, unit)
        stages = place_stages(rng, stage_list, SCENARIO_CYCLE[index % len(SCENARIO_CYCLE)], anchor)
        specs.append(
            TenderSpec(
                code=_code(rng, method, used),
                name=name,
                lpse_name=unit.name,
                satker=satker,
                fiscal_year=stages[0].start.astimezone(JAKARTA).year,
                hps=hps,
                pagu=pagu,
                category=category,
                method=method,
                spse_build=rng.choice(SPSE_BUILDS),
                stages=stages,
            )
        )
    return specs


def seed_tenders(tally: Tally, lpse_units: dict[str, LpseUnit], now: datetime) -> int:
    """Create the demo tenders that are missing; return how many were created."""
    anchor = now.replace(minute=0, second=0, microsecond=0)
    specs = build_tender_specs(list(lpse_units.values()), anchor)
    existing = set(
        Tender.objects.filter(code__in=[s.code for s in specs]).values_list("code", flat=True)
    )
    missing = [s for s in specs if s.code not in existing]
    if not missing:
        return 0
    with transaction.atomic():
        tenders = Tender.objects.bulk_create(
            [
                Tender(
                    code=s.code,
                    name=s.name,
                    lpse=lpse_units[s.lpse_name],
                    satker=s.satker,
                    fiscal_year=s.fiscal_year,
                    hps=s.hps,
                    pagu=s.pagu,
                    procurement_category=s.category,
                    method=s.method,
                    spse_build=s.spse_build,
                    source_updated_at=anchor,
                )
                for s in missing
            ]
        )
        by_code = {t.code: t for t in Tender.objects.filter(code__in=[s.code for s in missing])}
        TenderStage.objects.bulk_create(
            TenderStage(tender=by_code[s.code], order=st.order, name=st.name, start=st.start,
                        end=st.end)
            for s in missing
            for st in s.stages
        )  # fmt: skip
    tally.created["Tender"] = len(tenders)
    return len(tenders)

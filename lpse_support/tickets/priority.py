"""Ticket priority and its reasons (SPEC R-PRI, §1.2.6) — pure functions, no ORM, no I/O.

Rule set, applied in this order and each step capped at the most urgent level:

1. Start from the sub-category's default priority (``base``): "Sub kategori: Major".
2. Only for deadline-sensitive sub-categories with a tender whose current stage has an end time:
   the stage closing within ``hours_two_levels`` (default 24 h, inclusive) raises two levels,
   within ``hours_one_level`` (default 72 h, inclusive) one level. A stage that has already ended
   raises nothing and adds no reason.
3. A tender HPS at or above ``hps_threshold`` (default Rp 10.000.000.000) raises one level.

"Raising" moves toward rank 1 through the available ``levels`` (master data sorted by rank), never
above the most urgent one; a capped step says so, e.g. "…: +2 (maks. Emergency)".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings

__all__ = [
    "Level",
    "PriorityResult",
    "PriorityRules",
    "TenderSnapshot",
    "compute_priority",
    "format_duration",
    "format_rupiah",
]


@dataclass(frozen=True)
class PriorityRules:
    """Thresholds of R-PRI; override in ``settings.LPSE_SUPPORT["PRIORITY_RULES"]``."""

    hours_two_levels: int = 24
    hours_one_level: int = 72
    hps_threshold: Decimal = Decimal("10000000000")

    def __post_init__(self) -> None:
        if not 0 < self.hours_two_levels <= self.hours_one_level:
            raise ValueError("Requires 0 < hours_two_levels <= hours_one_level.")
        if not self.hps_threshold.is_finite() or self.hps_threshold < 0:
            raise ValueError("hps_threshold must be a finite, non-negative amount.")

    @classmethod
    def from_settings(cls) -> PriorityRules:
        """Read HOURS_TWO_LEVELS, HOURS_ONE_LEVEL and HPS_THRESHOLD; missing keys keep defaults."""
        config: Mapping[str, Any] = getattr(settings, "LPSE_SUPPORT", {}) or {}
        rules: Mapping[str, Any] = config.get("PRIORITY_RULES", {}) or {}
        default = cls()
        return cls(
            hours_two_levels=int(rules.get("HOURS_TWO_LEVELS", default.hours_two_levels)),
            hours_one_level=int(rules.get("HOURS_ONE_LEVEL", default.hours_one_level)),
            hps_threshold=Decimal(str(rules.get("HPS_THRESHOLD", default.hps_threshold))),
        )


@dataclass(frozen=True)
class Level:
    """A priority level as master data defines it; rank 1 is the most urgent."""

    rank: int
    name: str


@dataclass(frozen=True)
class TenderSnapshot:
    """The tender data a ticket is filed with (warehouse or manual entry, R-DW)."""

    code: str
    stage_name: str | None
    stage_end: datetime | None
    hps: Decimal | None


@dataclass(frozen=True)
class PriorityResult:
    level: Level
    reasons: tuple[str, ...]

    @property
    def text(self) -> str:
        return "; ".join(self.reasons)


def format_rupiah(amount: Decimal) -> str:
    """``Decimal("1370200000.5")`` → ``"Rp 1.370.200.000,50"``; whole amounts have no decimals."""
    if not amount.is_finite():
        raise ValueError("Cannot format a non-finite amount.")
    cents = abs(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{cents:f}".partition(".")
    text = f"{int(whole):,}".replace(",", ".")
    if fraction.strip("0"):
        text = f"{text},{fraction}"
    sign = "-" if amount < 0 and cents else ""
    return f"{sign}Rp {text}"


def format_duration(delta: timedelta) -> str:
    """Indonesian duration, two units at most: "45 menit", "5 jam 30 menit", "2 hari 3 jam"."""
    minutes = int(delta.total_seconds()) // 60
    if minutes < 1:
        return "kurang dari 1 menit"
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        parts = [(days, "hari"), (hours, "jam")]
    elif hours:
        parts = [(hours, "jam"), (minutes, "menit")]
    else:
        parts = [(minutes, "menit")]
    return " ".join(f"{value} {unit}" for value, unit in parts if value)


def _require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime.")


def _stage_label(stage_name: str | None) -> str:
    name = (stage_name or "").strip()
    if not name:
        return "tahap tender"
    return name if name.lower().startswith("tahap ") else f"tahap {name}"


def compute_priority(
    *,
    base: Level,
    deadline_sensitive: bool,
    tender: TenderSnapshot | None,
    now: datetime,
    levels: Sequence[Level],
    rules: PriorityRules,
) -> PriorityResult:
    """Apply R-PRI to ``base`` and return the resulting level with its reasons."""
    _require_aware(now, "now")
    if tender is not None and tender.stage_end is not None:
        _require_aware(tender.stage_end, "stage_end")
    ordered = sorted(levels, key=lambda level: level.rank)
    if base not in ordered:
        raise ValueError(f"Base level {base.name!r} is not among the available levels.")
    index = ordered.index(base)
    reasons = [f"Sub kategori: {base.name}"]

    def raise_by(steps: int, label: str) -> None:
        nonlocal index
        capped = index - steps < 0
        index = max(index - steps, 0)
        suffix = f" (maks. {ordered[0].name})" if capped else ""
        reasons.append(f"{label}: +{steps}{suffix}")

    if deadline_sensitive and tender is not None and tender.stage_end is not None:
        remaining = tender.stage_end - now
        if timedelta(0) < remaining <= timedelta(hours=rules.hours_one_level):
            steps = 2 if remaining <= timedelta(hours=rules.hours_two_levels) else 1
            label = f"{_stage_label(tender.stage_name)} berakhir dalam {format_duration(remaining)}"
            raise_by(steps, label)

    if tender is not None and tender.hps is not None and tender.hps >= rules.hps_threshold:
        label = f"Nilai HPS {format_rupiah(tender.hps)} ≥ {format_rupiah(rules.hps_threshold)}"
        raise_by(1, label)

    return PriorityResult(level=ordered[index], reasons=tuple(reasons))

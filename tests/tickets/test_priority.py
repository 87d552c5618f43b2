"""Unit tests for the R-PRI priority rules (pure functions, no database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lpse_support.tickets.priority import (
    Level,
    PriorityResult,
    PriorityRules,
    TenderSnapshot,
    compute_priority,
    format_duration,
    format_rupiah,
)

EMERGENCY = Level(1, "Emergency")
MAJOR = Level(2, "Major")
MEDIUM = Level(3, "Medium")
MINOR = Level(4, "Minor")
LEVELS = (EMERGENCY, MAJOR, MEDIUM, MINOR)
RULES = PriorityRules()
JAKARTA = ZoneInfo("Asia/Jakarta")
NOW = datetime(2024, 9, 2, 10, 0, tzinfo=JAKARTA)
STAGE = "Upload Dokumen Penawaran"
THRESHOLD = Decimal("10000000000")


def tender(
    *,
    end_in: timedelta | None = None,
    hps: Decimal | None = None,
    stage_name: str | None = STAGE,
) -> TenderSnapshot:
    stage_end = NOW + end_in if end_in is not None else None
    return TenderSnapshot(code="10012345", stage_name=stage_name, stage_end=stage_end, hps=hps)


def compute(
    base: Level = MEDIUM,
    snapshot: TenderSnapshot | None = None,
    *,
    deadline_sensitive: bool = True,
    now: datetime = NOW,
    rules: PriorityRules = RULES,
) -> PriorityResult:
    return compute_priority(
        base=base,
        deadline_sensitive=deadline_sensitive,
        tender=snapshot,
        now=now,
        levels=LEVELS,
        rules=rules,
    )


# --- base and missing data -------------------------------------------------------------------
def test_no_tender_keeps_base() -> None:
    result = compute(MAJOR)
    assert result.level == MAJOR
    assert result.reasons == ("Sub kategori: Major",)
    assert result.text == "Sub kategori: Major"


def test_tender_without_stage_end_or_hps_keeps_base() -> None:
    result = compute(MEDIUM, tender())
    assert result.level == MEDIUM
    assert result.reasons == ("Sub kategori: Medium",)


def test_levels_may_come_unsorted() -> None:
    result = compute_priority(
        base=MINOR,
        deadline_sensitive=True,
        tender=tender(end_in=timedelta(hours=5)),
        now=NOW,
        levels=[MINOR, EMERGENCY, MEDIUM, MAJOR],
        rules=RULES,
    )
    assert result.level == MAJOR


# --- stage deadline --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("end_in", "expected", "reason"),
    [
        (
            timedelta(hours=23, minutes=59),
            MAJOR,
            f"tahap {STAGE} berakhir dalam 23 jam 59 menit: +2",
        ),
        (timedelta(hours=24), MAJOR, f"tahap {STAGE} berakhir dalam 1 hari: +2"),
        (
            timedelta(hours=24, seconds=1),
            MEDIUM,
            f"tahap {STAGE} berakhir dalam 1 hari: +1",
        ),
        (timedelta(hours=51), MEDIUM, f"tahap {STAGE} berakhir dalam 2 hari 3 jam: +1"),
        (timedelta(hours=72), MEDIUM, f"tahap {STAGE} berakhir dalam 3 hari: +1"),
        (timedelta(hours=72, seconds=1), MINOR, None),
        (timedelta(0), MINOR, None),
        (timedelta(hours=-2), MINOR, None),
    ],
)
def test_stage_deadline_boundaries(end_in: timedelta, expected: Level, reason: str | None) -> None:
    result = compute(MINOR, tender(end_in=end_in))
    assert result.level == expected
    expected_reasons = ("Sub kategori: Minor",) + ((reason,) if reason else ())
    assert result.reasons == expected_reasons


def test_spec_example_text() -> None:
    result = compute(MAJOR, tender(end_in=timedelta(hours=5)))
    assert result.level == EMERGENCY
    assert result.text == (
        "Sub kategori: Major; tahap Upload Dokumen Penawaran berakhir dalam 5 jam: +2 "
        "(maks. Emergency)"
    )


def test_minor_plus_two_is_major() -> None:
    assert compute(MINOR, tender(end_in=timedelta(hours=1))).level == MAJOR


def test_minutes_only_duration_and_missing_stage_name() -> None:
    result = compute(MEDIUM, tender(end_in=timedelta(minutes=45), stage_name=None))
    assert result.level == EMERGENCY
    assert result.reasons[-1] == "tahap tender berakhir dalam 45 menit: +2"


def test_stage_name_already_prefixed_is_not_doubled() -> None:
    result = compute(MEDIUM, tender(end_in=timedelta(hours=2), stage_name="Tahap Sanggah"))
    assert result.reasons[-1] == "Tahap Sanggah berakhir dalam 2 jam: +2"


def test_not_deadline_sensitive_ignores_closing_stage() -> None:
    result = compute(MINOR, tender(end_in=timedelta(hours=1)), deadline_sensitive=False)
    assert result.level == MINOR
    assert result.reasons == ("Sub kategori: Minor",)


def test_stage_end_in_another_timezone() -> None:
    snapshot = TenderSnapshot(
        code="1",
        stage_name=STAGE,
        stage_end=(NOW + timedelta(hours=10)).astimezone(UTC),
        hps=None,
    )
    assert compute(MINOR, snapshot).reasons[-1] == f"tahap {STAGE} berakhir dalam 10 jam: +2"


# --- HPS -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("hps", "expected"),
    [
        (THRESHOLD - Decimal("0.01"), MINOR),
        (THRESHOLD, MEDIUM),
        (Decimal("12500000000"), MEDIUM),
    ],
)
def test_hps_threshold(hps: Decimal, expected: Level) -> None:
    assert compute(MINOR, tender(hps=hps)).level == expected


def test_hps_reason_text() -> None:
    result = compute(MEDIUM, tender(hps=Decimal("12500000000")))
    assert result.level == MAJOR
    assert result.reasons == (
        "Sub kategori: Medium",
        "Nilai HPS Rp 12.500.000.000 ≥ Rp 10.000.000.000: +1",
    )


def test_hps_applies_without_deadline_sensitivity() -> None:
    assert compute(MINOR, tender(hps=THRESHOLD), deadline_sensitive=False).level == MEDIUM


def test_hps_at_emergency_says_capped() -> None:
    result = compute(EMERGENCY, tender(hps=THRESHOLD))
    assert result.level == EMERGENCY
    assert result.reasons[-1] == (
        "Nilai HPS Rp 10.000.000.000 ≥ Rp 10.000.000.000: +1 (maks. Emergency)"
    )


# --- combined and cap ------------------------------------------------------------------------
def test_both_rules_combined() -> None:
    result = compute(MINOR, tender(end_in=timedelta(hours=30), hps=Decimal("15000000000")))
    assert result.level == MAJOR
    assert result.text == (
        "Sub kategori: Minor; tahap Upload Dokumen Penawaran berakhir dalam 1 hari 6 jam: +1; "
        "Nilai HPS Rp 15.000.000.000 ≥ Rp 10.000.000.000: +1"
    )


def test_cap_at_emergency_from_major_with_three() -> None:
    result = compute(MAJOR, tender(end_in=timedelta(hours=3), hps=THRESHOLD))
    assert result.level == EMERGENCY
    assert result.reasons == (
        "Sub kategori: Major",
        f"tahap {STAGE} berakhir dalam 3 jam: +2 (maks. Emergency)",
        "Nilai HPS Rp 10.000.000.000 ≥ Rp 10.000.000.000: +1 (maks. Emergency)",
    )


def test_minor_plus_three_is_emergency_uncapped() -> None:
    result = compute(MINOR, tender(end_in=timedelta(hours=3), hps=THRESHOLD))
    assert result.level == EMERGENCY
    assert "maks." not in result.text


# --- validation ------------------------------------------------------------------------------
def test_naive_now_is_rejected() -> None:
    with pytest.raises(ValueError, match="now"):
        compute(MINOR, now=datetime(2024, 9, 2, 10, 0))


def test_naive_stage_end_is_rejected() -> None:
    snapshot = TenderSnapshot(
        code="1", stage_name=STAGE, stage_end=datetime(2024, 9, 2, 12, 0), hps=None
    )
    with pytest.raises(ValueError, match="stage_end"):
        compute(MINOR, snapshot)


def test_base_outside_levels_is_rejected() -> None:
    with pytest.raises(ValueError, match="not among"):
        compute(Level(5, "Trivial"))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"hours_two_levels": 0},
        {"hours_two_levels": 80, "hours_one_level": 72},
        {"hps_threshold": Decimal("-1")},
        {"hps_threshold": Decimal("NaN")},
    ],
)
def test_invalid_rules_are_rejected(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        PriorityRules(**kwargs)


# --- formatting helpers ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("10000000000"), "Rp 10.000.000.000"),
        (Decimal("10000000000.00"), "Rp 10.000.000.000"),
        (Decimal("1370200000.50"), "Rp 1.370.200.000,50"),
        (Decimal("1370200000.5"), "Rp 1.370.200.000,50"),
        (Decimal("999.999"), "Rp 1.000"),
        (Decimal("0.05"), "Rp 0,05"),
        (Decimal("0"), "Rp 0"),
        (Decimal("-2500000"), "-Rp 2.500.000"),
    ],
)
def test_format_rupiah(amount: Decimal, text: str) -> None:
    assert format_rupiah(amount) == text


def test_format_rupiah_rejects_non_finite() -> None:
    with pytest.raises(ValueError):
        format_rupiah(Decimal("Infinity"))


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(seconds=30), "kurang dari 1 menit"),
        (timedelta(minutes=45), "45 menit"),
        (timedelta(hours=5), "5 jam"),
        (timedelta(hours=5, minutes=30), "5 jam 30 menit"),
        (timedelta(days=2, hours=3, minutes=20), "2 hari 3 jam"),
        (timedelta(days=3), "3 hari"),
    ],
)
def test_format_duration(delta: timedelta, text: str) -> None:
    assert format_duration(delta) == text


# --- settings --------------------------------------------------------------------------------
def test_rules_default_without_settings_key(settings: Any) -> None:
    config = {k: v for k, v in settings.LPSE_SUPPORT.items() if k != "PRIORITY_RULES"}
    settings.LPSE_SUPPORT = config
    assert PriorityRules.from_settings() == PriorityRules()
    del settings.LPSE_SUPPORT
    assert PriorityRules.from_settings() == PriorityRules()


def test_rules_from_settings(settings: Any) -> None:
    settings.LPSE_SUPPORT = {
        **settings.LPSE_SUPPORT,
        "PRIORITY_RULES": {
            "HOURS_TWO_LEVELS": 12,
            "HOURS_ONE_LEVEL": 48,
            "HPS_THRESHOLD": "5000000000",
        },
    }
    rules = PriorityRules.from_settings()
    assert rules == PriorityRules(12, 48, Decimal("5000000000"))
    closing = tender(end_in=timedelta(hours=13))
    assert compute(MINOR, closing).level == MAJOR  # default 24 h: +2
    assert compute(MINOR, closing, rules=rules).level == MEDIUM  # 12 h passed, 48 h: +1
    rich = tender(hps=Decimal("5000000000"))
    assert compute(MINOR, rich).level == MINOR  # below the default Rp 10 miliar
    result = compute(MINOR, rich, rules=rules)
    assert result.level == MEDIUM
    assert result.reasons[-1] == "Nilai HPS Rp 5.000.000.000 ≥ Rp 5.000.000.000: +1"


def test_rules_from_settings_partial(settings: Any) -> None:
    settings.LPSE_SUPPORT = {**settings.LPSE_SUPPORT, "PRIORITY_RULES": {"HPS_THRESHOLD": 1000}}
    assert PriorityRules.from_settings() == PriorityRules(hps_threshold=Decimal("1000"))


# --- properties ------------------------------------------------------------------------------
levels_st = st.sampled_from(LEVELS)
offsets_st = st.integers(min_value=-10 * 86400, max_value=10 * 86400).map(
    lambda seconds: timedelta(seconds=seconds)
)
future_st = st.integers(min_value=1, max_value=10 * 86400).map(lambda s: timedelta(seconds=s))
hps_st = st.decimals(min_value=0, max_value=Decimal("100000000000"), places=2, allow_nan=False)
optional_hps_st = st.none() | hps_st


@given(base=levels_st, first=future_st, gap=future_st, hps=optional_hps_st)
def test_later_stage_end_is_never_more_urgent(
    base: Level, first: timedelta, gap: timedelta, hps: Decimal | None
) -> None:
    sooner = compute(base, tender(end_in=first, hps=hps))
    later = compute(base, tender(end_in=first + gap, hps=hps))
    assert later.level.rank >= sooner.level.rank


@given(base=levels_st, end_in=st.none() | offsets_st, low=hps_st, extra=hps_st)
def test_higher_hps_is_never_less_urgent(
    base: Level, end_in: timedelta | None, low: Decimal, extra: Decimal
) -> None:
    lower = compute(base, tender(end_in=end_in, hps=low))
    higher = compute(base, tender(end_in=end_in, hps=low + extra))
    assert higher.level.rank <= lower.level.rank


@given(
    base=levels_st,
    sensitive=st.booleans(),
    end_in=st.none() | offsets_st,
    hps=optional_hps_st,
    with_tender=st.booleans(),
)
def test_result_stays_between_most_urgent_and_base(
    base: Level, sensitive: bool, end_in: timedelta | None, hps: Decimal | None, with_tender: bool
) -> None:
    snapshot = tender(end_in=end_in, hps=hps) if with_tender else None
    result = compute(base, snapshot, deadline_sensitive=sensitive)
    assert result.level in LEVELS
    assert EMERGENCY.rank <= result.level.rank <= base.rank
    assert result.reasons[0] == f"Sub kategori: {base.name}"
    assert base.rank - result.level.rank <= len(result.reasons) * 2


@given(base=levels_st, first=st.none() | offsets_st, second=offsets_st, hps=optional_hps_st)
def test_insensitive_result_ignores_stage_end(
    base: Level, first: timedelta | None, second: timedelta, hps: Decimal | None
) -> None:
    one = compute(base, tender(end_in=first, hps=hps), deadline_sensitive=False)
    two = compute(base, tender(end_in=second, hps=hps), deadline_sensitive=False)
    assert one == two

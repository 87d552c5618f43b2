"""seed_demo (R-DEMO): minimum counts, idempotency, --if-empty, demo accounts, tenders, routing."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.utils import timezone

from lpse_support.accounts import roles
from lpse_support.accounts.models import LpseUnit, ReporterCategory, Team, TeamKind, User
from lpse_support.accounts.routing import first_team_for
from lpse_support.catalog.models import (
    Application,
    Category,
    CategoryKind,
    PriorityLevel,
    RatingChip,
    SubCategory,
    TicketType,
)
from lpse_support.demo.checks import DEMO_PASSWORD, DEMO_USERNAMES
from lpse_support.demo.seed import run_seed
from lpse_support.demo.seed.accounts import DEMO_ACCOUNTS
from lpse_support.demo.seed.tenders import build_tender_specs
from lpse_support.faq.models import FaqArticle
from lpse_support.tenders.models import Tender

pytestmark = pytest.mark.django_db
SEEDED_APPS = ("accounts", "catalog", "tenders", "faq")


@pytest.fixture(autouse=True)
def _fast_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def seeded() -> None:
    run_seed()


def snapshot() -> dict[str, list[tuple[object, ...]]]:
    """Every row of the seeded apps as (pk, updated_at or all values)."""
    rows: dict[str, list[tuple[object, ...]]] = {}
    for label in SEEDED_APPS:
        for model in apps.get_app_config(label).get_models():
            fields = [f.attname for f in model._meta.concrete_fields]
            rows[model._meta.label] = list(
                model._default_manager.order_by("pk").values_list(*fields)
            )
    return rows


def test_minimum_counts_and_second_run_changes_nothing() -> None:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "seed_demo selesai" in out.getvalue()
    assert LpseUnit.objects.count() >= 30
    assert Tender.objects.count() >= 200
    assert FaqArticle.objects.count() >= 15
    assert User.objects.filter(username__in=DEMO_USERNAMES).count() == len(DEMO_USERNAMES) == 12
    assert Application.objects.count() == 7
    assert all(app.versions.exists() for app in Application.objects.all())
    before = snapshot()
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "0 baris dibuat, 0 diperbarui" in out.getvalue()
    assert snapshot() == before


def test_if_empty_seeds_an_empty_database_then_skips() -> None:
    call_command("seed_demo", "--if-empty", stdout=io.StringIO())
    assert Application.objects.exists()
    before = snapshot()
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert "dilewati" in out.getvalue()
    assert snapshot() == before


def test_changed_password_and_profile_survive_a_second_run(seeded: None) -> None:
    user = User.objects.get(username="ppk1")
    user.set_password("Ganti#Sandi2026")
    user.full_name = "Nama Baru"
    user.save()
    run_seed()
    user.refresh_from_db()
    assert user.check_password("Ganti#Sandi2026")
    assert user.full_name == "Nama Baru"


def test_deleted_demo_account_is_recreated(seeded: None) -> None:
    User.objects.filter(username="helpdesk_lpse1").delete()
    run_seed()
    user = User.objects.get(username="helpdesk_lpse1")
    assert roles.is_level1(user)


def test_demo_accounts_log_in_and_have_their_roles(seeded: None) -> None:
    assert tuple(seed.username for seed in DEMO_ACCOUNTS) == DEMO_USERNAMES
    for username in DEMO_USERNAMES:
        user = authenticate(username=username, password=DEMO_PASSWORD)
        assert user is not None, username
        assert user.full_name and user.email.count("@") == 1 and user.phone
    tiers = {u: roles.highest_tier(User.objects.get(username=u)) for u in DEMO_USERNAMES}
    assert tiers == {
        "ppk1": 0, "penyedia1": 0, "helpdesk_lpse1": 1, "verifikator_lpse1": 1,
        "adminagency_lpse1": 1, "helpdesk_lkpp_nonteknis": 2, "helpdesk_lkpp_teknis": 2,
        "timteknis_spse": 3, "timteknis_katalog": 3, "helpdesk_sirup": 2, "supervisor": 0,
        "admin": 0,
    }  # fmt: skip
    makassar = LpseUnit.objects.get(name="LPSE Kota Makassar")
    for username in ("ppk1", "penyedia1", "helpdesk_lpse1", "verifikator_lpse1",
                     "adminagency_lpse1"):  # fmt: skip
        assert User.objects.get(username=username).home_lpse == makassar
    team_names = {
        u: sorted(User.objects.get(username=u).teams.values_list("name", flat=True))
        for u in DEMO_USERNAMES
    }
    assert team_names["helpdesk_lpse1"] == ["Helpdesk LPSE Kota Makassar"]
    assert team_names["verifikator_lpse1"] == ["Helpdesk LPSE Kota Makassar"]
    assert team_names["adminagency_lpse1"] == ["Helpdesk LPSE Kota Makassar"]
    assert team_names["helpdesk_lkpp_nonteknis"] == ["Helpdesk LKPP Non-Teknis"]
    assert team_names["helpdesk_lkpp_teknis"] == ["Helpdesk LKPP Teknis"]
    assert team_names["timteknis_spse"] == ["Tim Teknis SPSE"]
    assert team_names["timteknis_katalog"] == ["Tim Teknis Katalog"]
    assert team_names["helpdesk_sirup"] == ["Helpdesk SiRUP"]
    assert team_names["ppk1"] == team_names["supervisor"] == team_names["admin"] == []
    categories = dict(User.objects.values_list("username", "reporter_category__name"))
    assert categories["ppk1"] == "PPK"
    assert categories["penyedia1"] == "REKANAN"
    assert categories["adminagency_lpse1"] == "ADMIN AGENCY"
    supervisor = User.objects.get(username="supervisor")
    assert roles.is_supervisor(supervisor) and supervisor.supervised_directorate is None
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff and roles.is_admin(admin)
    assert roles.is_plain_reporter(User.objects.get(username="penyedia1"))


def test_master_data_details(seeded: None) -> None:
    zones = dict(LpseUnit.objects.values_list("name", "timezone"))
    assert zones["LPSE Kota Makassar"] == LpseUnit.Zone.WITA
    assert zones["LPSE Provinsi Gorontalo"] == LpseUnit.Zone.WITA
    assert zones["LPSE Provinsi Kalimantan Utara"] == LpseUnit.Zone.WITA
    assert zones["LPSE Kabupaten Kutai Kartanegara"] == LpseUnit.Zone.WITA
    assert zones["LPSE Provinsi DKI Jakarta"] == LpseUnit.Zone.WIB
    assert zones["LPSE Provinsi Papua"] == LpseUnit.Zone.WIT
    letters = dict(ReporterCategory.objects.values_list("name", "letter"))
    assert letters["PPK"] == "P" and letters["POKJA"] == "K" and letters["REKANAN"] == "E"
    assert letters["ADMIN AGENCY"] == "A" and letters["HELPDESK"] == "H"
    sla = {p.name: (p.rank, p.response_minutes, p.resolution_minutes, p.color)
           for p in PriorityLevel.objects.all()}  # fmt: skip
    assert sla == {
        "Emergency": (1, 30, 240, "danger"),
        "Major": (2, 120, 480, "warning"),
        "Medium": (3, 480, 1440, "info"),
        "Minor": (4, 960, 2400, "secondary"),
    }
    assert TicketType.objects.get(is_default=True).name == "Tiket Umum"
    assert RatingChip.objects.filter(min_stars=4, max_stars=5).count() == 6
    assert RatingChip.objects.filter(min_stars=1, max_stars=3).count() >= 5
    upload = SubCategory.objects.get(name="Gagal Upload/Kirim Dokumen Penawaran")
    assert upload.deadline_sensitive and upload.default_priority.name == "Emergency"
    assert upload.category.kind == CategoryKind.TEKNIS
    reset = SubCategory.objects.get(name="Lupa/Reset Password")
    assert not reset.deadline_sensitive and reset.category.kind == CategoryKind.NON_TEKNIS
    for app in Application.objects.all():
        assert SubCategory.objects.filter(category__application=app).count() >= 4, app
    assert not FaqArticle.objects.filter(body="").exists()
    assert (
        FaqArticle.objects.filter(application__isnull=False, category__isnull=False).count() >= 15
    )
    assert Team.objects.filter(tier=1).count() == LpseUnit.objects.count()


def test_tender_codes_amounts_and_stage_distribution(seeded: None) -> None:
    now = timezone.now()
    tenders = list(Tender.objects.prefetch_related("stages"))
    codes = [t.code for t in tenders]
    assert sum(len(c) == 11 and c.endswith("000") for c in codes) >= 150
    assert any(len(c) == 8 for c in codes)
    assert all(t.hps <= t.pagu for t in tenders)
    assert min(t.hps for t in tenders) < 100_000_000
    assert sum(t.hps >= 10_000_000_000 for t in tenders) >= 10
    assert len({t.lpse_id for t in tenders}) >= 25
    assert {len(t.stages.all()) for t in tenders} == {9, 12, 21}
    buckets = {"24h": 0, "72h": 0, "later": 0, "finished": 0}
    for tender in tenders:
        current = tender.current_stage(now)
        last_end = max(stage.end for stage in tender.stages.all())
        if current is None:
            assert last_end <= now, tender.code
            buckets["finished"] += 1
        elif current.end - now <= timedelta(hours=24):
            buckets["24h"] += 1
        elif current.end - now <= timedelta(hours=72):
            buckets["72h"] += 1
        else:
            buckets["later"] += 1
    assert all(count >= 20 for count in buckets.values()), buckets


def test_tender_specs_are_deterministic_apart_from_the_anchor() -> None:
    run_seed()
    units = list(LpseUnit.objects.all())
    anchor = timezone.now().replace(minute=0, second=0, microsecond=0)
    first = build_tender_specs(units, anchor)
    second = build_tender_specs(list(reversed(units)), anchor + timedelta(days=3))
    assert [(s.code, s.name, s.hps) for s in first] == [(s.code, s.name, s.hps) for s in second]
    assert second[0].stages[0].start - first[0].stages[0].start == timedelta(days=3)


def test_routing_with_seeded_data(seeded: None) -> None:
    spse = Application.objects.get(code="spse")
    sirup = Application.objects.get(code="sirup")
    teknis = Category.objects.get(application=spse, name="Teknis Aplikasi")
    non_teknis = Category.objects.get(application=spse, name="Akun & Login")
    assert teknis.kind == TeamKind.TEKNIS and non_teknis.kind == TeamKind.NON_TEKNIS

    def route(username: str, app: Application, category: Category | None) -> str:
        user = User.objects.get(username=username)
        return first_team_for(reporter=user, application=app, category=category).name

    assert route("ppk1", spse, teknis) == "Helpdesk LPSE Kota Makassar"
    assert route("penyedia1", spse, non_teknis) == "Helpdesk LPSE Kota Makassar"
    assert route("ppk1", sirup, Category.objects.filter(application=sirup).first()) == (
        "Helpdesk SiRUP"
    )
    assert route("helpdesk_lpse1", spse, teknis) == "Helpdesk LKPP Teknis"
    assert route("helpdesk_lpse1", spse, non_teknis) == "Helpdesk LKPP Non-Teknis"
    assert route("helpdesk_lkpp_teknis", spse, teknis) == "Tim Teknis SPSE"
    assert route("helpdesk_lkpp_nonteknis", spse, non_teknis) == "Tim Teknis SPSE"
    katalog = Application.objects.get(code="e-katalog")
    assert route("ppk1", katalog, None) == "Helpdesk e-Katalog"

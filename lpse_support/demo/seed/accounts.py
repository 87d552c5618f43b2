"""Teams for every tier and the demo accounts of SPEC R-DEMO (one per role)."""

from __future__ import annotations

from typing import NamedTuple

from django.contrib.auth.hashers import make_password

from lpse_support.accounts.models import (
    Directorate,
    LpseUnit,
    ReporterCategory,
    Team,
    TeamKind,
    TeamMembership,
    Tier,
    User,
)
from lpse_support.demo.checks import DEMO_PASSWORD, DEMO_USERNAMES
from lpse_support.demo.seed.organisations import (
    DIR_KATALOG,
    DIR_PERENCANAAN,
    DIR_SPSE,
    LKPP_NAME,
    MAKASSAR_NAME,
    team_name_for_lpse,
)
from lpse_support.demo.seed.upsert import Tally, upsert

TEAM_LKPP_NON_TEKNIS = "Helpdesk LKPP Non-Teknis"
TEAM_LKPP_TEKNIS = "Helpdesk LKPP Teknis"
TEAM_TEKNIS_SPSE = "Tim Teknis SPSE"
TEAM_SIRUP = "Helpdesk SiRUP"
TEAM_TEKNIS_PERENCANAAN = "Tim Teknis Perencanaan dan Monev"
TEAM_KATALOG = "Helpdesk e-Katalog"
TEAM_TEKNIS_KATALOG = "Tim Teknis Katalog"
TEAM_MAKASSAR = team_name_for_lpse(MAKASSAR_NAME)


class TeamSeed(NamedTuple):
    name: str
    directorate: str
    tier: int
    kind: str
    position_label: str


DIRECTORATE_TEAMS: tuple[TeamSeed, ...] = (
    TeamSeed(TEAM_LKPP_NON_TEKNIS, DIR_SPSE, Tier.LKPP, TeamKind.NON_TEKNIS, "Helpdesk LKPP"),
    TeamSeed(TEAM_LKPP_TEKNIS, DIR_SPSE, Tier.LKPP, TeamKind.TEKNIS, "Helpdesk LKPP"),
    TeamSeed(TEAM_TEKNIS_SPSE, DIR_SPSE, Tier.TEKNIS, TeamKind.TEKNIS, "Tim Teknis"),
    TeamSeed(TEAM_SIRUP, DIR_PERENCANAAN, Tier.LKPP, TeamKind.UMUM, "Helpdesk LKPP"),
    TeamSeed(TEAM_TEKNIS_PERENCANAAN, DIR_PERENCANAAN, Tier.TEKNIS, TeamKind.TEKNIS, "Tim Teknis"),
    TeamSeed(TEAM_KATALOG, DIR_KATALOG, Tier.LKPP, TeamKind.UMUM, "Helpdesk LKPP"),
    TeamSeed(TEAM_TEKNIS_KATALOG, DIR_KATALOG, Tier.TEKNIS, TeamKind.TEKNIS, "Tim Teknis"),
)


class AccountSeed(NamedTuple):
    username: str
    full_name: str
    email: str
    phone: str
    category: str | None
    home_lpse: str
    teams: tuple[str, ...] = ()
    is_supervisor: bool = False
    is_admin: bool = False
    # Ketua tim of every team in ``teams`` (reassigns, keeps the reply templates).
    is_lead: bool = False


MKS = "makassarkota.example.go.id"
LKPP = "lkpp.example.go.id"

DEMO_ACCOUNTS: tuple[AccountSeed, ...] = (
    AccountSeed("ppk1", "Andi Rahmat Syarif, S.T., M.T.", f"andi.syarif@{MKS}",
                "0811-4120-3301", "ppk", MAKASSAR_NAME),
    AccountSeed("penyedia1", "Haris Setiawan (CV. Melati Jaya Abadi)",
                "haris.setiawan@melatijaya.example.co.id", "0812-4256-7781", "rekanan",
                MAKASSAR_NAME),
    AccountSeed("helpdesk_lpse1", "Nurul Fadhilah, S.Kom.", f"nurul.fadhilah@{MKS}",
                "0813-4311-0921", "helpdesk", MAKASSAR_NAME, (TEAM_MAKASSAR,), is_lead=True),
    AccountSeed("verifikator_lpse1", "Muhammad Irfan Hidayat", f"irfan.hidayat@{MKS}",
                "0813-4311-0922", "verifikator", MAKASSAR_NAME, (TEAM_MAKASSAR,)),
    AccountSeed("adminagency_lpse1", "Sitti Rahmawati, S.E.", f"sitti.rahmawati@{MKS}",
                "0813-4311-0923", "admin-agency", MAKASSAR_NAME, (TEAM_MAKASSAR,)),
    AccountSeed("helpdesk_lkpp_nonteknis", "Rina Kartikasari, S.H.", f"rina.kartikasari@{LKPP}",
                "0821-1144-5501", "helpdesk-lkpp", LKPP_NAME, (TEAM_LKPP_NON_TEKNIS,)),
    AccountSeed("helpdesk_lkpp_teknis", "Bayu Prasetyo, S.Kom.", f"bayu.prasetyo@{LKPP}",
                "0821-1144-5502", "helpdesk-lkpp", LKPP_NAME, (TEAM_LKPP_TEKNIS,), is_lead=True),
    AccountSeed("timteknis_spse", "Dimas Aryo Wicaksono, S.T.", f"dimas.wicaksono@{LKPP}",
                "0821-1144-5503", "tim-teknis", LKPP_NAME, (TEAM_TEKNIS_SPSE,)),
    AccountSeed("timteknis_katalog", "Putri Ayu Lestari, M.Kom.", f"putri.lestari@{LKPP}",
                "0821-1144-5504", "tim-teknis", LKPP_NAME, (TEAM_TEKNIS_KATALOG,)),
    AccountSeed("helpdesk_sirup", "Fajar Nugroho, S.E.", f"fajar.nugroho@{LKPP}",
                "0821-1144-5505", "helpdesk-lkpp", LKPP_NAME, (TEAM_SIRUP,)),
    AccountSeed("supervisor", "Dr. Hendra Gunawan, M.Si.", f"hendra.gunawan@{LKPP}",
                "0821-1144-5506", "supervisor", LKPP_NAME, is_supervisor=True),
    AccountSeed("admin", "Administrator LPSE Support", f"admin.lpsesupport@{LKPP}",
                "0821-1144-5500", "admin-ppe", LKPP_NAME, is_admin=True),
)  # fmt: skip


def seed_teams(
    tally: Tally, lpse_units: dict[str, LpseUnit], directorates: dict[str, Directorate]
) -> dict[str, Team]:
    teams: dict[str, Team] = {}
    for unit in lpse_units.values():
        name = team_name_for_lpse(unit.name)
        teams[name] = upsert(
            Team,
            tally,
            lookup={"name": name},
            values={
                "tier": Tier.LPSE,
                "kind": TeamKind.UMUM,
                "lpse": unit,
                "directorate": None,
                "position_label": "Helpdesk LPSE",
                "active": True,
            },
        )
    for seed in DIRECTORATE_TEAMS:
        teams[seed.name] = upsert(
            Team,
            tally,
            lookup={"name": seed.name},
            values={
                "tier": seed.tier,
                "kind": seed.kind,
                "lpse": None,
                "directorate": directorates[seed.directorate],
                "position_label": seed.position_label,
                "active": True,
            },
        )
    return teams


def seed_accounts(
    tally: Tally,
    *,
    lpse_units: dict[str, LpseUnit],
    categories: dict[str, ReporterCategory],
    teams: dict[str, Team],
) -> None:
    """Create missing demo accounts; never touch an existing one (its password may be changed)."""
    existing = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
    password_hash: str | None = None
    for seed in DEMO_ACCOUNTS:
        user = existing.get(seed.username)
        if user is None:
            # One hash for all twelve: the password is public anyway, and hashing is slow.
            password_hash = password_hash or make_password(DEMO_PASSWORD)
            user = User.objects.create(
                username=seed.username,
                password=password_hash,
                full_name=seed.full_name,
                email=seed.email,
                phone=seed.phone,
                reporter_category=categories[seed.category] if seed.category else None,
                home_lpse=lpse_units[seed.home_lpse],
                is_supervisor=seed.is_supervisor,
                is_staff=seed.is_admin,
                is_superuser=seed.is_admin,
            )
            tally.add("Pengguna", created=True, changed=False)
        for team_name in seed.teams:
            upsert(
                TeamMembership,
                tally,
                lookup={"team": teams[team_name], "user": user},
                values={"is_lead": seed.is_lead},
            )

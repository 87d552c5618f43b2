"""Directorates, LPSE units and reporter categories (SPEC §1, DOMAIN.md §6, R-ORG-2)."""

from __future__ import annotations

from typing import NamedTuple

from lpse_support.accounts.models import Directorate, LpseUnit, ReporterCategory
from lpse_support.demo.seed.upsert import Tally, upsert

DIR_SPSE = "spse"
DIR_PERENCANAAN = "perencanaan-monev"
DIR_KATALOG = "katalog"

DIRECTORATES: tuple[tuple[str, str, str], ...] = (
    (DIR_SPSE, "Direktorat Pengembangan Sistem Pengadaan Secara Elektronik", "Direktorat SPSE"),
    (
        DIR_PERENCANAAN,
        "Direktorat Perencanaan, Monitoring dan Evaluasi Pengadaan",
        "Direktorat Perencanaan dan Monev",
    ),
    (DIR_KATALOG, "Direktorat Pengembangan Sistem Katalog", "Direktorat Katalog"),
)


class LpseSeed(NamedTuple):
    name: str
    slug: str | None
    kind: str
    province: str
    zone: str
    spse_version: str


K = LpseUnit.Kind
Z = LpseUnit.Zone
V45 = "4.5u20240923"
V44 = "4.4u20210301"
V43 = "4.3u20191009"

LKPP_NAME = "LPSE Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah (LKPP)"
MAKASSAR_NAME = "LPSE Kota Makassar"

# DOMAIN.md §6: the 30 units, then the spares; slugs only where a source showed them.
LPSE_UNITS: tuple[LpseSeed, ...] = (
    LpseSeed(LKPP_NAME, "lkpp", K.LEMBAGA, "DKI Jakarta", Z.WIB, V45),
    LpseSeed("LPSE Kementerian Keuangan", "kemenkeu", K.KEMENTERIAN, "DKI Jakarta", Z.WIB, V45),
    LpseSeed(
        "LPSE Kementerian Pekerjaan Umum dan Perumahan Rakyat (PUPR)",
        "pu",
        K.KEMENTERIAN,
        "DKI Jakarta",
        Z.WIB,
        V45,
    ),
    LpseSeed(
        "LPSE Kementerian Pendidikan Dasar dan Menengah",
        "dikdasmen",
        K.KEMENTERIAN,
        "DKI Jakarta",
        Z.WIB,
        V45,
    ),
    LpseSeed("LPSE Kementerian Kesehatan", "kemkes", K.KEMENTERIAN, "DKI Jakarta", Z.WIB, V45),
    LpseSeed("LPSE Kementerian Agama", "kemenag", K.KEMENTERIAN, "DKI Jakarta", Z.WIB, V45),
    LpseSeed("LPSE Kementerian Perhubungan", "dephub", K.KEMENTERIAN, "DKI Jakarta", Z.WIB, V45),
    LpseSeed("LPSE Kementerian Luar Negeri", "kemlu", K.KEMENTERIAN, "DKI Jakarta", Z.WIB, V44),
    LpseSeed(
        "LPSE Kementerian Energi dan Sumber Daya Mineral",
        "esdm",
        K.KEMENTERIAN,
        "DKI Jakarta",
        Z.WIB,
        V45,
    ),
    LpseSeed(
        "LPSE Kementerian Kelautan dan Perikanan", "kkp", K.KEMENTERIAN, "DKI Jakarta", Z.WIB, V45
    ),
    LpseSeed(
        "LPSE Kepolisian Negara Republik Indonesia", "polri", K.LEMBAGA, "DKI Jakarta", Z.WIB, V45
    ),
    LpseSeed("LPSE Badan Pusat Statistik", "bps", K.LEMBAGA, "DKI Jakarta", Z.WIB, V45),
    LpseSeed("LPSE Provinsi DKI Jakarta", "jakarta", K.PROVINSI, "DKI Jakarta", Z.WIB, V45),
    LpseSeed("LPSE Provinsi Jawa Barat", "jabarprov", K.PROVINSI, "Jawa Barat", Z.WIB, V45),
    LpseSeed("LPSE Provinsi Jawa Tengah", "jatengprov", K.PROVINSI, "Jawa Tengah", Z.WIB, V45),
    LpseSeed("LPSE Provinsi Jawa Timur", "jatimprov", K.PROVINSI, "Jawa Timur", Z.WIB, V45),
    LpseSeed("LPSE Provinsi Banten", "bantenprov", K.PROVINSI, "Banten", Z.WIB, V44),
    LpseSeed(
        "LPSE Provinsi Sumatera Barat", "sumbarprov", K.PROVINSI, "Sumatera Barat", Z.WIB, V45
    ),
    LpseSeed("LPSE Provinsi Bengkulu", "bengkuluprov", K.PROVINSI, "Bengkulu", Z.WIB, V44),
    LpseSeed(
        "LPSE Provinsi Kalimantan Barat", "kalbarprov", K.PROVINSI, "Kalimantan Barat", Z.WIB, V45
    ),
    LpseSeed("LPSE Provinsi Kalimantan Utara", None, K.PROVINSI, "Kalimantan Utara", Z.WITA, V45),
    LpseSeed("LPSE Provinsi Gorontalo", None, K.PROVINSI, "Gorontalo", Z.WITA, V45),
    LpseSeed(MAKASSAR_NAME, None, K.KOTA, "Sulawesi Selatan", Z.WITA, V45),
    LpseSeed("LPSE Kota Surabaya", "surabaya", K.KOTA, "Jawa Timur", Z.WIB, V45),
    LpseSeed("LPSE Kota Bandung", "bandung", K.KOTA, "Jawa Barat", Z.WIB, V45),
    LpseSeed("LPSE Kota Medan", None, K.KOTA, "Sumatera Utara", Z.WIB, V44),
    LpseSeed("LPSE Kota Payakumbuh", None, K.KOTA, "Sumatera Barat", Z.WIB, V43),
    LpseSeed("LPSE Kabupaten Tapin", "tapinkab", K.KABUPATEN, "Kalimantan Selatan", Z.WITA, V45),
    LpseSeed(
        "LPSE Kabupaten Kutai Kartanegara", None, K.KABUPATEN, "Kalimantan Timur", Z.WITA, V45
    ),
    LpseSeed("LPSE Kabupaten Labuhanbatu Utara", None, K.KABUPATEN, "Sumatera Utara", Z.WIB, V44),
    # Spares (DOMAIN.md §6) plus two WIT units so every time zone is represented.
    LpseSeed("LPSE Kabupaten Siak", None, K.KABUPATEN, "Riau", Z.WIB, V45),
    LpseSeed("LPSE Kabupaten Purbalingga", None, K.KABUPATEN, "Jawa Tengah", Z.WIB, V44),
    LpseSeed("LPSE Kabupaten Tangerang", None, K.KABUPATEN, "Banten", Z.WIB, V45),
    LpseSeed("LPSE Kota Jambi", None, K.KOTA, "Jambi", Z.WIB, V43),
    LpseSeed("LPSE Kabupaten Pelalawan", None, K.KABUPATEN, "Riau", Z.WIB, V44),
    LpseSeed("LPSE Otorita Ibu Kota Nusantara", None, K.LEMBAGA, "Kalimantan Timur", Z.WITA, V45),
    LpseSeed("LPSE Provinsi Papua", None, K.PROVINSI, "Papua", Z.WIT, V45),
    LpseSeed("LPSE Provinsi Maluku", None, K.PROVINSI, "Maluku", Z.WIT, V44),
)


class CategorySeed(NamedTuple):
    code: str
    name: str
    letter: str
    is_support_staff: bool


# Kategori Pelapor and the letter each puts in a ticket number (R-NUM).
REPORTER_CATEGORIES: tuple[CategorySeed, ...] = (
    CategorySeed("ppk", "PPK", "P", False),
    CategorySeed("pokja", "POKJA", "K", False),
    CategorySeed("pp", "PP", "D", False),
    CategorySeed("pa-kpa", "PA/KPA", "G", False),
    CategorySeed("kuppbj", "KUPPBJ", "B", False),
    CategorySeed("rekanan", "REKANAN", "E", False),
    CategorySeed("auditor", "AUDITOR", "U", False),
    CategorySeed("helpdesk", "HELPDESK", "H", True),
    CategorySeed("verifikator", "VERIFIKATOR", "V", True),
    CategorySeed("admin-agency", "ADMIN AGENCY", "A", True),
    CategorySeed("admin-ppe", "ADMIN PPE", "M", True),
    CategorySeed("helpdesk-lkpp", "HELPDESK LKPP", "L", True),
    CategorySeed("tim-teknis", "TIM TEKNIS", "T", True),
    CategorySeed("supervisor", "SUPERVISOR", "S", True),
)


def team_name_for_lpse(lpse_name: str) -> str:
    """Name of an LPSE's tier-1 team: LPSE Kota Makassar → Helpdesk LPSE Kota Makassar."""
    return "Helpdesk LPSE " + lpse_name.removeprefix("LPSE ")


def seed_directorates(tally: Tally) -> dict[str, Directorate]:
    return {
        code: upsert(
            Directorate, tally, lookup={"code": code}, values={"name": name, "short_name": short}
        )
        for code, name, short in DIRECTORATES
    }


def seed_lpse_units(tally: Tally) -> dict[str, LpseUnit]:
    units: dict[str, LpseUnit] = {}
    for seed in LPSE_UNITS:
        units[seed.name] = upsert(
            LpseUnit,
            tally,
            lookup={"name": seed.name},
            values={
                "slug": seed.slug,
                "kind": seed.kind,
                "province": seed.province,
                "timezone": seed.zone,
                "spse_version": seed.spse_version,
                "active": True,
            },
        )
    return units


def seed_reporter_categories(tally: Tally) -> dict[str, ReporterCategory]:
    categories: dict[str, ReporterCategory] = {}
    for order, seed in enumerate(REPORTER_CATEGORIES, start=1):
        categories[seed.code] = upsert(
            ReporterCategory,
            tally,
            lookup={"code": seed.code},
            values={
                "name": seed.name,
                "letter": seed.letter,
                "is_support_staff": seed.is_support_staff,
                "order": order,
            },
        )
    return categories

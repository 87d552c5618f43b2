"""import_tenders: sample files, every validation rule (nothing written), money, re-import."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lpse_support.accounts.models import LpseUnit
from lpse_support.core.errors import ImportRejected
from lpse_support.demo.seed.organisations import seed_lpse_units
from lpse_support.demo.seed.upsert import Tally
from lpse_support.tenders.importer import (
    ImportResult,
    import_tenders,
    parse_local_datetime,
    parse_money,
)
from lpse_support.tenders.models import Tender, TenderStage

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"
HEADER = (
    "kd_tender,nama_paket,kd_lpse,nama_lpse,nama_satker,tahun_anggaran,pagu,hps,"
    "jenis_pengadaan,mtd_pemilihan,versi_spse"
)
GOOD_ROW = (
    "10005373000,Rehabilitasi Jalan,,LPSE Kota Makassar,Dinas PU,2026,1500000000,1370200000,"
    "Pekerjaan Konstruksi,Tender,SPSE v4.5u20240923"
)
STAGE_HEADER = "kd_tender,kd_tahapan,nama_tahapan,tgl_awal,tgl_akhir"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def lpse_units() -> dict[str, LpseUnit]:
    return seed_lpse_units(Tally())


def run(tender_csv: str, stage_csv: str | None = None) -> ImportResult:
    return import_tenders(
        tenders=io.StringIO(tender_csv),
        tenders_name="tenders.csv",
        stages=io.StringIO(stage_csv) if stage_csv is not None else None,
        stages_name="jadwal.csv",
    )


def rejected(tender_csv: str, stage_csv: str | None = None) -> list[str]:
    with pytest.raises(ImportRejected) as info:
        run(tender_csv, stage_csv)
    assert Tender.objects.count() == 0
    assert TenderStage.objects.count() == 0
    return info.value.errors


def test_sample_files_import_through_the_command() -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_tenders",
        str(SAMPLES / "tenders.csv"),
        "--stages",
        str(SAMPLES / "jadwal.csv"),
        stdout=out,
        stderr=err,
    )
    assert "4 tender dibuat, 0 diperbarui, 12 tahapan" in out.getvalue()
    assert err.getvalue() == ""
    icu = Tender.objects.get(code="10020431000")
    assert icu.hps == Decimal("12180450000.00")
    assert icu.pagu == Decimal("12500000000.00")
    assert icu.lpse is not None and icu.lpse.name == "LPSE Kota Makassar"
    first = icu.stages.get(order=1)
    # "09/03/2026 08:00" is WIB (UTC+7).
    assert first.start == datetime(2026, 3, 9, 1, 0, tzinfo=UTC)
    road = Tender.objects.get(code="10005373000")
    assert road.stages.count() == 5
    assert road.spse_build == "SPSE v4.5u20240923"


def test_reimport_updates_and_replaces_stages() -> None:
    run(
        f"{HEADER}\n{GOOD_ROW}\n",
        f"{STAGE_HEADER}\n10005373000,1,Pengumuman,2026-03-02 08:00,2026-03-06 16:00\n"
        "10005373000,2,Download Dokumen Pemilihan,2026-03-06 16:00,2026-03-10 16:00\n",
    )
    renamed = GOOD_ROW.replace("Rehabilitasi Jalan", "Rehabilitasi Jalan Tahap II")
    result = run(
        f"{HEADER}\n{renamed}\n",
        f"{STAGE_HEADER}\n10005373000,1,Pengumuman,2026-04-01 08:00,2026-04-03 16:00\n",
    )
    assert (result.created, result.updated, result.stages) == (0, 1, 1)
    tender = Tender.objects.get()
    assert tender.name == "Rehabilitasi Jalan Tahap II"
    assert list(tender.stages.values_list("order", "name")) == [(1, "Pengumuman")]


def test_tender_file_without_stage_file_keeps_existing_stages() -> None:
    run(
        f"{HEADER}\n{GOOD_ROW}\n",
        f"{STAGE_HEADER}\n10005373000,1,A,2026-03-02 08:00,2026-03-03 08:00\n",
    )
    run(f"{HEADER}\n{GOOD_ROW}\n")
    assert TenderStage.objects.count() == 1


def test_stage_of_a_tender_already_in_the_database_is_accepted() -> None:
    run(f"{HEADER}\n{GOOD_ROW}\n")
    other = GOOD_ROW.replace("10005373000", "10020431000")
    result = run(
        f"{HEADER}\n{other}\n",
        f"{STAGE_HEADER}\n10005373000,1,A,2026-03-02 08:00,2026-03-03 08:00\n",
    )
    assert result.stages == 1
    assert Tender.objects.get(code="10005373000").stages.count() == 1


def test_lpse_resolved_by_kd_lpse(lpse_units: dict[str, LpseUnit]) -> None:
    surabaya = lpse_units["LPSE Kota Surabaya"]
    surabaya.kd_lpse = 93
    surabaya.save()
    run(f"{HEADER}\n" + GOOD_ROW.replace(",,LPSE Kota Makassar,", ",93,,"))
    assert Tender.objects.get().lpse == surabaya


@pytest.mark.parametrize(
    ("old", "new", "column", "fragment"),
    [
        ("10005373000,Reh", "12345,Reh", "kd_tender", "6–12 digit"),
        ("10005373000,Reh", "1000537300A,Reh", "kd_tender", "6–12 digit"),
        (",2026,", ",26,", "tahun_anggaran", "tahun 4 digit"),
        (",1370200000,", ",abc,", "hps", "nilai 'abc' bukan angka"),
        (",1370200000,", ",-5,", "hps", "tidak boleh negatif"),
        (",1500000000,", ",1.5.0,", "pagu", "bukan angka"),
        (",1500000000,1370200000,", ",1000,2000,", "hps", "melebihi pagu"),
        ("Pekerjaan Konstruksi", "Barang Bekas", "jenis_pengadaan", "tidak dikenal"),
        ("LPSE Kota Makassar", "LPSE Kota Antah Berantah", "nama_lpse", "tidak dikenal"),
        (",,LPSE Kota Makassar,", ",,,", "nama_lpse", "isi kd_lpse atau nama_lpse"),
        (",,LPSE Kota Makassar,", ",x9,LPSE Kota Makassar,", "kd_lpse", "bukan angka"),
        (",Tender,", ",,", "mtd_pemilihan", "wajib diisi"),
        ("SPSE v4.5u20240923", "versi lima", "versi_spse", "bukan build SPSE"),
    ],
)
def test_one_bad_row_rejects_the_whole_file(old: str, new: str, column: str, fragment: str) -> None:
    good_second = GOOD_ROW.replace("10005373000", "10020431000")
    errors = rejected(f"{HEADER}\n{good_second}\n{GOOD_ROW.replace(old, new, 1)}\n")
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"tenders.csv baris 3, kolom {column}: ")
    assert fragment in errors[0]


def test_error_message_names_file_line_and_column() -> None:
    errors = rejected(f"{HEADER}\n{GOOD_ROW.replace(',1370200000,', ',abc,')}\n")
    assert errors == ["tenders.csv baris 2, kolom hps: nilai 'abc' bukan angka"]


def test_duplicate_code_in_file_is_reported_with_the_first_line() -> None:
    errors = rejected(f"{HEADER}\n{GOOD_ROW}\n{GOOD_ROW}\n")
    assert errors == ["tenders.csv baris 3, kolom kd_tender: '10005373000' sudah ada di baris 2"]


def test_missing_required_column() -> None:
    errors = rejected("kd_tender,nama_paket\n10005373000,Jalan\n")
    assert errors[0].startswith("tenders.csv baris 1: kolom wajib tidak ada: tahun_anggaran")


def test_all_errors_of_all_rows_are_collected() -> None:
    bad = GOOD_ROW.replace(",2026,", ",20x6,").replace("Pekerjaan Konstruksi", "?")
    errors = rejected(f"{HEADER}\n{bad}\n{bad.replace('10005373000', '10020431000')}\n")
    assert len(errors) == 4


@pytest.mark.parametrize(
    ("row", "column", "fragment"),
    [
        ("10005373000,1,A,2026-03-03 08:00,2026-03-02 08:00", "tgl_akhir", "setelah tgl_awal"),
        ("10005373000,1,A,2026-03-03 08:00,2026-03-03 08:00", "tgl_akhir", "setelah tgl_awal"),
        ("10005373000,1,A,besok pagi,2026-03-02 08:00", "tgl_awal", "bukan tanggal"),
        ("10005373000,1,A,2026-03-02 08:00,31/02/2026 08:00", "tgl_akhir", "bukan tanggal"),
        ("99999999,1,A,2026-03-02 08:00,2026-03-03 08:00", "kd_tender", "tidak ada di file"),
        ("10005373000,0,A,2026-03-02 08:00,2026-03-03 08:00", "kd_tahapan", "bulat positif"),
        ("10005373000,1,,2026-03-02 08:00,2026-03-03 08:00", "nama_tahapan", "wajib diisi"),
        ("10005373000,2,B,2026-03-02 08:00,2026-03-03 08:00", "kd_tahapan", "sudah ada di baris 2"),
    ],
)
def test_bad_stage_row_rejects_everything(row: str, column: str, fragment: str) -> None:
    first = "10005373000,2,Download,2026-03-01 08:00,2026-03-02 08:00"
    errors = rejected(f"{HEADER}\n{GOOD_ROW}\n", f"{STAGE_HEADER}\n{first}\n{row}\n")
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"jadwal.csv baris 3, kolom {column}: ")
    assert fragment in errors[0]


def test_command_reports_errors_on_stderr_and_fails(tmp_path: Path) -> None:
    path = tmp_path / "rusak.csv"
    path.write_text(f"{HEADER}\n{GOOD_ROW}\n{GOOD_ROW.replace(',2026,', ',abcd,')}\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match="tidak ada data yang disimpan"):
        call_command("import_tenders", str(path), stderr=err)
    assert "rusak.csv baris 3, kolom tahun_anggaran" in err.getvalue()
    assert Tender.objects.count() == 0


def test_semicolon_separated_file_with_bom_is_read() -> None:
    row = GOOD_ROW.replace(",", ";").replace(
        ";1500000000;1370200000;", ";1.500.000.000,00;1.370.200.000;"
    )
    run("\ufeff" + HEADER.replace(",", ";") + "\n" + row + "\n")
    assert Tender.objects.get().hps == Decimal("1370200000")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1370200000", Decimal("1370200000")),
        ("1370200000.00", Decimal("1370200000.00")),
        ("1.370.200.000,00", Decimal("1370200000.00")),
        ("1.370.200.000", Decimal("1370200000")),
        ("Rp 1.370.200.000,50", Decimal("1370200000.50")),
        ("1370200000,5", Decimal("1370200000.5")),
        ("1.370", Decimal("1370")),
        ("0", Decimal("0")),
        ("abc", None),
        ("1,370,200", None),
        ("1.37.0", None),
        ("12.5.000", None),
        ("1370200000.123", None),
        ("", None),
    ],
)
def test_parse_money(text: str, expected: Decimal | None) -> None:
    assert parse_money(text) == expected


def test_parse_local_datetime_formats() -> None:
    expected = datetime(2026, 3, 9, 1, 0, tzinfo=UTC)
    assert parse_local_datetime("2026-03-09 08:00") == expected
    assert parse_local_datetime("2026-03-09 08:00:00") == expected
    assert parse_local_datetime("09/03/2026 08:00") == expected
    assert parse_local_datetime("9 Maret 2026") is None

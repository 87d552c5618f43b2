"""The import rows as pydantic models (issue 12, item 8): every bad cell of a row is told at once,
in Indonesian, with its column; what was typed is quoted as typed; nothing is written."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from lpse_support.accounts.models import LpseUnit
from lpse_support.core.errors import ImportRejected
from lpse_support.demo.seed.organisations import seed_lpse_units
from lpse_support.demo.seed.upsert import Tally
from lpse_support.tenders.csv_rows import CELL_ERROR, StageCsvRow, TenderCsvRow
from lpse_support.tenders.importer import import_tenders
from lpse_support.tenders.models import Tender, TenderStage

ROW = {
    "kd_tender": "10005373000",
    "nama_paket": "Rehabilitasi Jalan",
    "nama_satker": "Dinas PU",
    "tahun_anggaran": "2026",
    "pagu": "1.500.000.000,00",
    "hps": "Rp 1.370.200.000",
    "jenis_pengadaan": "pekerjaan konstruksi",
    "mtd_pemilihan": "Tender",
    "versi_spse": "",
    "kolom_lain": "diabaikan",
}


def problems(model: Any, row: dict[str, str], **context: Any) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(row, context={"row": row, **context})
    errors = caught.value.errors(include_url=False)
    assert {error["type"] for error in errors} == {CELL_ERROR}
    return [(str(error["loc"][0]), error["msg"]) for error in errors]


def test_a_good_row_becomes_typed_values() -> None:
    row = TenderCsvRow.model_validate(ROW, context={"row": ROW})
    assert row.pagu == Decimal("1500000000.00") and row.hps == Decimal("1370200000")
    assert (row.tahun_anggaran, row.jenis_pengadaan) == (2026, "Pekerjaan Konstruksi")


def test_every_bad_cell_of_a_row_is_told_in_column_order() -> None:
    row = {**ROW, "kd_tender": "{x}", "tahun_anggaran": "26", "pagu": "1000", "hps": "2000"}
    row["mtd_pemilihan"] = ""
    assert problems(TenderCsvRow, row) == [
        ("kd_tender", "nilai '{x}' harus 6–12 digit angka"),
        ("tahun_anggaran", "nilai '26' harus tahun 4 digit"),
        ("hps", "HPS '2000' melebihi pagu '1000'"),
        ("mtd_pemilihan", "wajib diisi"),
    ]


def test_stage_row_needs_a_known_tender_and_an_end_after_its_start() -> None:
    row = {
        "kd_tender": "10005373000",
        "kd_tahapan": "1",
        "nama_tahapan": "Pengumuman",
        "tgl_awal": "09/03/2026 08:00",
        "tgl_akhir": "2026-03-09 16:00",
    }
    stage = StageCsvRow.model_validate(row, context={"known_tenders": {"10005373000"}})
    assert stage.tgl_awal == datetime(2026, 3, 9, 1, 0, tzinfo=UTC)
    early = {**row, "tgl_akhir": "09/03/2026 07:59"}
    assert problems(StageCsvRow, early, known_tenders=set()) == [
        ("kd_tender", "tender '10005373000' tidak ada di file tender maupun di basis data"),
        ("tgl_akhir", "harus setelah tgl_awal"),
    ]


@pytest.mark.django_db
def test_a_late_bad_stage_row_leaves_nothing_half_imported() -> None:
    units: dict[str, LpseUnit] = seed_lpse_units(Tally())
    assert "LPSE Kota Makassar" in units
    header = "kd_tender,nama_paket,nama_lpse,tahun_anggaran,pagu,hps,jenis_pengadaan,mtd_pemilihan"
    tenders = "\n".join(
        [header]
        + [
            f"1000537{n:04d},Paket {n},LPSE Kota Makassar,2026,1000,900,Pengadaan Barang,Tender"
            for n in range(50)
        ]
    )
    stages = "kd_tender,kd_tahapan,nama_tahapan,tgl_awal,tgl_akhir\n" + "\n".join(
        f"1000537{n:04d},1,Pengumuman,2026-03-02 08:00,2026-03-03 08:00" for n in range(49)
    )
    stages += "\n10005370049,1,Pengumuman,2026-03-02 08:00,kemarin\n"
    with pytest.raises(ImportRejected) as caught:
        import_tenders(
            tenders=io.StringIO(tenders),
            tenders_name="tenders.csv",
            stages=io.StringIO(stages),
            stages_name="jadwal.csv",
        )
    assert caught.value.errors == [
        "jadwal.csv baris 51, kolom tgl_akhir: nilai 'kemarin' bukan tanggal "
        "(YYYY-MM-DD HH:MM atau DD/MM/YYYY HH:mm)"
    ]
    assert Tender.objects.count() == 0 and TenderStage.objects.count() == 0

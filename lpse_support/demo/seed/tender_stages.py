"""SPSE stage lists (DOMAIN.md §3.2) with typical lengths for placing demo schedules."""

from __future__ import annotations

# (stage name, typical length in hours); stages follow each other without overlap.
PASCA_STAGES: tuple[tuple[str, int], ...] = (
    ("Pengumuman Pascakualifikasi", 120), ("Download Dokumen Pemilihan", 72),
    ("Pemberian Penjelasan", 24), ("Upload Dokumen Penawaran", 96),
    ("Pembukaan Dokumen Penawaran", 24),
    ("Evaluasi Administrasi, Kualifikasi, Teknis, dan Harga", 96),
    ("Pembuktian Kualifikasi", 48), ("Penetapan Pemenang", 24), ("Pengumuman Pemenang", 24),
    ("Masa Sanggah", 120), ("Surat Penunjukan Penyedia Barang/Jasa", 72),
    ("Penandatanganan Kontrak", 120),
)  # fmt: skip
PRA_STAGES: tuple[tuple[str, int], ...] = (
    ("Pengumuman Prakualifikasi", 120), ("Download Dokumen Kualifikasi", 72),
    ("Penjelasan Dokumen Prakualifikasi", 24), ("Kirim Persyaratan Kualifikasi", 96),
    ("Evaluasi Dokumen Kualifikasi", 72), ("Pembuktian Kualifikasi", 48),
    ("Penetapan Hasil Kualifikasi", 24), ("Pengumuman Hasil Prakualifikasi", 24),
    ("Masa Sanggah Prakualifikasi", 72), ("Download Dokumen Pemilihan", 72),
    ("Pemberian Penjelasan", 24), ("Upload Dokumen Penawaran", 96),
    ("Pembukaan dan Evaluasi Penawaran File I: Administrasi dan Teknis", 72),
    ("Pengumuman Hasil Evaluasi Administrasi dan Teknis", 24),
    ("Pembukaan dan Evaluasi Penawaran File II: Harga", 48), ("Penetapan Pemenang", 24),
    ("Pengumuman Pemenang", 24), ("Masa Sanggah", 120),
    ("Klarifikasi dan Negosiasi Teknis dan Biaya", 72),
    ("Surat Penunjukan Penyedia Barang/Jasa", 72), ("Penandatanganan Kontrak", 120),
)  # fmt: skip
NON_TENDER_STAGES: tuple[tuple[str, int], ...] = (
    ("Undangan/Pengumuman", 48), ("Download Dokumen Pengadaan", 48),
    ("Pemberian Penjelasan", 24), ("Upload Dokumen Penawaran", 72),
    ("Pembukaan Dokumen Penawaran", 24), ("Evaluasi, Klarifikasi Teknis dan Negosiasi Harga", 72),
    ("Penetapan/Pengumuman Pemenang", 24), ("Surat Penunjukan Penyedia Barang/Jasa", 48),
    ("Penandatanganan Kontrak/SPK", 72),
)  # fmt: skip
DEADLINE_STAGES = frozenset(
    {
        "Upload Dokumen Penawaran",
        "Pembukaan Dokumen Penawaran",
        "Masa Sanggah",
        "Kirim Persyaratan Kualifikasi",
        "Pemberian Penjelasan",
    }
)

"""Vocabulary for realistic demo tender names and satker (DOMAIN.md §9 naming patterns)."""

from __future__ import annotations

from typing import NamedTuple

from lpse_support.tenders.models import ProcurementCategory as PC


class NameTemplate(NamedTuple):
    category: str
    pattern: str
    satker_pemda: str
    satker_pusat: str


PUPR = "Dinas Pekerjaan Umum dan Penataan Ruang"
DINKES = "Dinas Kesehatan"
RSUD = "Rumah Sakit Umum Daerah"
DISDIK = "Dinas Pendidikan"
DISHUB = "Dinas Perhubungan"
SETDA = "Sekretariat Daerah"
BKD = "Badan Keuangan Daerah"
PERKIM = "Dinas Perumahan dan Kawasan Permukiman"
DLH = "Dinas Lingkungan Hidup"
KOMINFO = "Dinas Komunikasi dan Informatika"
BAPPEDA = "Badan Perencanaan Pembangunan Daerah"

SETJEN = "Sekretariat Jenderal"
BIRO_UMUM = "Biro Umum dan Pengadaan"
PUSDATIN = "Pusat Data dan Teknologi Informasi"
BALAI = "Balai Pelaksana Teknis"
PUSDIKLAT = "Pusat Pendidikan dan Pelatihan"

# fmt: off
TEMPLATES: tuple[NameTemplate, ...] = (
    NameTemplate(PC.KONSTRUKSI, "Pembangunan Gedung Kantor {satker_short}", PUPR, BIRO_UMUM),
    NameTemplate(PC.KONSTRUKSI, "Rehabilitasi Jalan {road}", PUPR, BALAI),
    NameTemplate(PC.KONSTRUKSI, "Peningkatan Jalan Ruas {road}", PUPR, BALAI),
    NameTemplate(PC.KONSTRUKSI, "Pembangunan Jembatan {bridge}", PUPR, BALAI),
    NameTemplate(PC.KONSTRUKSI, "Rehabilitasi Jaringan Irigasi D.I. {river}", PUPR, BALAI),
    NameTemplate(PC.KONSTRUKSI, "Pembangunan Drainase Lingkungan {village}", PERKIM, BALAI),
    NameTemplate(PC.KONSTRUKSI, "Pembangunan Ruang Kelas Baru SMP Negeri {number}", DISDIK,
                 PUSDIKLAT),
    NameTemplate(PC.KONSTRUKSI, "Rehabilitasi Puskesmas {village}", DINKES, SETJEN),
    NameTemplate(PC.BARANG, "Belanja Alat Kesehatan Ruang ICU", RSUD, SETJEN),
    NameTemplate(PC.BARANG, "Belanja Obat-obatan dan Bahan Medis Habis Pakai", DINKES, SETJEN),
    NameTemplate(PC.BARANG, "Pengadaan Kendaraan Dinas Operasional", SETDA, BIRO_UMUM),
    NameTemplate(PC.BARANG, "Pengadaan Laptop dan Komputer Kerja", KOMINFO, PUSDATIN),
    NameTemplate(PC.BARANG, "Pengadaan Server dan Perangkat Jaringan Data Center", KOMINFO,
                 PUSDATIN),
    NameTemplate(PC.BARANG, "Belanja Meubelair Sekolah Dasar", DISDIK, PUSDIKLAT),
    NameTemplate(PC.BARANG, "Pengadaan Bus Sekolah", DISHUB, BIRO_UMUM),
    NameTemplate(PC.BARANG, "Pengadaan Tempat Sampah dan Kontainer Sampah", DLH, BIRO_UMUM),
    NameTemplate(PC.JASA_LAINNYA, "Jasa Kebersihan (Cleaning Service) Gedung Kantor", SETDA,
                 BIRO_UMUM),
    NameTemplate(PC.JASA_LAINNYA, "Jasa Keamanan (Satpam) Kantor", BKD, BIRO_UMUM),
    NameTemplate(PC.JASA_LAINNYA, "Jasa Sewa Kendaraan Operasional", SETDA, BIRO_UMUM),
    NameTemplate(PC.JASA_LAINNYA, "Jasa Pemeliharaan Genset dan Instalasi Listrik", RSUD,
                 BIRO_UMUM),
    NameTemplate(PC.JASA_LAINNYA, "Jasa Penyelenggaraan Pameran Pembangunan", BAPPEDA, SETJEN),
    NameTemplate(PC.KONSULTANSI_BU, "Jasa Konsultansi Pengawasan Pembangunan Gedung {building}",
                 PUPR, BIRO_UMUM),
    NameTemplate(PC.KONSULTANSI_BU, "Penyusunan DED Peningkatan Jalan Ruas {road}", PUPR, BALAI),
    NameTemplate(PC.KONSULTANSI_BU, "Jasa Konsultansi Perencanaan Jembatan {bridge}", PUPR,
                 BALAI),
    NameTemplate(PC.KONSULTANSI_BU_NON, "Penyusunan Masterplan Smart City", KOMINFO, PUSDATIN),
    NameTemplate(PC.KONSULTANSI_BU_NON, "Kajian Kelayakan Pengembangan Kawasan {village}",
                 BAPPEDA, SETJEN),
    NameTemplate(PC.KONSULTANSI_BU_NON, "Penyusunan Rencana Induk Sistem Informasi", KOMINFO,
                 PUSDATIN),
    NameTemplate(PC.KONSULTANSI_PERORANGAN_NON, "Jasa Konsultansi Perorangan Tenaga Ahli Hukum",
                 SETDA, BIRO_UMUM),
    NameTemplate(PC.KONSULTANSI_PERORANGAN_NON, "Tenaga Ahli Pengadaan Barang/Jasa", SETDA,
                 BIRO_UMUM),
    NameTemplate(PC.KONSULTANSI_PERORANGAN, "Tenaga Ahli Pengawas Struktur Gedung {building}",
                 PUPR, BIRO_UMUM),
    NameTemplate(PC.KONSTRUKSI_TERINTEGRASI,
                 "Pembangunan Gedung {building} (Rancang dan Bangun)", PUPR, BALAI),
    NameTemplate(PC.KONSTRUKSI_TERINTEGRASI,
                 "Pembangunan Instalasi Pengolahan Air Limbah Terpadu", PERKIM, BALAI),
)
# fmt: on

ROADS = (
    "Lingkar Timur",
    "Poros Pelabuhan - Kawasan Industri",
    "Sudirman - Diponegoro",
    "Simpang Tiga - Batas Kota",
    "Pendidikan Raya",
    "Bypass Selatan",
)
BRIDGES = ("Sungai Batang", "Kali Bening", "Way Sekampung", "Sungai Tallo", "Sungai Mahakam Ulu")
RIVERS = ("Bili-Bili", "Cikeusik", "Kedung Ombo", "Batang Anai", "Riam Kanan")
VILLAGES = (
    "Kelurahan Sukamaju",
    "Desa Suka Makmur",
    "Kelurahan Tanjung Merdeka",
    "Desa Mekarsari",
    "Kawasan Pasar Sentral",
    "Kelurahan Bontoala",
)
BUILDINGS = (
    "Rawat Inap Kelas III RSUD",
    "Mal Pelayanan Publik",
    "Laboratorium Kesehatan Daerah",
    "Asrama Diklat",
    "Perpustakaan Daerah",
    "Pusat Data dan Command Center",
)

"""Applications of the guide and their category trees (DOMAIN.md §5.3).

Each sub-category carries its default priority code and whether it is tied to a tender deadline
(R-PRI: only those are raised when the current stage closes within 24/72 h).
"""

from __future__ import annotations

from typing import NamedTuple

from lpse_support.catalog.models import CategoryKind, FirstLine
from lpse_support.demo.seed.organisations import DIR_KATALOG, DIR_PERENCANAAN, DIR_SPSE

E, MA, ME, MI = "emergency", "major", "medium", "minor"
T, NT = CategoryKind.TEKNIS, CategoryKind.NON_TEKNIS
DL = True  # deadline-sensitive


class Sub(NamedTuple):
    name: str
    priority: str
    deadline_sensitive: bool = False


class Cat(NamedTuple):
    name: str
    kind: str
    subs: tuple[Sub, ...]


class AppSeed(NamedTuple):
    code: str
    name: str
    full_name: str
    letter: str
    directorate: str
    first_line: str
    versions: tuple[str, ...]
    tree: tuple[Cat, ...]


# fmt: off
SPSE_TREE = (
    Cat("Akun & Login", NT, (
        Sub("Lupa/Reset Password", ME),
        Sub("Akun Terkunci/Tidak Bisa Login", MA, DL),
        Sub("TOTP/SPSE Authenticator", MA, DL),
        Sub("Registrasi & Verifikasi Penyedia", ME),
        Sub("Perubahan Email/NPWP/Bentuk Usaha", ME),
        Sub("Roaming/Agregasi Data Penyedia", ME),
    )),
    Cat("Tender/Seleksi – Penyedia", T, (
        Sub("Gagal Upload/Kirim Dokumen Penawaran", E, DL),
        Sub("Apendo/Enkripsi File .rhs", MA, DL),
        Sub("Dokumen Penawaran Tidak Bisa Dibuka/Uji Forensik", E, DL),
        Sub("Gagal Mendaftar/Ikut Tender", MA, DL),
        Sub("Kirim Sanggah/Sanggah Banding", MA, DL),
        Sub("Pembuktian Kualifikasi", ME, DL),
    )),
    Cat("Tender/Seleksi – Pokja/PPK", T, (
        Sub("Jadwal Tahapan (ubah/tidak sesuai)", MA, DL),
        Sub("Dokumen Pemilihan/Adendum", ME, DL),
        Sub("Pembukaan Penawaran Gagal", E, DL),
        Sub("Evaluasi & Penetapan Pemenang", MA, DL),
        Sub("Tender Ulang/Batal/Gagal", ME),
        Sub("Paket/HPS/Pilih UKPBJ", ME),
    )),
    Cat("Non Tender & Pencatatan", T, (
        Sub("Pengadaan Langsung", MA, DL),
        Sub("Penunjukan Langsung", MA, DL),
        Sub("Pencatatan Non Tender", ME),
        Sub("Pencatatan Swakelola", ME),
        Sub("Pencatatan Pengadaan Darurat", ME),
    )),
    Cat("E-Kontrak", T, (
        Sub("SPPBJ", MA),
        Sub("Kontrak/SPK", MA),
        Sub("SPMK/SPP", ME),
        Sub("BAP/BAST", ME),
        Sub("Adendum Kontrak", ME),
        Sub("Nilai PDN/UMK", MI),
    )),
    Cat("Teknis Aplikasi", T, (
        Sub("Halaman Error / Kode Error", MA, DL),
        Sub("SPSE Tidak Dapat Diakses/Lambat", E, DL),
        Sub("Tampilan/Browser", MI),
        Sub("Domain/Redirect spse.inaproc.id", MA, DL),
    )),
    Cat("Informasi & Regulasi", NT, (
        Sub("Pertanyaan Penggunaan/Regulasi", MI),
        Sub("Usulan Fitur", MI),
    )),
)

SIRUP_TREE = (
    Cat("Akun & Pengguna", NT, (
        Sub("Reset Password PA/KPA/Admin RUP", ME),
        Sub("Verifikasi PPK oleh PA/KPA", ME),
        Sub("Mutasi/Salah OPD PPK", ME),
        Sub("Tambah Admin RUP/Kelola Pengguna PPE", ME),
    )),
    Cat("Struktur Anggaran", T, (
        Sub("Input/Ubah Program-Kegiatan (PKOK)", ME),
        Sub("Pagu Tidak Sesuai", ME),
        Sub("Sinkronisasi SIPD/SAKTI/RKA Gagal", MA),
    )),
    Cat("Paket RUP", T, (
        Sub("Input Paket Penyedia/Swakelola", ME),
        Sub("Finalisasi & Pengumuman RUP", MA),
        Sub("Revisi Paket (Satu ke Satu/Satu ke Banyak/Pembatalan)", ME),
        Sub("Delegasi Kegiatan ke PPK", ME),
    )),
    Cat("Integrasi", T, (
        Sub("Kode RUP Tidak Muncul di SPSE/e-Katalog", MA),
        Sub("Data Ganda/Tidak Sinkron", ME),
    )),
    Cat("Informasi", NT, (
        Sub("Pertanyaan Regulasi/Penggunaan", MI),
        Sub("Usulan Fitur", MI),
    )),
)

KATALOG_TREE = (
    Cat("Akun & Akses (v6)", NT, (
        Sub("Registrasi/Verifikasi Akses", ME),
        Sub("Hubungkan Akses Non Penyedia", ME),
        Sub("Tidak Bisa Login", MA),
    )),
    Cat("Produk (Penyedia)", NT, (
        Sub("Produk Tayang/Turun Tayang", ME),
        Sub("Ubah Harga/Stok", ME),
        Sub("Data TKDN/PDN Produk", MI),
        Sub("Kontrak Katalog/Masa Berlaku", ME),
    )),
    Cat("Paket & Negosiasi", T, (
        Sub("Buat Paket/Keranjang", ME),
        Sub("Negosiasi Gagal/Batal Otomatis", MA),
        Sub("Persetujuan PPK/Surat Pesanan", MA),
        Sub("Pilih RUP Paket", ME),
    )),
    Cat("Pengiriman & Pembayaran", T, (
        Sub("Konfirmasi Pengiriman/Penerimaan", ME),
        Sub("BAST", ME),
        Sub("Pembayaran/Pembayaran di Luar Sistem", ME),
        Sub("Adendum Pesanan", ME),
    )),
    Cat("Informasi", NT, (
        Sub("Pertanyaan Mekanisme e-Purchasing", MI),
        Sub("Pengaduan Non Teknis", MI),
    )),
)

SIKAP_TREE = (
    Cat("Registrasi & Verifikasi", NT, (
        Sub("Pendaftaran Penyedia", ME),
        Sub("Verifikasi Perubahan Data", ME),
        Sub("Ganti Lokasi Verifikasi LPSE", MI),
    )),
    Cat("Data Kualifikasi", NT, (
        Sub("Izin Usaha/NIB", ME),
        Sub("Akta/Pemilik/Pengurus", ME),
        Sub("Tenaga Ahli/Peralatan", ME),
        Sub("Pengalaman/Pajak", ME),
    )),
    Cat("Integrasi", T, (
        Sub("Data Tidak Tampil di SPSE/e-Katalog saat Tender", MA, DL),
        Sub("Kualifikasi Tidak Terkirim", MA, DL),
    )),
    Cat("Penilaian Kinerja", NT, (
        Sub("Nilai Kinerja Penyedia", ME),
        Sub("Daftar Hitam", MA),
    )),
    Cat("Teknis", T, (
        Sub("Error/Tidak Bisa Akses SIKaP", MA, DL),
    )),
)

INAPROC_TREE = (
    Cat("Akun Terpusat (akun.inaproc.id)", NT, (
        Sub("Registrasi & Verifikasi Profil", ME),
        Sub("Verifikasi Akses oleh VAI", ME),
        Sub("Reaktivasi Akses ASN", ME),
        Sub("Tidak Bisa Login SSO", MA, DL),
    )),
    Cat("Portal & Informasi", NT, (
        Sub("Pencarian Paket/Daftar LPSE", MI),
        Sub("Informasi Daftar Hitam", MI),
    )),
    Cat("Data & API", T, (
        Sub("Token/Akses API ISB/data.inaproc.id", ME),
        Sub("Data Tidak Sesuai", ME),
        Sub("Endpoint Error", MA),
    )),
    Cat("LPSE Support", T, (
        Sub("Tiket Tidak Terkirim/Notifikasi Email", ME),
        Sub("Salah Pilih LPSE/Aplikasi", MI),
    )),
    Cat("Layanan LPSE", NT, (
        Sub("Permintaan Pelatihan/Konsultasi", MI),
        Sub("Permintaan Dokumen/Surat", MI),
    )),
)

PORTAL_TREE = (
    Cat("Informasi LPSE", NT, (
        Sub("Data LPSE Tidak Sesuai", MI),
        Sub("Pencarian Paket/Pengumuman", MI),
    )),
    Cat("Teknis Portal", T, (
        Sub("Portal Tidak Dapat Diakses", MA),
        Sub("Tautan/Redirect LPSE Salah", ME),
    )),
)

OTHER_TREE = (
    Cat("Umum", NT, (
        Sub("Pertanyaan Umum", MI),
        Sub("Permintaan Informasi/Data", MI),
    )),
    Cat("Teknis", T, (
        Sub("Error Aplikasi", ME),
        Sub("Aplikasi Tidak Dapat Diakses", MA),
    )),
)


LPSE, DIRECTORATE = FirstLine.LPSE, FirstLine.DIRECTORATE

APPLICATIONS: tuple[AppSeed, ...] = (
    AppSeed("spse", "SPSE", "Sistem Pengadaan Secara Elektronik", "S", DIR_SPSE, LPSE,
            ("v4.3", "v4.4", "v4.5"), SPSE_TREE),
    AppSeed("sikap", "SIKaP", "Sistem Informasi Kinerja Penyedia", "K", DIR_SPSE, LPSE,
            ("v2",), SIKAP_TREE),
    AppSeed("e-katalog", "e-Purchasing / e-Katalog", "Katalog Elektronik dan e-Purchasing", "E",
            DIR_KATALOG, DIRECTORATE, ("v5", "v6"), KATALOG_TREE),
    AppSeed("sirup", "SiRUP", "Sistem Informasi Rencana Umum Pengadaan", "R", DIR_PERENCANAAN,
            DIRECTORATE, ("2.3", "2.4"), SIRUP_TREE),
    AppSeed("portal-eproc", "Portal eProc", "Portal eProc LKPP (eproc.lkpp.go.id)", "P", DIR_SPSE,
            LPSE, ("v2",), PORTAL_TREE),
    AppSeed("inaproc", "Inaproc", "Portal Pengadaan Nasional (Inaproc)", "I", DIR_SPSE,
            DIRECTORATE, ("v1",), INAPROC_TREE),
    AppSeed("lainnya", "Aplikasi Lainnya", "Aplikasi lain Kedeputian LKPP", "L", DIR_SPSE, LPSE,
            ("Umum",), OTHER_TREE),
)
# fmt: on

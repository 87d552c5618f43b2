"""FAQ articles about SIKaP, SiRUP, e-Katalog, Inaproc and LPSE Support itself (R-UI-6)."""

from __future__ import annotations

from lpse_support.demo.seed.faq_spse import FaqSeed

OTHER_FAQ: tuple[FaqSeed, ...] = (
    FaqSeed(
        "verifikasi-perubahan-data-sikap",
        "Verifikasi perubahan data di SIKaP",
        "sikap",
        "Registrasi & Verifikasi",
        "sikap, perubahan data, verifikasi, izin usaha, akta, lokasi verifikasi",
        """Perubahan data kualifikasi di SIKaP (izin usaha, akta, pengurus, tenaga ahli, peralatan)
diverifikasi oleh LPSE lokasi verifikasi perusahaan Anda.

1. Ubah data di SIKaP dan simpan.
2. Buat tiket di LPSE Support dengan judul "Verifikasi Perubahan Data", aplikasi SIKaP.
3. Lampirkan pindaian dokumen asli yang mendukung perubahan.

Setelah diverifikasi, data baru tampil saat Anda mengirim kualifikasi di tender berikutnya.""",
    ),
    FaqSeed(
        "data-sikap-tidak-tampil-saat-tender",
        "Data SIKaP tidak tampil saat kirim kualifikasi tender",
        "sikap",
        "Integrasi",
        "sikap, kualifikasi, tidak tampil, sinkron, kirim persyaratan",
        """Data yang tampil di formulir kualifikasi tender diambil dari SIKaP. Bila data tidak
muncul:

1. Pastikan data di SIKaP sudah tersimpan dan (bila perlu) sudah diverifikasi.
2. Keluar dari SPSE, login kembali, lalu buka lagi formulir kualifikasi.
3. Periksa bahwa masa berlaku izin usaha belum habis; data kedaluwarsa tidak ditampilkan.

Jika tahapan kirim kualifikasi segera berakhir dan data tetap tidak tampil, buat tiket dengan
kode tender dan tangkapan layar SIKaP serta formulir kualifikasi.""",
    ),
    FaqSeed(
        "paket-rup-tidak-muncul-di-spse",
        "Paket RUP tidak muncul saat membuat paket di SPSE",
        "sirup",
        "Integrasi",
        "rup tidak muncul, kode rup, sirup, buat paket, sinkronisasi",
        """PPK hanya dapat memilih paket RUP yang sudah diumumkan di SiRUP dan didelegasikan kepada
PPK tersebut.

1. Minta PA/KPA memastikan paket sudah difinalisasi dan diumumkan.
2. Pastikan kegiatan sudah didelegasikan ke akun PPK yang benar (periksa NIP).
3. Tunggu proses sinkronisasi SiRUP ke SPSE; biasanya beberapa jam, tidak seketika.

Bila setelah satu hari kerja paket tetap tidak muncul, buat tiket aplikasi SiRUP kategori
Integrasi, sebutkan Kode RUP, tahun anggaran dan satuan kerja.""",
    ),
    FaqSeed(
        "reset-password-pa-kpa-sirup",
        "Reset password PA/KPA atau Admin RUP di SiRUP",
        "sirup",
        "Akun & Pengguna",
        "sirup, password, pa, kpa, admin rup, admin ppe",
        """Akun PA/KPA dibuat dan direset oleh Admin RUP/Admin PPE instansi masing-masing. Hubungi
Admin RUP di instansi Anda terlebih dahulu.

Bila Admin RUP sendiri yang lupa password, ajukan tiket aplikasi SiRUP dengan melampirkan SK
penunjukan Admin RUP dan kartu identitas pegawai.""",
    ),
    FaqSeed(
        "revisi-paket-rup",
        "Revisi paket RUP yang sudah diumumkan",
        "sirup",
        "Paket RUP",
        "revisi rup, perubahan anggaran, satu ke banyak, pembatalan paket",
        """Paket yang sudah diumumkan diubah melalui menu Revisi, bukan dengan menghapus paket.
Pilih jenis revisi yang sesuai: satu ke satu (mengubah paket), satu ke banyak (memecah paket),
banyak ke satu, atau pembatalan.

Revisi pagu harus tetap sesuai dengan struktur anggaran. Bila pagu tidak cukup, perbarui dulu
struktur anggaran (program, kegiatan, sub kegiatan) sesuai dokumen anggaran terbaru.""",
    ),
    FaqSeed(
        "negosiasi-e-katalog-batal-otomatis",
        "Negosiasi e-Katalog batal otomatis",
        "e-katalog",
        "Paket & Negosiasi",
        "negosiasi, batal otomatis, e-purchasing, ppk, persetujuan",
        """Negosiasi yang tidak ditanggapi PPK lebih dari tiga hari kerja dibatalkan otomatis oleh
sistem. Paket yang sudah batal tidak dapat dihidupkan kembali.

Buat paket baru dari keranjang dan lanjutkan negosiasi. Agar tidak terulang, PPK disarankan
memantau notifikasi dan menyelesaikan persetujuan sebelum batas waktu.""",
    ),
    FaqSeed(
        "registrasi-akses-katalog-v6",
        "Registrasi dan verifikasi akses e-Katalog v6",
        "e-katalog",
        "Akun & Akses (v6)",
        "katalog v6, akses, registrasi, verifikator akses instansi, vai",
        """e-Katalog v6 memakai akun terpusat akun.inaproc.id. Setelah profil terdaftar, ajukan
akses sesuai peran (PPK, PP, Bendahara, Penyedia). Akses pegawai instansi disetujui oleh Verifikator
Akses Instansi (VAI) di instansi Anda.

Jika pengajuan belum diproses, hubungi VAI instansi Anda terlebih dahulu sebelum membuat tiket.""",
    ),
    FaqSeed(
        "reaktivasi-akses-asn-inaproc",
        "Reaktivasi akses ASN di akun.inaproc.id",
        "inaproc",
        "Akun Terpusat (akun.inaproc.id)",
        "reaktivasi, akses asn, inaproc, sk, surat tugas",
        """Akses ASN yang dinonaktifkan dapat diajukan reaktivasi di akun.inaproc.id dengan
mengunggah SK atau surat tugas (maksimal 2 MB). Pengajuan diproses oleh VAI, umumnya dalam
3x24 jam.

Pastikan pindaian terbaca jelas dan masih berlaku; pengajuan dengan dokumen kedaluwarsa akan
ditolak.""",
    ),
    FaqSeed(
        "cara-membuat-tiket-yang-cepat-ditangani",
        "Cara membuat tiket yang cepat ditangani",
        None,
        None,
        "buat tiket, judul, lampiran, kode tender, prioritas",
        """1. Tulis judul yang jelas, sebutkan pelaku dan masalahnya, misalnya
   "CV. Melati tidak bisa login SIKaP".
2. Pilih aplikasi, versi, kategori dan sub kategori yang paling sesuai.
3. Isi Kode Tender bila masalah terkait paket tertentu: jadwal tahapan dan nilai HPS ikut
   menentukan prioritas.
4. Jelaskan langkah yang dilakukan, pesan error, dan identitas (User ID, NPWP perusahaan).
5. Lampirkan tangkapan layar atau rekaman layar. Jangan melampirkan password.

Satu tiket untuk satu masalah. Pantau tiket dan tanggapi permintaan feedback secepatnya.""",
    ),
    FaqSeed(
        "bagaimana-prioritas-tiket-ditentukan",
        "Bagaimana prioritas tiket ditentukan?",
        None,
        None,
        "prioritas, emergency, major, medium, minor, sla",
        """Prioritas (Emergency, Major, Medium, Minor) dihitung otomatis, tidak dipilih pelapor.

- Dasarnya adalah prioritas bawaan sub kategori.
- Bila tiket mencantumkan kode tender dan tahapan saat ini berakhir dalam 24 jam, prioritas
  naik dua tingkat; dalam 72 jam naik satu tingkat (untuk sub kategori yang terkait tenggat).
- Paket dengan HPS Rp10 miliar atau lebih naik satu tingkat.

Alasan perhitungan ditampilkan di detail tiket. Setiap prioritas memiliki target waktu respons
dan penyelesaian dalam jam kerja (Senin–Jumat 08.00–16.00).""",
    ),
)

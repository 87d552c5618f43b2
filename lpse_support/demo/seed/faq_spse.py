"""FAQ articles about SPSE (R-UI-6). Plain text: blank lines separate paragraphs."""

from __future__ import annotations

from typing import NamedTuple


class FaqSeed(NamedTuple):
    slug: str
    title: str
    application: str | None
    category: str | None
    keywords: str
    body: str


SPSE_FAQ: tuple[FaqSeed, ...] = (
    FaqSeed(
        "reset-password-akun-spse",
        "Lupa password akun SPSE, bagaimana cara reset?",
        "spse",
        "Akun & Login",
        "lupa password, reset password, ganti kata sandi, user id",
        """Penyedia: klik "Lupa Password" di halaman login SPSE LPSE tempat Anda terdaftar, lalu
masukkan User ID dan email yang terdaftar. Tautan reset dikirim ke email tersebut; periksa juga
folder spam. Tautan hanya berlaku sebentar, jadi segera gunakan.

PPK, Pokja, PP dan KUPPBJ: password direset oleh Admin Agency LPSE yang membuat akun Anda. Kirim
tiket ke Helpdesk LPSE dengan melampirkan SK/surat tugas dan kartu identitas pegawai.

Bila LPSE Anda sudah memakai akun terpusat (akun.inaproc.id), reset password dilakukan di
akun.inaproc.id, bukan di SPSE.

Jangan pernah mengirim password Anda dalam deskripsi tiket.""",
    ),
    FaqSeed(
        "akun-spse-terkunci-tidak-bisa-login",
        "Akun SPSE terkunci atau tidak bisa login",
        "spse",
        "Akun & Login",
        "akun terkunci, tidak bisa login, user id salah, blokir",
        """Setelah beberapa kali salah password, akun dikunci sementara. Tunggu beberapa menit lalu
coba lagi dengan password yang benar, atau lakukan reset password.

Pastikan Anda membuka alamat LPSE yang benar (sekarang spse.inaproc.id/<nama-lpse>) dan User ID
diketik tanpa spasi. Hapus cache dan cookie browser bila halaman login terus kembali ke awal.

Jika tetap gagal, buat tiket dengan kategori Akun & Login, sertakan User ID, nama perusahaan atau
instansi, dan tangkapan layar pesan error. Bila tahapan tender Anda segera berakhir, sebutkan kode
tendernya: prioritas tiket dinaikkan otomatis.""",
    ),
    FaqSeed(
        "aktivasi-totp-spse-authenticator",
        "Kode TOTP SPSE Authenticator selalu ditolak",
        "spse",
        "Akun & Login",
        "totp, 2fa, spse authenticator, kode otp, verifikasi dua langkah",
        """SPSE 4.5 mendukung verifikasi dua langkah dengan aplikasi Android "SPSE Authenticator".
Kode TOTP dihitung dari jam ponsel, sehingga penyebab paling umum kode ditolak adalah jam ponsel
yang tidak tepat.

1. Aktifkan "Tanggal & waktu otomatis" di pengaturan ponsel.
2. Pastikan akun yang dipakai di aplikasi sama dengan User ID yang sedang login.
3. Masukkan kode sebelum berganti (setiap 30 detik).

Jika ponsel hilang atau diganti, minta reset TOTP melalui tiket ke Helpdesk LPSE dengan
melampirkan identitas dan surat permohonan.""",
    ),
    FaqSeed(
        "gagal-upload-dokumen-penawaran",
        "Gagal upload / kirim dokumen penawaran",
        "spse",
        "Tender/Seleksi – Penyedia",
        "upload penawaran, kirim penawaran, gagal upload, apendo, rhs",
        """Periksa dulu hal-hal berikut sebelum membuat tiket:

1. Tahapan "Upload Dokumen Penawaran" masih berjalan (lihat jadwal di halaman tender).
2. File penawaran adalah file .rhs hasil enkripsi Apendo untuk paket yang sama.
3. Koneksi stabil; hindari upload melalui jaringan seluler yang sering putus.
4. Ukuran file wajar: kompres hasil pindaian, jangan memasukkan file yang tidak diminta.
5. Gunakan browser terbaru dan nonaktifkan ekstensi pemblokir.

Upload ulang akan menggantikan file sebelumnya. Bila tetap gagal, segera buat tiket dengan
kode tender, tangkapan layar pesan error dan jam kejadian. Jangan menunggu menit terakhir:
tiket dengan tahapan yang berakhir dalam 24 jam otomatis berprioritas Emergency.""",
    ),
    FaqSeed(
        "apendo-file-rhs-tidak-bisa-dibuka",
        "Apendo: file .rhs tidak bisa dibuka oleh Pokja",
        "spse",
        "Tender/Seleksi – Penyedia",
        "apendo, rhs, enkripsi, dekripsi, kunci publik, uji forensik, spamkodok",
        """File .rhs dibuat oleh Apendo Peserta dan terikat pada kunci publik paket. Pokja
membukanya dengan Apendo Panitia memakai kunci privat per peserta yang ditampilkan SPSE.

Penyebab umum file tidak bisa dibuka:
- identitas digital yang ditempel di Apendo berasal dari paket atau perusahaan lain;
- jumlah file terlalu banyak atau ukurannya terlalu besar;
- nama file terlalu panjang atau berisi karakter yang tidak lazim;
- User ID penyedia mengandung karakter aneh.

Penyedia sebaiknya selalu memakai fitur cek enkripsi di Apendo sebelum upload. Bila file tetap
tidak bisa dibuka, Pokja mengajukan Uji Forensik ke LKPP melalui tiket di LPSE, dengan
melampirkan file .rhs dan berita acara pembukaan.""",
    ),
    FaqSeed(
        "perubahan-email-npwp-bentuk-usaha",
        "Perubahan email, NPWP atau bentuk usaha penyedia",
        "spse",
        "Akun & Login",
        "ganti email, ubah npwp, bentuk usaha, cv menjadi pt, verifikasi",
        """Email, NPWP dan bentuk usaha tidak dapat diubah sendiri oleh penyedia. Ajukan perubahan
ke LPSE tempat perusahaan Anda diverifikasi:

1. Buat tiket dengan judul "Verifikasi Perubahan Data - <nama perusahaan>".
2. Lampirkan surat permohonan bermeterai yang ditandatangani direktur, akta perubahan (untuk
   bentuk usaha), kartu NPWP baru, dan KTP direktur.
3. Verifikator LPSE memeriksa dokumen asli bila diperlukan, lalu memproses perubahan.

Perubahan tidak dapat dilakukan saat perusahaan sedang mengikuti tahapan penawaran.""",
    ),
    FaqSeed(
        "jadwal-tahapan-tender-perlu-diubah",
        "Jadwal tahapan tender perlu diubah",
        "spse",
        "Tender/Seleksi – Pokja/PPK",
        "ubah jadwal, jadwal tahapan, perpanjangan, pemberian penjelasan, adendum",
        """Pokja dapat mengubah jadwal tahapan yang belum berakhir melalui menu Jadwal di halaman
tender, dengan mengisi alasan perubahan. Jadwal yang sudah lewat tidak dapat diubah.

Tahapan yang sudah selesai tetapi perlu diulang (misalnya pemberian penjelasan gagal karena
gangguan) memerlukan bantuan LPSE. Buat tiket dengan kode tender, tahapan yang dimaksud,
jadwal baru yang diusulkan dan berita acara atau nota dinas dari Pokja.""",
    ),
    FaqSeed(
        "halaman-error-kode-error-spse",
        'Muncul "Maaf, terjadi error pada aplikasi SPSE"',
        "spse",
        "Teknis Aplikasi",
        "kode error, halaman error, error aplikasi, terjadi error",
        """Halaman error SPSE menampilkan Kode Error sembilan karakter. Kode ini membantu tim teknis
menemukan kejadian di log server.

Saat membuat tiket:
1. Isi kolom Kode Error persis seperti yang tampil.
2. Tulis langkah yang Anda lakukan sebelum error muncul dan jam kejadiannya.
3. Lampirkan tangkapan layar satu halaman penuh, termasuk alamat di browser.

Coba juga ulangi langkah yang sama di browser lain; bila berhasil, masalahnya ada di cache
browser.""",
    ),
    FaqSeed(
        "spse-domain-terpusat-spse-inaproc-id",
        "Alamat SPSE berubah ke spse.inaproc.id",
        "spse",
        "Teknis Aplikasi",
        "domain, redirect, spse.inaproc.id, alamat lpse, bookmark",
        """Sejak domain terpusat berlaku, SPSE setiap LPSE diakses di spse.inaproc.id/<nama-lpse>,
misalnya spse.inaproc.id/lkpp. Alamat lama akan dialihkan otomatis.

Perbarui bookmark Anda. Jika pengalihan berputar-putar atau menampilkan LPSE yang salah, hapus
cookie untuk domain lama dan coba lagi. Bila tetap gagal, buat tiket dengan alamat lengkap yang
Anda buka dan tangkapan layarnya.""",
    ),
    FaqSeed(
        "cara-mengirim-sanggah",
        "Tidak bisa mengirim sanggah",
        "spse",
        "Tender/Seleksi – Penyedia",
        "sanggah, sanggah banding, masa sanggah, keberatan",
        """Sanggah hanya dapat dikirim oleh peserta yang menyampaikan penawaran, selama tahapan
"Masa Sanggah" berjalan. Tombol kirim sanggah tidak tampil di luar jadwal tersebut.

Pastikan Anda login dengan akun perusahaan yang mengikuti tender dan cek jadwal di halaman
tender. Jika tombol tidak muncul padahal masa sanggah masih berjalan, segera buat tiket dengan
kode tender dan tangkapan layar halaman tender.""",
    ),
)

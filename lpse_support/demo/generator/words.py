"""Indonesian-looking ticket texts for ``generate_tickets``: titles, descriptions, messages and
names built from word lists, so the lists and the full-text search have something to find."""

from __future__ import annotations

import random

SUBJECTS = (
    "Tidak bisa upload dokumen penawaran",
    "Gagal login ke aplikasi",
    "Jadwal tahapan tidak muncul",
    "Error saat kirim penawaran",
    "Lupa password akun",
    "Data paket tidak sinkron",
    "Tombol simpan tidak berfungsi",
    "Dokumen pemilihan tidak dapat diunduh",
    "Verifikasi akun penyedia tertunda",
    "Aplikasi lambat saat evaluasi",
    "Kesalahan nilai HPS pada paket",
    "Sertifikat elektronik kedaluwarsa",
    "Apendo tidak bisa membuka file",
    "Notifikasi email tidak diterima",
    "Halaman kosong setelah login",
    "Gagal membuat kontrak",
    "Pokja tidak bisa menetapkan pemenang",
    "Produk katalog tidak tampil",
    "RUP belum terumumkan",
    "Perubahan jadwal tender ditolak",
)
OBJECTS = (
    "pada tender",
    "di paket pengadaan",
    "untuk paket konstruksi",
    "untuk pengadaan barang",
    "pada seleksi jasa konsultansi",
    "di e-purchasing",
    "untuk pengadaan langsung",
    "pada paket swakelola",
)
CONTEXTS = (
    "tahap pemasukan penawaran",
    "tahap evaluasi",
    "tahap pembuktian kualifikasi",
    "masa sanggah",
    "penandatanganan kontrak",
    "pengumuman pemenang",
    "pendaftaran akun",
    "akhir tahun anggaran",
)
OPENINGS = (
    "Selamat pagi, mohon bantuan.",
    "Dengan hormat, kami mengalami kendala.",
    "Mohon arahan dari helpdesk.",
    "Kami sudah mencoba beberapa kali namun tetap gagal.",
    "Permasalahan ini terjadi sejak kemarin sore.",
)
DETAILS = (
    "Muncul pesan error ketika menekan tombol kirim dan halaman kembali ke awal.",
    "Sudah mencoba browser lain dan membersihkan cache tetapi hasilnya sama.",
    "File berukuran kecil dan berformat PDF sesuai ketentuan dokumen pemilihan.",
    "Jadwal pada aplikasi berbeda dengan jadwal yang diumumkan di portal.",
    "Penyedia tidak dapat melihat paket meskipun sudah terdaftar dan terverifikasi.",
    "Koneksi internet kantor stabil dan aplikasi lain berjalan normal.",
    "Waktu penutupan tahapan tinggal sebentar lagi sehingga kami khawatir terlambat.",
    "Nilai yang tampil tidak sesuai dengan dokumen anggaran yang disahkan.",
    "Akun terkunci setelah beberapa kali salah memasukkan kata sandi.",
    "Tangkapan layar kesalahan sudah kami lampirkan untuk pemeriksaan.",
)
CLOSINGS = (
    "Terima kasih atas bantuannya.",
    "Mohon segera ditindaklanjuti.",
    "Atas perhatiannya kami ucapkan terima kasih.",
    "Kami tunggu kabar selanjutnya.",
)
REPLIES = {
    "resolve": (
        "Permasalahan sudah kami perbaiki, silakan dicoba kembali.",
        "Data paket telah disinkronkan ulang dan jadwal sudah tampil.",
        "Akun sudah dibuka kembali, silakan login menggunakan kata sandi baru.",
        "Dokumen sudah dapat diunggah setelah perbaikan konfigurasi server.",
    ),
    "request_feedback": (
        "Mohon kirimkan tangkapan layar pesan error beserta kode tender.",
        "Mohon informasikan browser dan versi yang digunakan saat kendala terjadi.",
        "Mohon lampirkan dokumen yang gagal diunggah untuk kami periksa.",
    ),
    "give_feedback": (
        "Berikut kami lampirkan tangkapan layar dan kode tender terkait.",
        "Kami menggunakan browser terbaru dan kendala masih terjadi.",
    ),
    "escalate": (
        "Kendala memerlukan penanganan lebih lanjut oleh tim di tingkat berikutnya.",
        "Diteruskan karena memerlukan akses basis data pusat untuk perbaikan.",
    ),
    "reject": (
        "Masalah belum terselesaikan, pesan error yang sama masih muncul.",
        "Setelah dicoba kembali jadwal masih belum tampil di aplikasi.",
    ),
}
RATING_MESSAGES = (
    "",
    "",
    "Terima kasih, penanganan cepat.",
    "Petugas sangat membantu.",
    "Respons agak lama namun masalah selesai.",
)
FIRST_NAMES = (
    "Andi", "Budi", "Citra", "Dewi", "Eko", "Fitri", "Gilang", "Hendra", "Indah", "Joko",
    "Kartika", "Lukman", "Maya", "Nanda", "Oki", "Putri", "Rizky", "Sari", "Teguh", "Wulan",
    "Yusuf", "Zahra", "Agus", "Bambang", "Dian", "Fajar", "Hadi", "Ratna", "Siti", "Wahyu",
)  # fmt: skip
LAST_NAMES = (
    "Saputra", "Wijaya", "Lestari", "Pratama", "Hidayat", "Nugroho", "Kurniawan", "Rahmawati",
    "Santoso", "Setiawan", "Siregar", "Harahap", "Syahputra", "Utami", "Gunawan", "Halim",
    "Pangestu", "Sinaga", "Tanjung", "Purba",
)  # fmt: skip

# A word that occurs in many titles and descriptions (the benchmark's free-text query).
SEARCH_WORD = "jadwal"


def title(rng: random.Random, tender_code: str) -> str:
    text = f"{rng.choice(SUBJECTS)} {rng.choice(OBJECTS)}"
    if tender_code:
        text += f" {tender_code}"
    return f"{text} ({rng.choice(CONTEXTS)})"[:100]


def description(rng: random.Random) -> str:
    details = rng.sample(DETAILS, 2)
    return f"{rng.choice(OPENINGS)} {details[0]} {details[1]} {rng.choice(CLOSINGS)}"


def reply(rng: random.Random, action: str) -> str:
    return rng.choice(REPLIES[action])


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"

"""A small FAQ: two applications with a category each, five published articles and a draft."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from lpse_support.catalog.models import Application, Category
from lpse_support.faq.models import FaqArticle
from tests.support.factories import ApplicationFactory, CategoryFactory


def make_article(slug: str, title: str, **fields: Any) -> FaqArticle:
    fields.setdefault("body", "Isi artikel.")
    return FaqArticle.objects.create(slug=slug, title=title, **fields)


@dataclass
class Faq:
    spse: Application
    sirup: Application
    login: Category
    upload: Category
    rup: Category
    reset: FaqArticle
    locked: FaqArticle
    apendo: FaqArticle
    rup_missing: FaqArticle
    general: FaqArticle
    draft: FaqArticle


def build_faq() -> Faq:
    spse = cast(Application, ApplicationFactory(code="spse", name="SPSE", order=1))
    sirup = cast(Application, ApplicationFactory(code="sirup", name="SiRUP", order=2))
    login = cast(Category, CategoryFactory(application=spse, name="Akun & Login", order=1))
    upload = cast(Category, CategoryFactory(application=spse, name="Tender – Penyedia", order=2))
    rup = cast(Category, CategoryFactory(application=sirup, name="Integrasi", order=1))
    return Faq(
        spse=spse,
        sirup=sirup,
        login=login,
        upload=upload,
        rup=rup,
        reset=make_article(
            "reset-password-spse",
            "Lupa password akun SPSE, bagaimana cara reset?",
            application=spse,
            category=login,
            keywords="lupa password, reset, kata sandi",
            body="Klik Lupa Password di halaman login SPSE.\n\nTautan reset dikirim ke email.",
            order=1,
        ),
        locked=make_article(
            "akun-terkunci",
            "Akun SPSE terkunci atau tidak bisa login",
            application=spse,
            category=login,
            keywords="akun terkunci, blokir",
            body="Setelah beberapa kali salah password, akun dikunci sementara.",
            order=2,
        ),
        apendo=make_article(
            "apendo-gagal-upload",
            "Gagal upload dokumen penawaran dengan Apendo",
            application=spse,
            category=upload,
            keywords="apendo, upload, penawaran",
            body="Periksa ukuran file dan koneksi sebelum upload penawaran.",
            order=3,
        ),
        rup_missing=make_article(
            "paket-rup-tidak-muncul",
            "Paket RUP tidak muncul di SPSE",
            application=sirup,
            category=rup,
            keywords="rup, sinkronisasi",
            body="Tunggu sinkronisasi SiRUP ke SPSE beberapa jam.",
            order=4,
        ),
        general=make_article(
            "cara-membuat-tiket",
            "Cara membuat tiket yang cepat ditangani",
            keywords="tiket, judul, lampiran",
            body="Tulis judul yang jelas dan lampirkan tangkapan layar.",
            order=5,
        ),
        draft=make_article(
            "draf-rahasia-password",
            "Draf: password rahasia admin",
            application=spse,
            category=login,
            body="Belum boleh dibaca pengguna.",
            published=False,
            order=6,
        ),
    )

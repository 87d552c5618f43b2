"""FAQ LPSE Support list (R-UI-6): grouped by application, filters in the URL, multi-word
case-insensitive search, drafts only for admins, pagination, a bounded number of queries."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from tests.support.faq_world import Faq, make_article

pytestmark = pytest.mark.django_db


def slugs(response: Any) -> list[str]:
    return re.findall(r'data-faq-article="([^"]+)"', response.content.decode())


def test_requires_login(client: Client, faq: Faq) -> None:
    response = client.get("/faq/")
    assert response.status_code == 302
    assert response["Location"] == "/akun/masuk/?next=/faq/"


def test_lists_published_articles_grouped_by_application(user_client: Client, faq: Faq) -> None:
    response = user_client.get("/faq/")
    html = response.content.decode()
    assert response.status_code == 200
    assert slugs(response) == [
        "reset-password-spse",
        "akun-terkunci",
        "apendo-gagal-upload",
        "paket-rup-tidak-muncul",
        "cara-membuat-tiket",
    ]
    assert "draf-rahasia-password" not in html
    headings = re.findall(r'<h2 class="h6[^"]*" id="faq-group-\d+">\s*<i[^>]*></i> ([^<]+)', html)
    assert [h.strip() for h in headings] == ["SPSE", "SiRUP", "Umum"]
    assert 'data-menu="faq" href="/faq/" aria-current="page"' in html
    assert "Masih butuh bantuan?" in html


def test_admin_sees_drafts_marked(superuser_client: Client, faq: Faq) -> None:
    response = superuser_client.get("/faq/")
    assert "draf-rahasia-password" in slugs(response)
    assert "Belum terbit" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"aplikasi": "sirup"}, ["paket-rup-tidak-muncul"]),
        ({"kategori": "upload"}, ["apendo-gagal-upload"]),
        ({"aplikasi": "spse", "kategori": "login"}, ["reset-password-spse", "akun-terkunci"]),
        # A category of another application is dropped: the chosen application wins.
        ({"aplikasi": "sirup", "kategori": "login"}, ["paket-rup-tidak-muncul"]),
        ({"q": "PASSWORD"}, ["reset-password-spse", "akun-terkunci"]),
        ({"q": "password  reset"}, ["reset-password-spse"]),
        ({"q": "akun, login!"}, ["reset-password-spse", "akun-terkunci"]),
        ({"q": "sinkronisasi"}, ["paket-rup-tidak-muncul"]),  # a keyword, not in the title
        ({"q": "password", "aplikasi": "sirup"}, []),
    ],
)
def test_filters_and_search(
    user_client: Client, faq: Faq, query: dict[str, str], expected: list[str]
) -> None:
    params = dict(query)
    if "kategori" in params:
        params["kategori"] = str(getattr(faq, params["kategori"]).pk)
    response = user_client.get("/faq/", params)
    assert response.status_code == 200
    assert slugs(response) == expected


def test_search_never_finds_a_draft(user_client: Client, faq: Faq) -> None:
    assert "draf-rahasia-password" not in slugs(user_client.get("/faq/", {"q": "rahasia"}))


def test_no_result_says_so_in_indonesian(user_client: Client, faq: Faq) -> None:
    response = user_client.get("/faq/", {"q": "password kucing"})
    html = response.content.decode()
    assert slugs(response) == []
    assert "Tidak ada artikel yang cocok dengan pencarian Anda." in html
    assert 'href="/faq/">Hapus filter' in html


def test_filters_stay_in_the_form(user_client: Client, faq: Faq) -> None:
    html = user_client.get("/faq/", {"q": "akun <b>", "aplikasi": "spse"}).content.decode()
    assert 'value="akun &lt;b&gt;"' in html
    assert '<option value="spse" selected>SPSE</option>' in html
    assert "<b>" not in html.split('role="search"')[1].split("</form>")[0]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"aplikasi": "tidak-ada"}, "Aplikasi tidak ditemukan; filter aplikasi diabaikan."),
        ({"kategori": "abc"}, "Kategori tidak ditemukan; filter kategori diabaikan."),
        ({"q": "x" * 201}, "Kata pencarian maksimal 200 karakter."),
    ],
)
def test_bad_filter_says_why_and_is_ignored(
    user_client: Client, faq: Faq, query: dict[str, str], message: str
) -> None:
    response = user_client.get("/faq/", query)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert len(slugs(response)) == 5


def test_pagination_keeps_the_filter(user_client: Client, faq: Faq) -> None:
    for n in range(12):
        make_article(f"spse-tambahan-{n}", f"Tambahan SPSE {n:02d}", application=faq.spse)
    first = user_client.get("/faq/", {"aplikasi": "spse"})
    html = first.content.decode()
    assert len(slugs(first)) == 10
    assert "Menampilkan artikel 1–10 dari 15" in html
    assert 'href="?aplikasi=spse&amp;page=2"' in html
    second = user_client.get("/faq/", {"aplikasi": "spse", "page": "2"})
    assert len(slugs(second)) == 5
    assert not set(slugs(first)) & set(slugs(second))
    # A garbled or too-large page number shows a real page rather than an error.
    assert user_client.get("/faq/", {"page": "zzz"}).status_code == 200
    assert slugs(user_client.get("/faq/", {"aplikasi": "spse", "page": "99"})) == slugs(second)


def test_list_query_budget(
    user_client: Client, faq: Faq, django_assert_max_num_queries: Any
) -> None:
    for n in range(30):
        make_article(f"massal-{n}", f"Artikel massal {n}", application=faq.spse, category=faq.login)
    with django_assert_max_num_queries(9):
        response = user_client.get("/faq/", {"q": "artikel", "aplikasi": "spse"})
    assert len(slugs(response)) == 10


def test_list_refuses_post(user_client: Client, faq: Faq) -> None:
    assert user_client.post("/faq/").status_code == 405

"""The FAQ article page (R-UI-6): escaped body with paragraphs and lists, related articles,
links back to the list and to Buat Tiket Baru; drafts only for admins, who also see how often
the article was opened from a suggestion."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from lpse_support.faq.models import FaqSuggestionOpen
from tests.support.faq_world import Faq, make_article
from tests.support.two_factor import login_verified
from tests.support.users import make_user

pytestmark = pytest.mark.django_db


def test_article_page(user_client: Client, faq: Faq) -> None:
    response = user_client.get("/faq/artikel/reset-password-spse/")
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        '<h1 class="h3 mb-3" id="faq-title">Lupa password akun SPSE, bagaimana cara reset?</h1>'
        in html
    )
    assert (
        "<p>Klik Lupa Password di halaman login SPSE.</p><p>Tautan reset dikirim ke email.</p>"
        in html
    )
    assert 'href="/faq/?aplikasi=spse">SPSE</a>' in html
    assert f'href="/faq/?kategori={faq.login.pk}">' in html
    assert "Akun &amp; Login" in html
    assert 'href="/faq/"' in html and "Kembali ke daftar FAQ" in html
    assert "Masih butuh bantuan?" in html and 'href="/tiket/baru/"' in html
    assert 'data-menu="faq" href="/faq/" aria-current="page"' in html
    assert "data-faq-admin" not in html


def test_body_is_escaped(user_client: Client, faq: Faq) -> None:
    make_article(
        "xss",
        'Judul <img src=x onerror="alert(1)">',
        body=(
            '<script>alert("x")</script>\n- <b>tebal</b> & "kutip"\n\n'
            '**Penting**: <a href="j">x</a>'
        ),
    )
    html = user_client.get("/faq/artikel/xss/").content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>tebal" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<li>&lt;b&gt;tebal&lt;/b&gt; &amp; &quot;kutip&quot;</li>" in html
    assert "<strong>Penting</strong>: &lt;a href=&quot;j&quot;&gt;x&lt;/a&gt;" in html
    assert "Judul &lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_related_articles_same_category_first(user_client: Client, faq: Faq) -> None:
    html = user_client.get("/faq/artikel/reset-password-spse/").content.decode()
    related = html.split('id="faq-related-title"')[1]
    links = re.findall(r'href="/faq/artikel/([^/]+)/"', related)
    # Same category first, then the rest of the application; never itself, drafts or SiRUP.
    assert links == ["akun-terkunci", "apendo-gagal-upload"]


def test_general_article_relates_to_general_ones(user_client: Client, faq: Faq) -> None:
    make_article("umum-lain", "Artikel umum lain")
    html = user_client.get("/faq/artikel/cara-membuat-tiket/").content.decode()
    related = html.split('id="faq-related-title"')[1]
    assert re.findall(r'href="/faq/artikel/([^/]+)/"', related) == ["umum-lain"]


def test_draft_is_hidden_from_users_and_shown_to_admins(
    client: Client, user_client: Client, faq: Faq
) -> None:
    assert user_client.get("/faq/artikel/draf-rahasia-password/").status_code == 404
    assert user_client.get("/faq/artikel/tidak-ada/").status_code == 404
    login_verified(client, make_user(is_superuser=True, is_staff=True))
    response = client.get("/faq/artikel/draf-rahasia-password/")
    assert response.status_code == 200
    assert "Belum terbit" in response.content.decode()


def test_admin_sees_the_suggestion_open_count(superuser_client: Client, faq: Faq) -> None:
    for _ in range(3):
        FaqSuggestionOpen.objects.create(article=faq.reset, typed_title="lupa password")
    FaqSuggestionOpen.objects.create(article=faq.locked)
    html = superuser_client.get("/faq/artikel/reset-password-spse/").content.decode()
    assert 'data-suggestion-opens="3"' in html
    assert f'/admin/faq/faqsuggestionopen/?article__id__exact={faq.reset.pk}"' in html


def test_admin_article_list_shows_the_count(superuser_client: Client, faq: Faq) -> None:
    FaqSuggestionOpen.objects.create(article=faq.reset, typed_title="lupa password")
    FaqSuggestionOpen.objects.create(article=faq.reset, typed_title="reset password")
    html = superuser_client.get("/admin/faq/faqarticle/").content.decode()
    assert "Dibuka dari saran" in html
    assert f'?article__id__exact={faq.reset.pk}">2</a>' in html
    opens = superuser_client.get(
        "/admin/faq/faqsuggestionopen/", {"article__id__exact": faq.reset.pk}
    )
    assert opens.status_code == 200
    assert "reset password" in opens.content.decode()
    assert superuser_client.get("/admin/faq/faqsuggestionopen/add/").status_code == 403


def test_article_requires_login(client: Client, faq: Faq) -> None:
    response = client.get("/faq/artikel/reset-password-spse/")
    assert response.status_code == 302


@pytest.mark.parametrize(
    "url",
    [
        "/faq/",
        "/faq/?q=password",
        "/faq/artikel/reset-password-spse/",
        "/faq/saran/?title=password",
    ],
)
def test_pages_have_no_inline_code(superuser_client: Client, faq: Faq, url: str) -> None:
    from tests.core.test_security_headers import _assert_csp, _assert_no_inline_code

    response = superuser_client.get(url)
    assert response.status_code == 200
    _assert_csp(response)
    _assert_no_inline_code(url, response.content.decode())

"""Suggestions under the Judul of Buat Tiket Baru (R-UI-6) and the POST that records a
suggestion opened. No GET changes anything."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from lpse_support.faq.models import FaqSuggestionOpen
from lpse_support.faq.selectors import suggestion_words
from tests.support.faq_world import Faq, make_article

pytestmark = pytest.mark.django_db
URL = "/faq/saran/"


def suggested(response: Any) -> list[str]:
    return re.findall(r'data-faq-suggestion="([^"]+)"', response.content.decode())


def test_suggests_matching_published_articles_best_first(user_client: Client, faq: Faq) -> None:
    response = user_client.get(URL, {"title": "Lupa password akun SPSE", "application": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mungkin artikel ini menjawab masalah Anda:" in html
    # Title hits count most; the draft (also about a password) is never suggested.
    assert suggested(response) == ["reset-password-spse", "akun-terkunci"]
    assert 'formaction="/faq/artikel/reset-password-spse/buka/"' in html
    assert 'form="faq-open-form"' in html and 'formtarget="_blank"' in html
    assert 'name="judul" value="Lupa password akun SPSE"' in html


def test_an_application_name_alone_suggests_nothing(user_client: Client, faq: Faq) -> None:
    # "SPSE" is in most titles: it names the application, not the problem.
    assert suggested(user_client.get(URL, {"title": "Masalah di SPSE"})) == []
    assert suggested(user_client.get(URL, {"title": "sirup SPSE"})) == []
    assert suggested(user_client.get(URL, {"title": "SPSE terkunci"})) == ["akun-terkunci"]


def test_the_chosen_application_narrows_to_it_and_general_articles(
    user_client: Client, faq: Faq
) -> None:
    title = "tiket paket password"
    everywhere = suggested(user_client.get(URL, {"title": title}))
    assert everywhere == ["reset-password-spse", "paket-rup-tidak-muncul", "cara-membuat-tiket"]
    narrowed = suggested(user_client.get(URL, {"title": title, "application": str(faq.spse.pk)}))
    assert narrowed == ["reset-password-spse", "cara-membuat-tiket"]
    # A garbled application is ignored, not an error.
    garbled = user_client.get(URL, {"title": title, "application": "x"})
    assert suggested(garbled) == everywhere


def test_at_most_five(user_client: Client, faq: Faq) -> None:
    for n in range(8):
        make_article(f"upload-{n}", f"Upload gagal nomor {n}", keywords="upload")
    assert len(suggested(user_client.get(URL, {"title": "upload gagal"}))) == 5


@pytest.mark.parametrize("title", ["", "  ", "pa", "SP ", "yang dan di", "\x00\x00\x00"])
def test_nothing_for_short_or_empty_titles(
    user_client: Client, faq: Faq, title: str, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(2):  # the session and the user, no FAQ query
        response = user_client.get(URL, {"title": title})
    assert response.status_code == 200
    assert response.content.decode().strip() == ""


def test_unrelated_title_suggests_nothing(user_client: Client, faq: Faq) -> None:
    assert suggested(user_client.get(URL, {"title": "Printer kantor macet"})) == []


def test_html_in_the_title_is_escaped(user_client: Client, faq: Faq) -> None:
    html = user_client.get(URL, {"title": 'password "><script>x</script>'}).content.decode()
    assert "<script>" not in html
    assert 'value="password &quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in html


def test_suggestion_query_budget(
    user_client: Client, faq: Faq, django_assert_max_num_queries: Any
) -> None:
    for n in range(20):
        make_article(f"massal-{n}", f"Password massal {n}", application=faq.spse)
    with django_assert_max_num_queries(3):  # session, user, one FAQ query
        response = user_client.get(
            URL,
            {"title": "password akun login reset SPSE terkunci", "application": str(faq.spse.pk)},
        )
    assert len(suggested(response)) == 5


def test_words_worth_matching() -> None:
    assert suggestion_words("Tidak bisa LOGIN ke SPSE, akun terkunci!!") == [
        "login",
        "spse",
        "akun",
        "terkunci",
    ]


def test_anonymous_gets_401_not_a_login_page(client: Client, faq: Faq) -> None:
    assert client.get(URL, {"title": "password"}).status_code == 401


def test_suggestions_refuse_post(user_client: Client, faq: Faq) -> None:
    assert user_client.post(URL, {"title": "password"}).status_code == 405


# --- recording a suggestion opened ---------------------------------------------------------------


def test_post_records_one_row_and_redirects_to_the_article(client: Client, faq: Faq) -> None:
    from tests.support.users import make_user

    user = make_user()
    client.force_login(user)
    response = client.post(
        "/faq/artikel/reset-password-spse/buka/",
        {"judul": "  Lupa\npassword   SPSE\x00 " + "x" * 200},
    )
    assert response.status_code == 303
    assert response["Location"] == "/faq/artikel/reset-password-spse/"
    row = FaqSuggestionOpen.objects.get()
    assert (row.article, row.user) == (faq.reset, user)
    assert row.typed_title.startswith("Lupa password SPSE xxx")
    assert len(row.typed_title) == 100


def test_get_on_the_record_url_changes_nothing(user_client: Client, faq: Faq) -> None:
    response = user_client.get("/faq/artikel/reset-password-spse/buka/", {"judul": "x"})
    assert response.status_code == 405
    assert not FaqSuggestionOpen.objects.exists()


def test_post_needs_the_csrf_token(faq: Faq) -> None:
    from tests.support.users import make_user

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(make_user())
    response = strict.post("/faq/artikel/reset-password-spse/buka/", {"judul": "x"})
    assert response.status_code == 403
    assert not FaqSuggestionOpen.objects.exists()


def test_post_for_a_draft_or_unknown_article_records_nothing(user_client: Client, faq: Faq) -> None:
    assert user_client.post("/faq/artikel/draf-rahasia-password/buka/").status_code == 404
    assert user_client.post("/faq/artikel/tidak-ada/buka/").status_code == 404
    assert not FaqSuggestionOpen.objects.exists()


def test_anonymous_post_records_nothing(client: Client, faq: Faq) -> None:
    response = client.post("/faq/artikel/reset-password-spse/buka/", {"judul": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/masuk/")
    assert not FaqSuggestionOpen.objects.exists()


def test_opening_from_the_list_records_nothing(user_client: Client, faq: Faq) -> None:
    assert user_client.get("/faq/artikel/reset-password-spse/").status_code == 200
    assert not FaqSuggestionOpen.objects.exists()


# --- the create form -----------------------------------------------------------------------------


def test_create_form_asks_for_suggestions(user_client: Client, faq: Faq) -> None:
    html = user_client.get("/tiket/baru/").content.decode()
    slot = re.search(r'<div id="faq-suggestions"[^>]*>', html)
    assert slot is not None
    assert 'hx-get="/faq/saran/"' in slot.group(0)
    assert 'hx-trigger="input changed delay:400ms from:#id_title' in slot.group(0)
    assert 'hx-include="#id_title, #id_application"' in slot.group(0)
    # The recording form is outside the ticket form (forms cannot nest).
    ticket_form_end = html.index("</form>", html.index('id="ticket-form"'))
    assert html.index('<form id="faq-open-form" method="post" target="_blank"') > ticket_form_end


def test_create_form_rerendered_with_a_title_loads_suggestions(
    user_client: Client, faq: Faq
) -> None:
    response = user_client.post("/tiket/baru/", {"title": "Lupa password SPSE"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'hx-trigger="load, input changed' in html

"""FAQ LPSE Support in a real browser (R-UI-6): the list and an article, then a PPK typing a
ticket title on Buat Tiket Baru, seeing a suggested article, opening it in a new tab (recorded by
a POST) and finding the form exactly as typed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from lpse_support.demo.checks import DEMO_PASSWORD
from lpse_support.faq.models import FaqSuggestionOpen

TITLE = "Lupa password akun SPSE"
ARTICLE = "reset-password-akun-spse"


@pytest.fixture
def faq_site(transactional_db: None, live_server: Any) -> str:
    call_command("seed_demo", verbosity=0)
    return str(live_server.url)


def login(page: Any, site: str, username: str = "ppk1") -> None:
    page.goto(f"{site}/akun/masuk/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{site}/")


def csp_errors(messages: list[str]) -> list[str]:
    return [m for m in messages if "Content Security Policy" in m]


def test_faq_list_article_and_suggestion_on_create(
    browser: Any, faq_site: str, artifacts_dir: Path
) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda msg: console.append(msg.text) if msg.type == "error" else None)
    login(page, faq_site)

    # The menu entry opens the list; choosing an application filters at once (GET, in the URL).
    page.locator('.main-menu [data-menu="faq"]').click()
    page.wait_for_url(f"{faq_site}/faq/")
    expect(page.locator("[data-faq-article]")).to_have_count(10)
    page.screenshot(path=str(artifacts_dir / "faq-list.png"), full_page=True)
    page.locator("#id_aplikasi").select_option(label="SiRUP")
    page.wait_for_url(f"{faq_site}/faq/?q=&aplikasi=sirup&kategori=")
    assert page.locator("[data-faq-article]").count() >= 1
    page.locator("#id_q").fill("kucing terbang")
    page.get_by_role("button", name="Cari").click()
    expect(page.get_by_text("Tidak ada artikel yang cocok dengan pencarian Anda.")).to_be_visible()

    # Search, then read an article: opening it from the list records nothing.
    page.goto(f"{faq_site}/faq/?q=password+reset")
    page.locator(f'[data-faq-article="{ARTICLE}"]').click()
    page.wait_for_url(f"{faq_site}/faq/artikel/{ARTICLE}/")
    expect(page.locator("#faq-title")).to_have_text(
        "Lupa password akun SPSE, bagaimana cara reset?"
    )
    expect(page.get_by_role("link", name="Buat Tiket Baru").last).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "faq-article.png"), full_page=True)
    assert not FaqSuggestionOpen.objects.exists()

    # Buat Tiket Baru: typing the title brings suggestions without touching the counter.
    page.goto(f"{faq_site}/tiket/baru/")
    page.locator("#id_title").press_sequentially(TITLE, delay=20)
    suggestion = page.locator(f'#faq-suggestions [data-faq-suggestion="{ARTICLE}"]')
    expect(suggestion).to_be_visible()
    expect(page.locator("#faq-suggestions")).to_contain_text(
        "Mungkin artikel ini menjawab masalah Anda:"
    )
    expect(page.locator("#title-counter")).to_have_text(f"{len(TITLE)}/100")
    page.locator("#id_application").select_option(label="SPSE")
    expect(suggestion).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "create-suggestions.png"), full_page=False)

    with context.expect_page() as opened:
        suggestion.click()
    article = opened.value
    article.wait_for_url(f"{faq_site}/faq/artikel/{ARTICLE}/")
    expect(article.locator("#faq-title")).to_be_visible()

    record = FaqSuggestionOpen.objects.select_related("article", "user").get()
    assert (record.article.slug, record.user and record.user.username) == (ARTICLE, "ppk1")
    assert record.typed_title == TITLE
    # The form is untouched: same page, same title, same counter, application still chosen.
    assert page.url == f"{faq_site}/tiket/baru/"
    assert page.locator("#id_title").input_value() == TITLE
    expect(page.locator("#title-counter")).to_have_text(f"{len(TITLE)}/100")
    assert page.locator("#id_application option:checked").inner_text() == "SPSE"

    # A second click on the same suggestion opens (and records) again.
    with context.expect_page() as again:
        suggestion.click()
    again.value.wait_for_url(f"{faq_site}/faq/artikel/{ARTICLE}/")
    assert FaqSuggestionOpen.objects.count() == 2

    # Enter in the title still submits the ticket form, not a suggestion: the form is not
    # complete yet, so its submit names the missing fields instead of asking to confirm.
    pages_before = len(context.pages)
    page.locator("#id_title").press("Enter")
    expect(page.locator("#missing-fields")).to_contain_text("Deskripsi")
    expect(page.locator("#confirm-dialog")).to_be_hidden()
    assert len(context.pages) == pages_before
    assert FaqSuggestionOpen.objects.count() == 2

    # Shortening the title below three characters clears the suggestions.
    page.locator("#id_title").fill("Lu")
    expect(page.locator("#faq-suggestions [data-faq-suggestion]")).to_have_count(0)
    assert not csp_errors(console), console
    context.close()


def test_faq_list_on_a_phone(browser: Any, faq_site: str, artifacts_dir: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    page = context.new_page()
    login(page, faq_site)
    page.goto(f"{faq_site}/faq/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    page.screenshot(path=str(artifacts_dir / "faq-list-phone.png"), full_page=True)
    page.goto(f"{faq_site}/faq/artikel/gagal-upload-dokumen-penawaran/")
    assert page.locator(".faq-body ol > li").count() == 5
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    page.screenshot(path=str(artifacts_dir / "faq-article-phone.png"), full_page=True)
    page.goto(f"{faq_site}/faq/artikel/apendo-file-rhs-tidak-bisa-dibuka/")
    assert page.locator(".faq-body ul > li").count() == 4
    context.close()

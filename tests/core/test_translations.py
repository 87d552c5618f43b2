"""compile_translations (polib) and the English catalog: complete, compiled, idempotent, strict."""

from __future__ import annotations

import gettext
from pathlib import Path
from typing import Any

import polib  # type: ignore[import-untyped, unused-ignore]  # no stubs shipped (types-polib is separate)
import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.test import Client

from tests.support.factories import TeamFactory
from tests.support.users import make_user

EN_PO = Path(django_settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _write_po(directory: Path, body: str) -> Path:
    po_path = directory / "en" / "LC_MESSAGES" / "django.po"
    po_path.parent.mkdir(parents=True)
    po_path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + body,
        encoding="utf-8",
    )
    return po_path


def test_every_msgid_of_the_english_catalog_is_translated() -> None:
    catalog = polib.pofile(str(EN_PO))
    untranslated = [entry.msgid for entry in catalog.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalog.fuzzy_entries()]
    assert not untranslated, untranslated
    assert not fuzzy, fuzzy
    for entry in catalog:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            forms = entry.msgstr_plural.values()
            assert forms and all(form.strip() for form in forms), entry.msgid
        else:
            assert entry.msgstr.strip(), entry.msgid
    assert catalog.metadata.get("Language") == "en"


def test_compile_produces_a_readable_mo_and_is_idempotent(tmp_path: Path, settings: Any) -> None:
    settings.LOCALE_PATHS = [tmp_path]
    po_path = _write_po(tmp_path, 'msgid "Selamat Datang,"\nmsgstr "Welcome,"\n')
    mo_path = po_path.with_suffix(".mo")

    call_command("compile_translations", verbosity=0)
    assert mo_path.exists()
    with mo_path.open("rb") as handle:
        assert gettext.GNUTranslations(handle).gettext("Selamat Datang,") == "Welcome,"

    first_mtime = mo_path.stat().st_mtime_ns
    call_command("compile_translations", verbosity=0)
    assert mo_path.stat().st_mtime_ns == first_mtime  # up to date: not rewritten

    call_command("compile_translations", "--force", verbosity=0)
    with mo_path.open("rb") as handle:
        assert gettext.GNUTranslations(handle).gettext("Selamat Datang,") == "Welcome,"


def test_compile_project_catalog_twice(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("compile_translations")
    assert EN_PO.with_suffix(".mo").exists()
    call_command("compile_translations")
    assert "0 catalog(s) compiled" in capsys.readouterr().out


def test_a_broken_po_fails_loudly(tmp_path: Path, settings: Any) -> None:
    settings.LOCALE_PATHS = [tmp_path]
    _write_po(tmp_path, 'msgid "Masuk"\nmsgstr "Log in\n')  # unterminated string
    with pytest.raises(CommandError, match=r"django\.po"):
        call_command("compile_translations", verbosity=0)


def test_a_translation_that_loses_a_placeholder_fails(tmp_path: Path, settings: Any) -> None:
    settings.LOCALE_PATHS = [tmp_path]
    _write_po(
        tmp_path,
        '#, python-format\nmsgid "Coba lagi dalam %(minutes)s menit."\nmsgstr "Try again later."\n',
    )
    with pytest.raises(CommandError, match="placeholders"):
        call_command("compile_translations", verbosity=0)
    assert not (tmp_path / "en" / "LC_MESSAGES" / "django.mo").exists()


@pytest.mark.django_db
def test_language_switch_turns_the_dashboard_english(client: Client, settings: Any) -> None:
    call_command("compile_translations", verbosity=0)
    # Re-assigning LOCALE_PATHS drops Django's cached catalogs, so the fresh .mo is read.
    settings.LOCALE_PATHS = list(settings.LOCALE_PATHS)
    user = make_user(full_name="Rina")
    TeamFactory(members=[user])
    client.force_login(user)
    assert "Selamat Datang, Rina" in client.get("/").content.decode()

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"

    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Welcome, Rina" in html
    assert "Ticket Information" in html
    assert "ALL TICKETS" in html

    client.post("/i18n/setlang/", {"language": "id", "next": "/"})
    assert "Selamat Datang, Rina" in client.get("/").content.decode()


@pytest.mark.django_db
def test_language_switch_by_get_changes_nothing(client: Client) -> None:
    client.force_login(make_user())
    client.get("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="id">' in client.get("/").content.decode()

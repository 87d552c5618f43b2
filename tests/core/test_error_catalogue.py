"""The error catalogue (docs/errors.md): every class has a stable snake_case code of its own, a
status of its family, a message in Indonesian and English, and a row in docs/api.md."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import translation

from lpse_support.core.errors import (
    ApplicationError,
    Conflict,
    ImportRejected,
    InvalidInput,
    NotFound,
    RateLimited,
    StorageFull,
)

# Every module that declares catalogue classes.
CATALOGUE_MODULES = (
    "lpse_support.core.errors",
    "lpse_support.tickets.errors",
    "lpse_support.tickets.attachments.errors",
    "lpse_support.api.errors",
    "lpse_support.api.tokens",
    "lpse_support.accounts.routing",
    "lpse_support.tenders.connectors.base",
    "lpse_support.inaproc.errors",
)
# Raised with their own sentence each time (routing's three reasons, the warehouse's failures).
RAISED_WITH_A_MESSAGE = {"NoTeamAvailable", "TenderServiceUnavailable"}
CODE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
API_DOC = Path(django_settings.BASE_DIR) / "docs" / "api.md"


def _walk(cls: type[ApplicationError]) -> Iterator[type[ApplicationError]]:
    yield cls
    for sub in cls.__subclasses__():
        yield from _walk(sub)


def catalogue() -> list[type[ApplicationError]]:
    for module in CATALOGUE_MODULES:
        import_module(module)
    return [cls for cls in _walk(ApplicationError) if cls.__module__.startswith("lpse_support.")]


def msgid(cls: type[ApplicationError]) -> str:
    with translation.override("id"):
        return str(cls.message_template)


def sample(cls: type[ApplicationError]) -> ApplicationError:
    arguments: dict[str, Any] = {name: "X" for name in PLACEHOLDER.findall(msgid(cls))}
    if issubclass(cls, ImportRejected):
        arguments["errors"] = ["baris 2: kode kosong"]
    return cls(**arguments)


def test_the_catalogue_is_found() -> None:
    names = {cls.__name__ for cls in catalogue()}
    assert {"TitleTooLong", "MessageTooShort", "NoEscalationTarget", "AlreadyRated"} <= names
    assert len(names) > 40


def test_codes_are_snake_case_and_each_class_has_its_own() -> None:
    own = [cls.__dict__["code"] for cls in catalogue() if "code" in cls.__dict__]
    assert all(CODE.match(code) for code in own), own
    assert [code for code, count in Counter(own).items() if count > 1] == []
    # Only the 404s (a 404 never tells what is missing) and a full disk share their family's.
    shared = [cls for cls in catalogue() if "code" not in cls.__dict__]
    assert shared and all(issubclass(cls, NotFound | StorageFull) for cls in shared), shared


@pytest.mark.parametrize(
    ("family", "statuses"),
    [
        (NotFound, {404}),
        (Conflict, {409}),
        (InvalidInput, {413, 415, 422}),
        (RateLimited, {429}),
        (StorageFull, {507}),
    ],
)
def test_each_family_keeps_its_status(family: type[ApplicationError], statuses: set[int]) -> None:
    members = [cls for cls in catalogue() if issubclass(cls, family)]
    assert members
    assert {cls.http_status for cls in members} <= statuses


def test_every_class_makes_a_whole_sentence_from_its_arguments() -> None:
    for cls in catalogue():
        if cls.__name__ in RAISED_WITH_A_MESSAGE:
            assert "message_template" not in cls.__dict__
            continue
        assert "message_template" in cls.__dict__, cls
        error = sample(cls)
        assert error.message and "%(" not in error.message, cls
        assert str(error) == error.message
        assert error.code == cls.code and error.http_status == cls.http_status


def test_every_message_is_indonesian_with_an_english_translation(settings: Any) -> None:
    call_command("compile_translations", verbosity=0)
    # Re-assigning LOCALE_PATHS drops Django's cached catalogs, so the fresh .mo is read.
    settings.LOCALE_PATHS = list(settings.LOCALE_PATHS)
    untranslated = []
    for cls in catalogue():
        if "message_template" not in cls.__dict__:
            continue
        indonesian = msgid(cls)
        with translation.override("en"):
            english = str(cls.message_template)
        if english == indonesian or sorted(PLACEHOLDER.findall(english)) != sorted(
            PLACEHOLDER.findall(indonesian)
        ):
            untranslated.append(cls.__name__)
    assert untranslated == []


def test_the_message_follows_the_language_of_the_request(settings: Any) -> None:
    call_command("compile_translations", verbosity=0)
    settings.LOCALE_PATHS = list(settings.LOCALE_PATHS)
    from lpse_support.tickets.errors import TitleTooLong

    assert TitleTooLong(limit_value=100).message == "Judul tiket maksimal 100 karakter."
    with translation.override("en"):
        english = TitleTooLong(limit_value=100).message
    assert english == "Ticket title may be at most 100 characters."


def test_the_api_document_lists_every_code() -> None:
    table = API_DOC.read_text(encoding="utf-8")
    missing = sorted({cls.code for cls in catalogue()} - set(re.findall(r"`(\w+)`", table)))
    assert missing == []


def test_a_family_still_takes_a_ready_message_and_field() -> None:
    error = InvalidInput("Kolom aneh.", field="x")
    assert (error.message, error.field, error.code) == ("Kolom aneh.", "x", "invalid_input")

"""A rule the form checks as well as the service is told in one sentence: the catalogue's."""

from __future__ import annotations

import pytest

from lpse_support.accounts.views_tokens import ApiTokenForm
from lpse_support.api.tokens import NAME_MAX, TokenNameRequired, TokenNameTooLong
from lpse_support.tickets.errors import DescriptionTooShort, TitleRequired, TitleTooLong
from lpse_support.tickets.forms.create import TicketCreateForm
from lpse_support.tickets.services.ticket_create import DESCRIPTION_MIN, TITLE_MAX

pytestmark = pytest.mark.django_db


def test_the_create_form_says_what_the_service_says() -> None:
    form = TicketCreateForm(data={"title": "J" * (TITLE_MAX + 1), "description": "pendek"})
    assert not form.is_valid()
    assert form.errors["title"] == [TitleTooLong(limit_value=TITLE_MAX).message]
    assert form.errors["title"] == ["Judul tiket maksimal 100 karakter."]
    assert form.errors["description"] == [DescriptionTooShort(limit_value=DESCRIPTION_MIN).message]

    empty = TicketCreateForm(data={"title": " "})
    assert not empty.is_valid()
    assert empty.errors["title"] == [TitleRequired().message]


def test_the_token_form_says_what_the_service_says() -> None:
    form = ApiTokenForm(data={"name": "n" * (NAME_MAX + 1)})
    assert not form.is_valid()
    assert form.errors["name"] == [TokenNameTooLong(limit_value=NAME_MAX).message]
    assert ApiTokenForm(data={}).errors["name"] == [TokenNameRequired().message]

"""Every registered admin page renders, searches and filters, and shows a real row of its model
on the changelist and the change page (the form constraints: test_admin_forms.py). The rows are
built once for the module (tests/support/once.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.contrib.auth.models import Group
from django.db.models import Model
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.html import escape
from django.utils.text import Truncator, capfirst

from lpse_support.accounts.models import User
from lpse_support.faq.models import FaqArticle
from tests.support.activity import create_activity
from tests.support.admin_factories import OneOfEach, create_one_of_each
from tests.support.once import built_once
from tests.support.ticket_world import build_ticket_world
from tests.support.two_factor import login_verified
from tests.support.users import make_superuser

pytestmark = pytest.mark.django_db

REGISTERED: list[type[Model]] = list(admin.site._registry)
MODEL_IDS = [f"{m._meta.app_label}.{m._meta.model_name}" for m in REGISTERED]


def _build_rows() -> tuple[User, OneOfEach]:
    superuser = make_superuser()
    created = create_one_of_each()
    created.rows[Group] = Group.objects.create(name="Operator data master")
    article = created.rows[FaqArticle]
    assert isinstance(article, FaqArticle)
    created.rows.update(create_activity(build_ticket_world(), article))  # type: ignore[arg-type]
    return superuser, created


@pytest.fixture(scope="module")
def _rows_of_the_module(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[User, OneOfEach]]:
    yield from built_once(django_db_blocker, tmp_path_factory.mktemp("media"), _build_rows)


@pytest.fixture
def superuser(_rows_of_the_module: tuple[User, OneOfEach], db: None) -> User:
    return _rows_of_the_module[0]


@pytest.fixture
def staff_client(client: Client, superuser: User) -> Client:
    login_verified(client, superuser)
    return client


@pytest.fixture
def rows(_rows_of_the_module: tuple[User, OneOfEach], db: None) -> OneOfEach:
    """One saved row of every registered model, the superuser's and the ticket world's."""
    return _rows_of_the_module[1]


def _row(rows: OneOfEach, model: type[Model]) -> Model:
    row = rows.get(model)
    assert row is not None, f"no {model.__name__} row to show"
    return row


def _first_label(model: type[Model], row: Model, user: User) -> str:
    """The label of the first field on the change page, as the admin writes it."""
    model_admin = admin.site._registry[model]
    fieldsets = model_admin.get_fieldsets(_admin_request(user), row)
    first = fieldsets[0][1]["fields"][0]
    name = first[0] if isinstance(first, (list, tuple)) else first
    label = str(label_for_field(name, model, model_admin))
    return str(escape(capfirst(label)))


def _url(model: type[Model], view: str, *args: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _admin_request(user: User) -> Any:
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


@pytest.mark.parametrize("model", REGISTERED, ids=MODEL_IDS)
def test_changelist_search_and_filter(
    staff_client: Client, rows: OneOfEach, model: type[Model]
) -> None:
    url = _url(model, "changelist")
    response = staff_client.get(url)
    assert response.status_code == 200
    # The row is listed, with the link to its change page.
    assert _url(model, "change", _row(rows, model).pk) in response.content.decode()
    assert staff_client.get(url, {"q": "uji"}).status_code == 200

    changelist = response.context["cl"]
    for spec in changelist.filter_specs:
        choices = [c for c in spec.choices(changelist) if c["query_string"] != "?"]
        unselected = [c for c in choices if not c.get("selected")]
        # The first choice is a real value; the last is often "(Kosong)" / "No".
        for choice in {c["query_string"]: c for c in unselected[:1] + unselected[-1:]}:
            assert staff_client.get(url + choice).status_code == 200, choice


@pytest.mark.parametrize("model", REGISTERED, ids=MODEL_IDS)
def test_add_and_change_pages(
    staff_client: Client, superuser: User, rows: OneOfEach, model: type[Model]
) -> None:
    model_admin = admin.site._registry[model]
    if model_admin.has_add_permission(_admin_request(superuser)):
        assert staff_client.get(_url(model, "add")).status_code == 200
    row = _row(rows, model)
    response = staff_client.get(_url(model, "change", row.pk))
    assert response.status_code == 200
    body = response.content.decode()
    # The page is this row's (its name in the title) and shows its fields.
    assert str(escape(Truncator(str(row)).words(18))) in body
    assert _first_label(model, row, superuser) in body


def test_every_project_model_is_registered() -> None:
    from django.apps import apps

    project = [m for m in apps.get_models() if m.__module__.startswith("lpse_support.")]
    missing = [m.__name__ for m in project if m not in admin.site._registry]
    assert missing == []

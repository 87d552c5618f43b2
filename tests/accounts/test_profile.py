"""AKUN › Profil: read-only personal data, teams and the language switch."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lpse_support.accounts.models import TeamKind
from tests.support.factories import (
    DirectorateFactory,
    LpseUnitFactory,
    ReporterCategoryFactory,
    TeamFactory,
)
from tests.support.two_factor import login_verified
from tests.support.users import make_user

PROFILE_URL = "/akun/profil/"


@pytest.mark.django_db
def test_profile_requires_login(client: Client) -> None:
    response = client.get(PROFILE_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/masuk/")


@pytest.mark.django_db
def test_profile_shows_personal_data_lpse_category_role_and_teams(client: Client) -> None:
    lpse = LpseUnitFactory(name="LPSE Kota Makassar")
    category = ReporterCategoryFactory(code="helpdesk", name="HELPDESK", letter="H")
    user = make_user(
        username="helpdesk_mks",
        full_name="Andi Helpdesk",
        email="andi@makassarkota.go.id",
        phone="0411-123456",
        home_lpse=lpse,
        reporter_category=category,
    )
    TeamFactory(name="Helpdesk LPSE Kota Makassar", lpse=lpse, members=[user])
    TeamFactory(
        name="Helpdesk LKPP Teknis",
        tier=2,
        kind=TeamKind.TEKNIS,
        lpse=None,
        directorate=DirectorateFactory(),
        members=[user],
    )
    client.force_login(user)

    html = client.get(PROFILE_URL).content.decode()

    for expected in (
        "Andi Helpdesk",
        "helpdesk_mks",
        "andi@makassarkota.go.id",
        "0411-123456",
        "LPSE Kota Makassar",
        "Kategori Pelapor",
        "HELPDESK",
        "Helpdesk LKPP",  # role label of the highest tier
        "Helpdesk LPSE Kota Makassar",
        "Level 1 — Helpdesk LPSE",
        "Helpdesk LKPP Teknis",
        "Level 2 — Helpdesk LKPP",
        "Teknis",
    ):
        assert expected in html, expected
    assert 'action="/i18n/setlang/"' in html
    assert 'data-menu="akun"' in html


@pytest.mark.django_db
def test_profile_of_a_plain_reporter_says_pelapor_and_no_team(client: Client) -> None:
    client.force_login(make_user(phone=""))
    html = client.get(PROFILE_URL).content.decode()
    assert "Pelapor" in html
    assert "Anda tidak tergabung dalam tim petugas" in html


@pytest.mark.django_db
def test_inactive_teams_are_not_listed(client: Client) -> None:
    user = make_user()
    TeamFactory(name="Tim Lama", active=False, members=[user])
    client.force_login(user)
    assert "Tim Lama" not in client.get(PROFILE_URL).content.decode()


def _count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_profile_query_count_does_not_grow_with_teams(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    user = make_user()
    TeamFactory(members=[user])
    client.force_login(user)
    # 6 for the page + 1 for the Token API list.
    with django_assert_max_num_queries(7):
        client.get(PROFILE_URL)
    one_team = _count_queries(client, PROFILE_URL)

    for _ in range(4):
        TeamFactory(members=[user])
    TeamFactory(tier=3, lpse=None, directorate=DirectorateFactory(), members=[user])
    with django_assert_max_num_queries(7):
        client.get(PROFILE_URL)
    assert _count_queries(client, PROFILE_URL) == one_team


@pytest.mark.django_db
def test_token_help_shows_the_whole_header_with_its_placeholder(client: Client) -> None:
    # Issue 17 item 1: "<token>" inside the translated sentence was parsed as an HTML tag and
    # vanished ("…Authorization: Bearer .").
    client.force_login(make_user(username="token_help"))
    html = client.get(PROFILE_URL).content.decode()
    assert "Authorization: Bearer &lt;token&gt;</code>" in html
    assert "Bearer <token>" not in html


@pytest.mark.django_db
def test_akun_menu_leads_admins_to_django_admin_and_nobody_else(client: Client) -> None:
    # Issue 17 item 6: the admin account had no way to Django admin in the UI.
    client.force_login(make_user(username="plain_staff"))
    assert 'href="/admin/"' not in client.get(PROFILE_URL).content.decode()
    login_verified(client, make_user(username="site_admin", is_staff=True, is_superuser=True))
    html = client.get(PROFILE_URL).content.decode()
    assert 'href="/admin/" data-menu-item="admin"' in html
    assert "Administrasi" in html

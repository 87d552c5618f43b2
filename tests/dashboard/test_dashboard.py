"""DASHBOARD (guide §4.1, R-UI-1, R-UI-2): greeting, menu, honest counters, links."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.support.factories import DirectorateFactory, LpseUnitFactory, TeamFactory
from tests.support.users import make_user

MENU = {
    "dashboard": "DASHBOARD",
    "reporting": "REPORTING",
    "semua-tiket": "SEMUA TIKET",
    "faq": "FAQ LPSE SUPPORT",
    "akun": "AKUN",
}


@pytest.fixture
def helpdesk(client: Client) -> Any:
    lpse = LpseUnitFactory(name="LPSE Provinsi Jawa Barat")
    user = make_user(full_name="Helpdesk Satu", home_lpse=lpse)
    TeamFactory(name="Helpdesk LPSE Jawa Barat", lpse=lpse, members=[user])
    client.force_login(user)
    return user


@pytest.mark.django_db
def test_dashboard_greets_and_shows_role_lpse_and_team(client: Client, helpdesk: Any) -> None:
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Selamat Datang, Helpdesk Satu" in html
    assert "LPSE Level 1" in html
    assert "LPSE Provinsi Jawa Barat" in html
    assert "Helpdesk LPSE Jawa Barat" in html


@pytest.mark.django_db
def test_menu_entries_and_buat_tiket_are_present(client: Client, helpdesk: Any) -> None:
    html = client.get("/").content.decode()
    for hook, label in MENU.items():
        assert f'data-menu="{hook}"' in html, hook
        assert label in html, label
    assert "BUAT TIKET" in html
    assert 'href="/tiket/baru/"' in html
    assert 'action="/akun/keluar/" method="post"' in html
    assert ">Profil<" in html.replace('<i class="bi bi-person" aria-hidden="true"></i> ', ">")
    assert 'class="visually-hidden-focusable skip-link" href="#main"' in html
    assert 'aria-current="page"' in html


@pytest.mark.django_db
def test_staff_counters_are_labelled_and_start_at_zero(client: Client, helpdesk: Any) -> None:
    html = client.get("/").content.decode()
    for label in (
        "Informasi Tiket",
        "Belum Diambil",
        "Sedang Dikerjakan",
        "Diambil (Per Hari)",
        "Total tiket diambil Hari Ini (User)",
        "Menunggu Feedback",
        "Menunggu Konfirmasi",
        "Akan Terlambat",
        "Terlambat",
    ):
        assert label in html, label
    assert html.count('<div class="counter-value">0</div>') == 7


@pytest.mark.django_db
def test_plain_reporter_sees_tiket_saya(client: Client) -> None:
    client.force_login(make_user(full_name="Pak PPK"))
    html = client.get("/").content.decode()
    assert "Selamat Datang, Pak PPK" in html
    assert "Tiket Saya" in html
    assert "Pelapor" in html
    assert "Diambil (Per Hari)" not in html


@pytest.mark.django_db
def test_video_and_user_guide_links_come_from_settings(
    client: Client, helpdesk: Any, settings: Any
) -> None:
    settings.LPSE_SUPPORT = {
        **settings.LPSE_SUPPORT,
        "VIDEO_TUTORIAL_URL": "/video-contoh/",
        "USER_GUIDE_URL": "/panduan-contoh/",
    }
    html = client.get("/").content.decode()
    assert 'href="/video-contoh/"' in html
    assert "Lihat Video Tutorial" in html
    assert 'href="/panduan-contoh/"' in html
    assert "User Guide" in html


def _count_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_dashboard_query_count_is_fixed(
    client: Client, helpdesk: Any, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(12):
        client.get("/")
    one_team = _count_queries(client)
    for _ in range(5):
        TeamFactory(members=[helpdesk])
    TeamFactory(tier=2, lpse=None, directorate=DirectorateFactory(), members=[helpdesk])
    with django_assert_max_num_queries(12):
        client.get("/")
    assert _count_queries(client) == one_team

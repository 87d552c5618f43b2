"""The period form: dd/mm/yyyy, default the last 30 days (WIB), order and length checked, and a
bad period answers 400 with the message next to the field and no figures."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.test import Client

from lpse_support.reports.forms import PeriodForm
from tests.support.factories import TeamFactory
from tests.support.users import make_user


def test_default_period_is_the_last_30_days_in_wib(monkeypatch: pytest.MonkeyPatch) -> None:
    # 18:00 UTC on 9 March is already 10 March in Jakarta.
    fixed = datetime(2026, 3, 9, 18, 0, tzinfo=UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: fixed)
    form = PeriodForm.from_query({})
    assert form.is_valid()
    period = form.period()
    assert period.end == date(2026, 3, 10)
    assert period.start == date(2026, 2, 9)
    assert period.days == 30


def test_dates_in_dd_mm_yyyy_and_iso_are_accepted() -> None:
    form = PeriodForm({"dari": "01/02/2026", "sampai": "2026-02-28"})
    assert form.is_valid(), form.errors
    period = form.period()
    assert (period.start, period.end, period.days) == (date(2026, 2, 1), date(2026, 2, 28), 28)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"dari": "31-01-2026", "sampai": "01/02/2026"},
            "dari",
            "Tanggal harus berformat dd/mm/yyyy, mis. 31/01/2026.",
        ),
        (
            {"dari": "01/02/2026", "sampai": "30/02/2026"},
            "sampai",
            "Tanggal 30/02/2026 tidak ada di kalender.",
        ),
        ({"dari": "", "sampai": "01/02/2026"}, "dari", "Isi tanggal awal."),
        ({"dari": "01/02/2026"}, "sampai", "Isi tanggal akhir."),
        (
            {"dari": "02/02/2026", "sampai": "01/02/2026"},
            "__all__",
            "Tanggal awal tidak boleh setelah tanggal akhir.",
        ),
        (
            {"dari": "01/01/2025", "sampai": "02/01/2026"},
            "__all__",
            "Periode paling panjang 366 hari; persingkat rentang tanggal.",
        ),
    ],
)
def test_bad_periods_are_refused_with_indonesian_messages(
    data: dict[str, str], field: str, message: str
) -> None:
    form = PeriodForm.from_query(data)
    assert not form.is_valid()
    assert form.errors[field] == [message]


def test_366_days_is_the_longest_period_allowed() -> None:
    assert PeriodForm({"dari": "01/01/2024", "sampai": "31/12/2024"}).is_valid()  # leap year
    assert not PeriodForm({"dari": "01/01/2024", "sampai": "01/01/2025"}).is_valid()


@pytest.mark.django_db
def test_the_page_shows_the_error_and_no_figures(client: Client) -> None:
    user = make_user()
    TeamFactory.create(members=[user])
    client.force_login(user)
    response = client.get("/reporting/", {"dari": "05/02/2026", "sampai": "01/02/2026"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Tanggal awal tidak boleh setelah tanggal akhir." in html
    assert 'value="2026-02-05"' in html  # what was typed stays, as the date picker shows it
    assert "report-card" not in html


@pytest.mark.django_db
def test_a_download_with_a_bad_period_is_refused_too(client: Client) -> None:
    client.force_login(make_user())
    response = client.get(
        "/reporting/", {"dari": "x", "sampai": "01/02/2026", "tabel": "status", "format": "csv"}
    )
    assert response.status_code == 400
    assert "Tanggal harus berformat dd/mm/yyyy" in response.content.decode()
    assert "Content-Disposition" not in response


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [{"tabel": "rahasia", "format": "csv"}, {"tabel": "status", "format": "pdf"}, {"tabel": ""}],
)
def test_unknown_downloads_answer_400_with_a_message(client: Client, query: dict[str, Any]) -> None:
    client.force_login(make_user())
    response = client.get("/reporting/", query)
    assert response.status_code == 400
    assert "Unduhan tidak dikenal" in response.content.decode()


@pytest.mark.django_db
def test_a_reporter_cannot_download_the_staff_only_workload(client: Client) -> None:
    client.force_login(make_user())
    response = client.get("/reporting/", {"tabel": "petugas", "format": "csv"})
    assert response.status_code == 400

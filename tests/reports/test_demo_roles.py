"""The REPORTING page for every demo role, over the demo data (seeded once for the module)."""

from __future__ import annotations

import pytest
from django.test import Client

from lpse_support.accounts.models import User
from lpse_support.demo.checks import DEMO_PASSWORD, DEMO_USERNAMES
from tests.support.two_factor import sign_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", DEMO_USERNAMES)
def test_every_demo_role_gets_the_page(client: Client, demo_seed: None, username: str) -> None:
    assert client.login(username=username, password=DEMO_PASSWORD)
    sign_in(client, User.objects.get(username=username))  # the admin passes two-factor
    response = client.get("/reporting/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="tabel-status"' in html
    assert ('id="tabel-petugas"' in html) == (username not in {"ppk1", "penyedia1"})

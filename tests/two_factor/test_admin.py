"""Admin: the rules table is editable, and an admin resets a user's two-factor (lost device)."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from lpse_support.accounts.models import Tier
from lpse_support.two_factor import services
from lpse_support.two_factor.models import TwoFactorRule
from tests.support.factories import TeamFactory
from tests.support.two_factor import confirmed_device, login_verified
from tests.support.users import make_superuser, make_user

pytestmark = pytest.mark.django_db


def test_admin_reset_deletes_devices_and_sends_the_user_to_enrolment(client: Client) -> None:
    admin = make_superuser()
    login_verified(client, admin)
    member = make_user()
    TwoFactorRule.objects.create(team=TeamFactory.create(members=[member]))
    confirmed_device(member)
    services.recovery_codes_issue(user=member)
    # The member is signed in and verified elsewhere when the phone is lost.
    elsewhere = Client()
    login_verified(elsewhere, member)
    assert elsewhere.get("/tiket/").status_code == 200

    response = client.post(
        "/admin/two_factor/twofactoruser/",
        {"action": "reset_two_factor", "_selected_action": [member.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "2FA 1 pengguna direset." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert not StaticDevice.objects.filter(user=member).exists()
    assert LogEntry.objects.filter(object_id=str(member.pk)).exists()
    # That session is no longer verified: the verify page sees no device and sends to enrolment.
    step = elsewhere.get("/tiket/", follow=True)
    assert step.redirect_chain[-1][0].startswith("/akun/dua-faktor/aktifkan/")


def test_reset_needs_an_admin(client: Client) -> None:
    staff_without_rights = make_user(is_staff=True)
    login_verified(client, staff_without_rights)
    member = make_user()
    confirmed_device(member)
    response = client.post(
        "/admin/two_factor/twofactoruser/",
        {"action": "reset_two_factor", "_selected_action": [member.pk]},
    )
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=member).exists()


def test_status_list_and_rule_form(client: Client) -> None:
    login_verified(client, make_superuser())
    assert client.get("/admin/two_factor/twofactoruser/").status_code == 200
    team = TeamFactory.create()
    response = client.post(
        "/admin/two_factor/twofactorrule/add/", {"team": team.pk, "tier": "", "note": "x"}
    )
    assert response.status_code == 302
    both = client.post(
        "/admin/two_factor/twofactorrule/add/",
        {"team": TeamFactory.create().pk, "tier": Tier.LPSE, "note": ""},
    )
    assert both.status_code == 200
    assert "Isi salah satu: tim atau tingkat" in both.content.decode()
    assert TwoFactorRule.objects.count() == 1

"""Admin → Email notifikasi: opens on the e-mails not delivered; "Kirim ulang" makes them due
again (to the recipient's current address) and the worker then sends them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.test import Client
from django.urls import reverse

from lpse_support.accounts.models import User
from lpse_support.notifications.models import EmailDelivery
from tests.notifications.helpers import deliver
from tests.support.factories import UserFactory
from tests.support.outbox import outbox_rows
from tests.support.ticket_world import TicketWorld
from tests.support.two_factor import login_verified
from tests.support.users import make_superuser

pytestmark = pytest.mark.django_db

Sent = EmailDelivery.Status
LIST_URL = reverse("admin:notifications_emaildelivery_changelist")


@pytest.fixture
def rows(ticket_world: TicketWorld) -> list[EmailDelivery]:
    failed, sent, pending = outbox_rows(ticket_world, 3)
    EmailDelivery.objects.filter(pk=failed.pk).update(
        status=Sent.FAILED, attempts=8, last_error="SMTPServerDisconnected: hilang"
    )
    EmailDelivery.objects.filter(pk=sent.pk).update(status=Sent.SENT)
    return [failed, sent, pending]


def _admin(client: Client) -> Client:
    login_verified(client, make_superuser())
    return client


def test_list_opens_on_undelivered_mail(client: Client, rows: list[EmailDelivery]) -> None:
    failed, sent, pending = rows
    response = _admin(client).get(LIST_URL)
    assert response.status_code == 200
    shown = {row.pk for row in response.context["cl"].result_list}
    assert shown == {failed.pk, pending.pk}
    assert "SMTPServerDisconnected: hilang" in response.content.decode()
    everything = client.get(LIST_URL, {"status": "semua"}).context["cl"].result_list
    assert {row.pk for row in everything} == {failed.pk, sent.pk, pending.pk}
    only_failed = client.get(LIST_URL, {"status": "failed"}).context["cl"].result_list
    assert [row.pk for row in only_failed] == [failed.pk]


def test_kirim_ulang_sends_a_failed_mail_again_to_the_current_address(
    client: Client, rows: list[EmailDelivery]
) -> None:
    failed = rows[0]
    User.objects.filter(pk=failed.notification.recipient_id).update(email="baru@contoh.go.id")
    response = _admin(client).post(
        LIST_URL, {"action": "resend", "_selected_action": [failed.pk]}, follow=True
    )
    assert "1 email dijadwalkan untuk dikirim ulang." in response.content.decode()
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.to) == (Sent.PENDING, 0, "baru@contoh.go.id")

    deliver()
    failed.refresh_from_db()
    assert failed.status == Sent.SENT
    assert "baru@contoh.go.id" in [m.to[0] for m in mail.outbox]


def test_kirim_ulang_needs_the_change_permission(client: Client, rows: list[EmailDelivery]) -> None:
    viewer = UserFactory.create(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_emaildelivery"))
    login_verified(client, viewer)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert "resend" not in response.content.decode()
    client.post(LIST_URL, {"action": "resend", "_selected_action": [rows[0].pk]})
    assert EmailDelivery.objects.get(pk=rows[0].pk).status == Sent.FAILED

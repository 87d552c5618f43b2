"""Who hears of an SLA alert (issue 14 item 6), in the bell and by e-mail: a warning goes to the
assignee (the team while nobody holds the ticket), a breach also to the supervisors covering the
ticket; never the reporter, who does not see the alerts in Riwayat Tiket either. The periodic
job and ``manage.py sla_watch`` run the watch."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from lpse_support.accounts.models import User
from lpse_support.notifications.models import EmailDelivery, Notification, ScheduledJob
from lpse_support.notifications.recipients import recipients_for
from lpse_support.notifications.schedule import run_due
from lpse_support.tickets.access import events_visible_to
from lpse_support.tickets.models import Ticket, TicketEvent
from lpse_support.tickets.services.ticket_sla import ticket_sla_alert
from lpse_support.tickets.services.ticket_take import ticket_take
from lpse_support.tickets.workflow import Action
from tests.support.factories import DirectorateFactory, UserFactory
from tests.support.ticket_world import TicketWorld, make_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(ticket_world: TicketWorld) -> User:
    user: User = UserFactory.create(username="helpdesk_mks_2", home_lpse=ticket_world.lpse)
    ticket_world.team_lpse.members.add(user)
    return user


@pytest.fixture
def supervisors(ticket_world: TicketWorld) -> dict[str, User]:
    return {
        "national": UserFactory.create(username="spv_nasional", is_supervisor=True),
        "own": UserFactory.create(
            username="spv_direktorat",
            is_supervisor=True,
            supervised_directorate=ticket_world.directorate,
        ),
        "other": UserFactory.create(
            username="spv_lain", is_supervisor=True, supervised_directorate=DirectorateFactory()
        ),
    }


def _alert(number: str, action: str, target: str) -> TicketEvent:
    ticket_sla_alert(ticket_number=number, action=action, target=target)
    return TicketEvent.objects.filter(ticket__number=number).latest("id")


def _told(event: TicketEvent) -> set[str]:
    return {user.username for user in recipients_for(event)}


@pytest.mark.usefixtures("colleague", "supervisors")
def test_a_warning_on_an_untaken_ticket_goes_to_the_team(ticket_world: TicketWorld) -> None:
    event = _alert(make_ticket(ticket_world).number, Action.SLA_WARNING, "response")
    assert _told(event) == {"helpdesk_mks", "helpdesk_mks_2"}


@pytest.mark.usefixtures("colleague", "supervisors")
def test_a_warning_on_a_taken_ticket_goes_to_the_assignee_only(
    ticket_world: TicketWorld,
) -> None:
    number = make_ticket(ticket_world).number
    ticket_take(ticket_number=number, actor=ticket_world.staff_lpse)
    event = _alert(number, Action.SLA_WARNING, "resolution")
    assert _told(event) == {"helpdesk_mks"}
    notification = Notification.objects.get(event=event)
    assert notification.title == (
        f"Peringatan SLA: 75% waktu target penyelesaian tiket {number} telah berlalu"
    )


@pytest.mark.usefixtures("colleague")
def test_a_breach_also_tells_the_supervisors_covering_the_ticket(
    ticket_world: TicketWorld, supervisors: dict[str, User]
) -> None:
    number = make_ticket(ticket_world).number
    ticket_take(ticket_number=number, actor=ticket_world.staff_lpse)
    event = _alert(number, Action.SLA_BREACH, "resolution")
    assert _told(event) == {"helpdesk_mks", "spv_nasional", "spv_direktorat"}
    titles = set(Notification.objects.filter(event=event).values_list("title", flat=True))
    assert titles == {f"Tiket {number} melewati batas waktu penyelesaian"}


def test_the_reporter_is_never_told_nor_shown_the_alerts(
    ticket_world: TicketWorld, client: Client
) -> None:
    ticket = make_ticket(ticket_world)
    # The reporter is also a supervisor of the ticket's directorate and a member of its team:
    # still not told, and the alerts stay out of their Riwayat Tiket.
    User.objects.filter(pk=ticket_world.reporter_a.pk).update(
        is_supervisor=True, supervised_directorate=ticket_world.directorate
    )
    ticket_world.team_lpse.members.add(ticket_world.reporter_a)
    for action in (Action.SLA_WARNING, Action.SLA_BREACH):
        event = _alert(ticket.number, action, "response")
        assert ticket_world.reporter_a.username not in _told(event)
        assert "helpdesk_mks" in _told(event)
    reporter = User.objects.get(pk=ticket_world.reporter_a.pk)
    assert not events_visible_to(reporter, ticket).filter(action__startswith="sla_").exists()
    assert (
        events_visible_to(ticket_world.staff_lpse, ticket).filter(action__startswith="sla_").count()
        == 2
    )
    client.force_login(reporter)
    page = client.get(f"/tiket/{ticket.number}/").content.decode()
    assert "Peringatan SLA" not in page and "Batas SLA terlewati" not in page
    client.force_login(ticket_world.staff_lpse)
    page = client.get(f"/tiket/{ticket.number}/").content.decode()
    assert "Peringatan SLA (target respons)" in page
    assert "Batas SLA terlewati (target respons)" in page


@pytest.mark.usefixtures("supervisors")
def test_each_recipient_with_an_address_gets_an_email_row(ticket_world: TicketWorld) -> None:
    number = make_ticket(ticket_world).number
    event = _alert(number, Action.SLA_BREACH, "response")
    notifications = Notification.objects.filter(event=event)
    assert notifications.count() == 3
    emails = EmailDelivery.objects.filter(notification__event=event)
    assert sorted(emails.values_list("to", flat=True)) == sorted(
        notifications.exclude(recipient__email="").values_list("recipient__email", flat=True)
    )
    assert emails.count() == 3


def _missed(world: TicketWorld) -> Ticket:
    """A ticket filed a month ago, never taken: both targets long missed."""
    ticket = make_ticket(world)
    past = timezone.now() - timedelta(days=30)
    Ticket.objects.filter(pk=ticket.pk).update(
        created_at=past, response_due_at=past, resolution_due_at=past + timedelta(hours=8)
    )
    return ticket


def test_the_worker_loop_runs_the_watch_once_per_period(ticket_world: TicketWorld) -> None:
    ticket = _missed(ticket_world)
    now = timezone.now()
    assert "sla_watch" in run_due("node-1", now=now)
    assert "sla_watch" not in run_due("node-2", now=now + timedelta(minutes=1))
    row = ScheduledJob.objects.get(name="sla_watch")
    assert row.last_result == "0 peringatan SLA, 2 batas SLA terlewati, 0 dilewati"
    assert row.next_run_at == now + timedelta(minutes=5)
    actions = TicketEvent.objects.filter(ticket=ticket).values_list("action", flat=True)
    assert sorted(a for a in actions if a.startswith("sla_")) == ["sla_breach", "sla_breach"]


def test_the_command_prints_what_it_did_and_a_second_run_does_nothing(
    ticket_world: TicketWorld,
) -> None:
    ticket = _missed(ticket_world)
    out = StringIO()
    call_command("sla_watch", stdout=out)
    printed = out.getvalue()
    assert f"{ticket.number}: batas SLA terlewati (response)" in printed
    assert f"{ticket.number}: batas SLA terlewati (resolution)" in printed
    assert "0 peringatan SLA, 2 batas SLA terlewati, 0 dilewati." in printed
    again = StringIO()
    call_command("sla_watch", stdout=again)
    assert again.getvalue().strip() == "0 peringatan SLA, 0 batas SLA terlewati, 0 dilewati."
    assert TicketEvent.objects.filter(ticket=ticket, action=Action.SLA_BREACH).count() == 2

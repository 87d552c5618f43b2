"""kill -9 of a worker in the middle of sending a notification (issue 15 item 6): the other
worker takes the e-mail over when its lease runs out and it arrives exactly once
(notifications/delivery.py: claim with a lease, mark sent after the server's 250)."""

from __future__ import annotations

import time

import requests

from tests.cluster.conftest import LEASE_SECONDS
from tests.cluster.smtp_sink import Sink
from tests.cluster.support import Cluster, TicketForm, wait_until


def test_a_worker_killed_mid_send_leaves_the_mail_to_the_other_exactly_once(
    cluster: Cluster, smtp_sink: tuple[Sink, int]
) -> None:
    sink, _ = smtp_sink
    form = TicketForm.of(cluster)
    (token,) = cluster.tokens("ppk1")
    probe = requests.post(
        f"{cluster.proxy}/api/v1/tickets",
        data=form.fields("Uji cluster: penerima email"),
        headers={"Authorization": f"Bearer {token}"},
        timeout=60,
    )
    assert probe.status_code == 201, probe.text[:500]
    # One recipient of the team's "new ticket" e-mail; its SMTP RCPT answer is held back.
    (recipient,) = cluster.rows(
        "SELECT u.email FROM notifications_emaildelivery d "
        "JOIN notifications_notification n ON n.id = d.notification_id "
        "JOIN accounts_user u ON u.id = n.recipient_id "
        "JOIN tickets_ticketevent e ON e.id = n.event_id "
        f"JOIN tickets_ticket t ON t.id = e.ticket_id WHERE t.number = '{probe.json()['number']}' "
        "ORDER BY d.id LIMIT 1"
    )
    address = recipient[0]
    # Nothing else waits for a worker: the held RCPT is the new ticket's e-mail.
    wait_until(
        "the outbox to be empty",
        lambda: (
            cluster.psql(
                "SELECT count(*) FROM notifications_emaildelivery "
                "WHERE status IN ('pending', 'sending')"
            )
            == "0"
        ),
        120,
    )
    sink.hold(address)
    created = requests.post(
        f"{cluster.proxy}/api/v1/tickets",
        data=form.fields("Uji cluster: worker mati"),
        headers={"Authorization": f"Bearer {token}"},
        timeout=60,
    )
    assert created.status_code == 201, created.text[:500]
    number = created.json()["number"]
    wait_until("a worker sending the held e-mail", sink.holding.is_set, 60)
    delivery = (
        "FROM notifications_emaildelivery d "
        "JOIN notifications_notification n ON n.id = d.notification_id "
        "JOIN accounts_user u ON u.id = n.recipient_id "
        "JOIN tickets_ticketevent e ON e.id = n.event_id "
        f"JOIN tickets_ticket t ON t.id = e.ticket_id WHERE t.number = '{number}' "
        f"AND u.email = '{address}'"
    )
    ((status, sender, attempts),) = cluster.rows(
        f"SELECT d.status, d.claimed_by, d.attempts {delivery}"
    )
    assert (status, attempts) == ("sending", "1")
    victim = sender.removeprefix("cluster-")
    killed_at = time.monotonic()
    cluster.kill9(victim)
    sink.release()  # the dead worker's connection: its message never reached DATA
    wait_until(
        "the other worker to send it",
        lambda: cluster.rows(f"SELECT d.status {delivery}") == [["sent"]],
        LEASE_SECONDS + 60,
    )
    took_over = time.monotonic() - killed_at
    ((status, sender_after, attempts),) = cluster.rows(
        f"SELECT d.status, d.claimed_by, d.attempts {delivery}"
    )
    # Let a duplicate, if any, arrive before counting.
    time.sleep(2)
    received = sink.containing(number, address)
    cluster.restart_worker(victim)
    print(
        f"\nworker: killed {victim} while it sent {number} to {address}; "
        f"{sender_after} sent it {took_over:.1f}s later (lease {LEASE_SECONDS}s), "
        f"attempts {attempts}, messages received {len(received)}"
    )
    assert sender_after != sender
    assert attempts == "2"
    assert len(received) == 1

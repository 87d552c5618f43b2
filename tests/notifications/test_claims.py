"""Claims and leases of the e-mail outbox: one worker per delivery, a dead worker's delivery
taken over after its lease (or at once by the same worker id), parallel workers never sending
the same e-mail — with real threads on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import OperationalError, connection
from django.utils import timezone

from lpse_support.notifications import delivery as delivery_module
from lpse_support.notifications.delivery import (
    LOST_WORKER,
    Sender,
    claim_next,
    release_claims_of,
)
from lpse_support.notifications.models import EmailDelivery
from tests.notifications.helpers import deliver
from tests.support.outbox import outbox_rows
from tests.support.ticket_world import TicketWorld

Sent = EmailDelivery.Status


@pytest.mark.django_db
def test_claim_takes_the_row_with_a_lease_and_counts_the_attempt(
    settings: Any, ticket_world: TicketWorld
) -> None:
    settings.BACKGROUND_WORKER = {**settings.BACKGROUND_WORKER, "EMAIL_LEASE_SECONDS": 120}
    first, second = outbox_rows(ticket_world, 2)
    before = timezone.now()
    claimed = claim_next("pekerja-a")
    assert claimed is not None and claimed.pk == first.pk
    assert (claimed.status, claimed.claimed_by, claimed.attempts) == (Sent.SENDING, "pekerja-a", 1)
    assert claimed.claimed_until is not None
    assert before + timedelta(seconds=120) <= claimed.claimed_until
    other = claim_next("pekerja-b")
    assert other is not None and other.pk == second.pk, "a claimed row is not claimed again"
    assert claim_next("pekerja-c") is None


@pytest.mark.django_db
def test_expired_lease_is_taken_over_and_the_old_claim_cannot_mark_it(
    ticket_world: TicketWorld, caplog: pytest.LogCaptureFixture
) -> None:
    (row,) = outbox_rows(ticket_world, 1)
    dead = claim_next("pekerja-mati")
    assert dead is not None
    assert claim_next("pekerja-baru") is None, "the lease still runs"
    EmailDelivery.objects.update(claimed_until=timezone.now() - timedelta(seconds=1))

    assert deliver("pekerja-baru").sent == 1
    row.refresh_from_db()
    assert (row.status, row.attempts, row.claimed_by) == (Sent.SENT, 2, "pekerja-baru")
    assert len(mail.outbox) == 1
    # The dead worker's late "sent" must not touch the row another worker now owns.
    delivery_module.mark_sent(dead, "pekerja-mati", timezone.now())
    assert "mungkin terkirim dua kali" in caplog.text


@pytest.mark.django_db
def test_a_restarted_worker_takes_its_own_claims_back_at_once(ticket_world: TicketWorld) -> None:
    (row,) = outbox_rows(ticket_world, 1)
    assert claim_next("host-1") is not None  # … and the process dies mid-send
    assert release_claims_of("host-2") == 0
    assert release_claims_of("host-1") == 1
    assert deliver("host-1").sent == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Sent.SENT, 2)


@pytest.mark.django_db
def test_a_delivery_that_keeps_killing_workers_ends_failed(
    settings: Any, ticket_world: TicketWorld
) -> None:
    settings.BACKGROUND_WORKER = {**settings.BACKGROUND_WORKER, "EMAIL_MAX_ATTEMPTS": 2}
    (row,) = outbox_rows(ticket_world, 1)
    for _ in range(2):
        assert claim_next("host-1") is not None
        release_claims_of("host-1")  # died again
    assert claim_next("host-1") is None
    row.refresh_from_db()
    assert (row.status, row.last_error) == (Sent.FAILED, LOST_WORKER)


@pytest.mark.django_db
def test_a_sent_mark_lost_with_the_database_is_written_later_not_resent(
    monkeypatch: pytest.MonkeyPatch, ticket_world: TicketWorld
) -> None:
    (row,) = outbox_rows(ticket_world, 1)
    real_mark = delivery_module.mark_sent
    calls = {"n": 0}

    def database_gone_once(*args: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            raise OperationalError("server closed the connection unexpectedly")
        real_mark(*args)

    monkeypatch.setattr(delivery_module, "mark_sent", database_gone_once)
    sender = Sender("host-1")
    with pytest.raises(OperationalError):
        sender.deliver_due()
    assert len(mail.outbox) == 1
    assert EmailDelivery.objects.get().status == Sent.SENDING
    sender.record_unrecorded()  # the database is back: the worker's next turn starts here
    row.refresh_from_db()
    assert row.status == Sent.SENT and row.notification.emailed_at is not None
    assert sender.deliver_due().sent == 0
    assert len(mail.outbox) == 1


@pytest.mark.needs_file_db
@pytest.mark.django_db(transaction=True)
def test_parallel_workers_never_claim_the_same_delivery(ticket_world: TicketWorld) -> None:
    rows = outbox_rows(ticket_world, 24)
    claimed: dict[str, list[int]] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def work(name: str) -> None:
        mine: list[int] = []
        try:
            start.wait()
            while (row := claim_next(name)) is not None:
                mine.append(row.pk)
        except BaseException as exc:
            errors.append(exc)
        finally:
            claimed[name] = mine
            connection.close()

    threads = [threading.Thread(target=work, args=(f"pekerja-{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    every = [pk for mine in claimed.values() for pk in mine]
    assert sorted(every) == sorted(row.pk for row in rows), "each row claimed exactly once"
    assert EmailDelivery.objects.filter(status=Sent.SENDING, attempts=1).count() == len(rows)

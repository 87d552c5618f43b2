"""Insiden services: who may link, unlink, mark a duplicate and resolve; the events; resolving
the children through the same action path, idempotent when the task runs again."""

from __future__ import annotations

from typing import Any

import pytest

from lpse_support.core.errors import InvalidInput
from lpse_support.notifications.models import Notification
from lpse_support.tickets.errors import (
    AlreadyLinked,
    DuplicateOfItself,
    IncidentNotFound,
    IncidentNotOpen,
    IncidentOtherApplication,
    InvalidTransition,
    NotLinked,
    TicketNotFound,
)
from lpse_support.tickets.models import Incident, IncidentOutcome, Ticket, TicketEvent
from lpse_support.tickets.services.incidents import (
    create_incident,
    link_ticket,
    mark_duplicate,
    open_incidents_for,
    progress_of,
    run_resolution,
    start_resolution,
    unlink_ticket,
)
from lpse_support.tickets.services.ticket_close import ticket_force_close
from lpse_support.tickets.services.ticket_resolution import ticket_confirm, ticket_reject
from lpse_support.tickets.workflow import Action, Status
from tests.support.drive import MSG, drive_to
from tests.support.flow import Flow
from tests.support.ticket_world import TicketWorld, make_ticket

RESOLUTION = "Server SPSE sudah pulih, silakan coba kembali unggah dokumen Anda."


def _incident(world: TicketWorld) -> Incident:
    return create_incident(
        world.staff_lpse,
        title="SPSE tidak dapat diakses",
        application=world.spse,
        status_text="Server SPSE sedang dalam perbaikan.",
    )


def test_only_staff_create_incidents(ticket_world: TicketWorld) -> None:
    w = ticket_world
    with pytest.raises(IncidentNotFound):
        create_incident(w.reporter_a, title="x", application=w.spse, status_text="y")
    incident = _incident(w)
    assert incident.state == Incident.State.OPEN
    assert list(open_incidents_for(w.spse.pk)) == [incident]
    assert not open_incidents_for(w.other_app.pk).exists()


def test_link_records_an_event_and_tells_the_reporter(ticket_world: TicketWorld) -> None:
    w = ticket_world
    incident = _incident(w)
    ticket = make_ticket(w)
    link_ticket(w.staff_lpse, ticket.number, incident)
    after = Ticket.objects.get(pk=ticket.pk)
    assert after.incident == incident
    assert after.revision == ticket.revision + 1
    event = TicketEvent.objects.filter(ticket=ticket).latest("id")
    assert (event.action, event.data, event.actor) == (
        Action.LINK_INCIDENT,
        {"incident": incident.pk},
        w.staff_lpse,
    )
    note = Notification.objects.get(event=event)
    assert note.recipient == w.reporter_a
    assert incident.title in note.title
    with pytest.raises(AlreadyLinked):
        link_ticket(w.staff_lpse, after, incident)


def test_link_refusals(ticket_world: TicketWorld) -> None:
    w = ticket_world
    incident = _incident(w)
    ticket = make_ticket(w)
    with pytest.raises(TicketNotFound):  # outside the scope of the other LPSE's staff
        link_ticket(w.staff_other_lpse, ticket, incident)
    with pytest.raises(TicketNotFound):  # not the reporter's own business either
        link_ticket(w.reporter_b, ticket, incident)
    with pytest.raises(InvalidTransition):  # the reporter sees it, the table refuses
        link_ticket(w.reporter_a, ticket, incident)
    other = make_ticket(
        w,
        application_id=w.other_app.pk,
        version_id=w.other_version.pk,
        subcategory_id=w.other_subcategory.pk,
    )
    with pytest.raises(IncidentOtherApplication):
        link_ticket(w.staff_lpse, other, incident)
    assert not TicketEvent.objects.filter(action=Action.LINK_INCIDENT).exists()


def test_unlink_and_duplicate(ticket_world: TicketWorld) -> None:
    w = ticket_world
    incident = _incident(w)
    ticket, original = make_ticket(w), make_ticket(w, reporter=w.reporter_b)
    with pytest.raises(NotLinked):
        unlink_ticket(w.staff_lpse, ticket)
    link_ticket(w.staff_lpse, ticket, incident)
    unlink_ticket(w.staff_lpse, ticket)
    assert Ticket.objects.get(pk=ticket.pk).incident is None
    with pytest.raises(DuplicateOfItself):
        mark_duplicate(w.staff_lpse, ticket, ticket.number)
    mark_duplicate(w.staff_lpse, ticket, original.number)
    assert Ticket.objects.get(pk=ticket.pk).duplicate_of == original
    actions = list(TicketEvent.objects.filter(ticket=ticket).values_list("action", flat=True))
    assert actions[-3:] == [Action.LINK_INCIDENT, Action.UNLINK_INCIDENT, Action.MARK_DUPLICATE]


def test_resolution_resolves_open_children_and_skips_the_rest(flow: Flow) -> None:
    w = flow.world
    incident = _incident(w)
    untaken = make_ticket(w)
    worked = drive_to(w, Status.DIKERJAKAN, reporter=w.reporter_b)
    asked = drive_to(w, Status.MENUNGGU_FEEDBACK)
    for ticket in (untaken, worked, asked):
        link_ticket(w.staff_lpse, ticket, incident)
    closed = drive_to(w, Status.DIKERJAKAN)
    link_ticket(w.staff_lpse, closed, incident)
    ticket_force_close(ticket_number=closed.number, actor=w.reporter_a, reason=MSG)

    start_resolution(flow.staff_lpse_2, incident.pk, message=RESOLUTION)
    with pytest.raises(IncidentNotOpen):  # no more links once resolving
        link_ticket(w.staff_lpse, make_ticket(w), incident)
    progress = run_resolution(incident.pk, batch=2)
    assert (progress.resolved, progress.skipped, progress.total) == (3, 1, 4)
    assert Incident.objects.get(pk=incident.pk).state == Incident.State.RESOLVED
    for ticket in (untaken, worked, asked):
        after = Ticket.objects.get(pk=ticket.pk)
        assert after.status == Status.MENUNGGU_KONFIRMASI
        assert after.feedback_from == ""
        event = TicketEvent.objects.filter(ticket=ticket).latest("id")
        assert (event.action, event.actor, event.data) == (
            Action.RESOLVE_INCIDENT,
            None,
            {"incident": incident.pk, "by": flow.staff_lpse_2.pk},
        )
        assert Notification.objects.get(event=event).recipient == after.reporter
    assert Ticket.objects.get(pk=untaken.pk).resolved_by == flow.staff_lpse_2
    assert Ticket.objects.get(pk=worked.pk).resolved_by == w.staff_lpse

    # The reporter of the untaken ticket rejects: only that child reopens, back to the
    # incident's resolver (a member of the ticket's team).
    ticket_reject(ticket_number=untaken.number, actor=w.reporter_a, message=MSG)
    ticket_confirm(ticket_number=worked.number, actor=w.reporter_b)
    statuses = dict(Ticket.objects.values_list("pk", "status"))
    assert statuses[untaken.pk] == Status.DIKERJAKAN
    assert statuses[worked.pk] == Status.SELESAI
    assert statuses[asked.pk] == Status.MENUNGGU_KONFIRMASI
    assert Ticket.objects.get(pk=untaken.pk).assignee == flow.staff_lpse_2


def test_resolution_is_idempotent(ticket_world: TicketWorld) -> None:
    w = ticket_world
    incident = _incident(w)
    tickets = [make_ticket(w) for _ in range(5)]
    for ticket in tickets:
        link_ticket(w.staff_lpse, ticket, incident)
    start_resolution(w.staff_lpse, incident.pk, message=RESOLUTION)
    start_resolution(w.staff_lpse, incident.pk, message=RESOLUTION)  # asked twice: one run
    first = run_resolution(incident.pk)
    events, notes = TicketEvent.objects.count(), Notification.objects.count()
    second = run_resolution(incident.pk)
    assert first == second == progress_of(Incident.objects.get(pk=incident.pk))
    assert (first.resolved, first.skipped) == (5, 0)
    assert (TicketEvent.objects.count(), Notification.objects.count()) == (events, notes)
    assert IncidentOutcome.objects.filter(incident=incident).count() == 5
    with pytest.raises(IncidentNotOpen):
        start_resolution(w.staff_lpse, incident.pk, message=RESOLUTION)


def test_resolution_needs_a_staff_member_and_a_message(ticket_world: TicketWorld) -> None:
    w = ticket_world
    incident = _incident(w)
    with pytest.raises(IncidentNotFound):
        start_resolution(w.reporter_a, incident.pk, message=RESOLUTION)
    with pytest.raises(InvalidInput):
        start_resolution(w.staff_lpse, incident.pk, message="pendek")
    assert Incident.objects.get(pk=incident.pk).state == Incident.State.OPEN


@pytest.mark.slow
def test_a_thousand_children_in_one_run(ticket_world: TicketWorld) -> None:
    """1,000 children: the task resolves them in batches; run again, nothing changes."""
    w = ticket_world
    incident = _incident(w)
    template = make_ticket(w)
    link_ticket(w.staff_lpse, template, incident)
    _clone_children(template, incident, 999)
    start_resolution(w.staff_lpse, incident.pk, message=RESOLUTION)
    progress = run_resolution(incident.pk)
    assert (progress.resolved, progress.total, progress.percent) == (1000, 1000, 100)
    assert Ticket.objects.filter(status=Status.MENUNGGU_KONFIRMASI).count() == 1000
    notes = Notification.objects.count()
    assert run_resolution(incident.pk) == progress
    assert Notification.objects.count() == notes


def _clone_children(template: Ticket, incident: Incident, count: int) -> None:
    """Copies of a filed ticket (new numbers), linked to the incident — rows only, so the test
    spends its time on the resolution, not on filing."""
    base = template.number[:-10]
    rows = []
    for n in range(count):
        copy = Ticket.objects.get(pk=template.pk)
        copy.pk = None
        copy.number = f"{base}{9000000000 + n:010d}"
        copy.idempotency_key = None
        copy.incident = incident
        rows.append(copy)
    Ticket.objects.bulk_create(rows, batch_size=500)


def test_start_queues_the_task_that_the_worker_runs(
    ticket_world: TicketWorld, django_capture_on_commit_callbacks: Any
) -> None:
    """The resolution is queued on commit and run by the worker's own task runner; asked
    again, the task runs again and changes nothing."""
    from django_tasks_db.models import DBTaskResult

    from lpse_support.notifications.worker import TaskRunner

    w = ticket_world
    incident = _incident(w)
    link_ticket(w.staff_lpse, make_ticket(w), incident)
    with django_capture_on_commit_callbacks(execute=True):
        start_resolution(w.staff_lpse, incident.pk, message=RESOLUTION)
    assert DBTaskResult.objects.count() == 1
    runner = TaskRunner("tes", "default")
    assert runner.run_one()
    assert Incident.objects.get(pk=incident.pk).state == Incident.State.RESOLVED
    events = TicketEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(IncidentNotOpen):
        start_resolution(w.staff_lpse, incident.pk, message=RESOLUTION)
    assert not runner.run_one()
    assert TicketEvent.objects.count() == events

"""Insiden: create an incident, link a ticket to it (or unlink, or mark it "Duplikat dari"),
and resolve it — every child through ``acting_on`` (locked, checked against the workflow table,
one event and its outbox rows each), so each reporter is told and confirms or rejects as after
Selesaikan Masalah. docs/incidents.md."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from lpse_support.accounts.viewer import Viewer, ViewerOrUser
from lpse_support.catalog.models import Application
from lpse_support.tickets.errors import (
    AlreadyLinked,
    DuplicateOfItself,
    IncidentFieldRequired,
    IncidentNotFound,
    IncidentNotOpen,
    IncidentOtherApplication,
    InvalidTransition,
    NotLinked,
)
from lpse_support.tickets.models import Incident, IncidentOutcome, Ticket
from lpse_support.tickets.services._base import acting_on, clean_message, person
from lpse_support.tickets.workflow import Action

logger = logging.getLogger("lpse_support.tickets")

BATCH = 100
TITLE_MAX = 120


# --- who may ----------------------------------------------------------------------------------


def may_manage_incidents(who: ViewerOrUser) -> bool:
    """Staff of any team and supervisors create, see and resolve incidents (docs/incidents.md);
    linking a ticket also needs the ticket's own relations (the workflow table)."""
    viewer = Viewer.of(who)
    return (
        viewer.is_authenticated
        and viewer.is_active
        and (viewer.is_support_staff or viewer.is_supervisor)
    )


def incidents_visible_to(who: ViewerOrUser) -> QuerySet[Incident]:
    if not may_manage_incidents(who):
        return Incident.objects.none()
    return Incident.objects.select_related("application")


def get_incident(who: ViewerOrUser, pk: int, *, for_update: bool = False) -> Incident:
    incidents = incidents_visible_to(who).filter(pk=pk)
    if for_update:
        incidents = incidents.select_for_update(of=("self",))
    incident = incidents.first()
    if incident is None:
        raise IncidentNotFound()
    return incident


def open_incidents_for(application_id: int | None) -> QuerySet[Incident]:
    """The incidents of an application still going on — what Buat Tiket Baru shows (to anyone
    filing: the status page text is public) and what an agent may attach a ticket to."""
    if not application_id:
        return Incident.objects.none()
    return Incident.objects.filter(application_id=application_id, state=Incident.State.OPEN)


# --- create -----------------------------------------------------------------------------------


def create_incident(
    viewer: ViewerOrUser,
    *,
    title: str,
    application: Application,
    status_text: str,
    started_at: datetime | None = None,
) -> Incident:
    creator = Viewer.of(viewer).user
    if creator is None or not may_manage_incidents(viewer):
        raise IncidentNotFound()
    title, status_text = (title or "").strip(), (status_text or "").strip()
    if not title:
        raise IncidentFieldRequired(field="title", label="Judul insiden")
    if not status_text:
        raise IncidentFieldRequired(field="status_text", label="Teks halaman status")
    return Incident.objects.create(
        title=title[:TITLE_MAX],
        application=application,
        status_text=status_text,
        started_at=started_at or timezone.now(),
        created_by=creator,
    )


# --- link, unlink, duplicate (one ticket each, through acting_on) -----------------------------


def _number(ticket: Ticket | str) -> str:
    return ticket.number if isinstance(ticket, Ticket) else ticket


def link_ticket(
    viewer: ViewerOrUser,
    ticket: Ticket | str,
    incident: Incident,
    *,
    expected_revision: int | None = None,
) -> Ticket:
    """Attach the ticket (or ticket number) to an open incident of its application. Refusals
    are catalogue errors: ``TicketNotFound`` (out of scope), ``InvalidTransition`` (the table),
    ``IncidentNotOpen``, ``IncidentOtherApplication``, ``AlreadyLinked``."""
    with acting_on(
        ticket_number=_number(ticket),
        actor=viewer,
        action=Action.LINK_INCIDENT,
        expected_revision=expected_revision,
    ) as acting:
        assert acting is not None  # no idempotency key
        locked = Incident.objects.select_for_update().get(pk=incident.pk)
        if locked.state != Incident.State.OPEN:
            raise IncidentNotOpen()
        if locked.application_id != acting.ticket.application_id:
            raise IncidentOtherApplication()
        if acting.ticket.incident_id == locked.pk:
            raise AlreadyLinked()
        applied = acting.apply(incident=locked)
        acting.save(*applied.fields)
        acting.system_line(f"Tiket dilampirkan ke insiden \u201c{locked.title}\u201d.")
        acting.record(applied.data)
        return acting.ticket


def unlink_ticket(
    viewer: ViewerOrUser, ticket: Ticket | str, *, expected_revision: int | None = None
) -> Ticket:
    with acting_on(
        ticket_number=_number(ticket),
        actor=viewer,
        action=Action.UNLINK_INCIDENT,
        expected_revision=expected_revision,
    ) as acting:
        assert acting is not None
        if acting.ticket.incident_id is None:
            raise NotLinked()
        locked = Incident.objects.select_for_update().get(pk=acting.ticket.incident_id)
        if locked.state != Incident.State.OPEN:
            raise IncidentNotOpen()
        applied = acting.apply()
        acting.save(*applied.fields)
        acting.system_line(f"Tiket dilepas dari insiden \u201c{locked.title}\u201d.")
        acting.record(applied.data)
        return acting.ticket


def mark_duplicate(
    viewer: ViewerOrUser,
    ticket: Ticket | str,
    original: Ticket | str,
    *,
    expected_revision: int | None = None,
) -> Ticket:
    """ "Duplikat dari <nomor>": the original must be a ticket the viewer sees too."""
    from lpse_support.tickets.access import access_ticket

    number = _number(ticket)
    target = access_ticket(viewer, _number(original), related=())
    if target.number == number:
        raise DuplicateOfItself()
    with acting_on(
        ticket_number=number,
        actor=viewer,
        action=Action.MARK_DUPLICATE,
        expected_revision=expected_revision,
    ) as acting:
        assert acting is not None
        applied = acting.apply(original=target)
        acting.save(*applied.fields)
        acting.system_line(f"Tiket ditandai sebagai duplikat dari {target.number}.")
        acting.record(applied.data)
        return acting.ticket


# --- resolve (a background task for many children) --------------------------------------------


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    resolved: int
    skipped: int

    @property
    def percent(self) -> int:
        return 100 if not self.total else round(100 * self.done / self.total)


def progress_of(incident: Incident) -> Progress:
    counts = dict.fromkeys(IncidentOutcome.Kind.values, 0)
    for kind in IncidentOutcome.objects.filter(incident=incident).values_list("kind", flat=True):
        counts[kind] += 1
    resolved, skipped = counts[IncidentOutcome.Kind.RESOLVED], counts[IncidentOutcome.Kind.SKIPPED]
    return Progress(
        done=resolved + skipped, total=incident.resolve_total, resolved=resolved, skipped=skipped
    )


def start_resolution(viewer: ViewerOrUser, incident_pk: int, *, message: str) -> Incident:
    """Mark the incident as being resolved (its message and who resolves it) and queue the
    task that resolves its children. Asked again while it is being resolved (a task lost, a
    retry): the task is queued again and resumes — the children already done are skipped, and
    the first message and resolver stand."""
    text = clean_message(message)
    with transaction.atomic():
        incident = get_incident(viewer, incident_pk, for_update=True)
        if incident.state == Incident.State.RESOLVED:
            raise IncidentNotOpen()
        if incident.state == Incident.State.OPEN:
            incident.state = Incident.State.RESOLVING
            incident.resolution = text
            incident.resolved_by = Viewer.of(viewer).user
            incident.resolved_at = timezone.now()
            incident.resolve_total = Ticket.objects.filter(incident=incident).count()
            incident.save(
                update_fields=[
                    "state",
                    "resolution",
                    "resolved_by",
                    "resolved_at",
                    "resolve_total",
                    "updated_at",
                ]
            )
        transaction.on_commit(lambda: _enqueue(incident.pk))
    return incident


def _enqueue(incident_pk: int) -> None:
    from lpse_support.tickets.tasks import resolve_incident_children

    resolve_incident_children.enqueue(incident_pk)


def resolve_child(incident: Incident, ticket_number: str) -> str:
    """Resolve one child as the system on behalf of the incident's resolver — its own
    transaction, the same ``acting_on`` path as every action; a child whose status does not
    allow it is skipped. The outcome row is written in the same transaction: a re-run finds it
    and does nothing (idempotent)."""
    try:
        with acting_on(
            ticket_number=ticket_number, actor=None, action=Action.RESOLVE_INCIDENT
        ) as acting:
            assert acting is not None
            ticket = acting.ticket
            if IncidentOutcome.objects.filter(incident=incident, ticket=ticket).exists():
                return ""
            resolver = incident.resolved_by
            assert resolver is not None
            applied = acting.apply(incident=incident, resolver=resolver)
            acting.save(*applied.fields)
            acting.system_line(
                f"Diselesaikan melalui insiden \u201c{incident.title}\u201d oleh "
                f"{person(resolver)}: {incident.resolution}"
            )
            acting.record(applied.data)
            IncidentOutcome.objects.create(
                incident=incident, ticket=ticket, kind=IncidentOutcome.Kind.RESOLVED
            )
            return IncidentOutcome.Kind.RESOLVED
    except InvalidTransition as refusal:
        logger.info("Insiden %s: tiket %s dilewati: %s", incident.pk, ticket_number, refusal)
        try:
            with transaction.atomic():
                ticket_id = Ticket.objects.values_list("pk", flat=True).get(number=ticket_number)
                IncidentOutcome.objects.create(
                    incident=incident, ticket_id=ticket_id, kind=IncidentOutcome.Kind.SKIPPED
                )
        except IntegrityError:  # already counted by an earlier run
            return ""
        return IncidentOutcome.Kind.SKIPPED


def run_resolution(incident_pk: int, *, batch: int = BATCH) -> Progress:
    """The task's body: every child without an outcome, in batches, then the incident is
    marked resolved. Safe to run again (each child is done once) or concurrently (the child's
    lock and the unique outcome row)."""
    incident = Incident.objects.select_related("resolved_by").get(pk=incident_pk)
    if incident.state == Incident.State.OPEN:
        return progress_of(incident)
    last = 0
    while True:
        numbers = list(
            Ticket.objects.filter(incident=incident, pk__gt=last)
            .exclude(pk__in=IncidentOutcome.objects.filter(incident=incident).values("ticket"))
            .order_by("pk")
            .values_list("pk", "number")[:batch]
        )
        if not numbers:
            break
        for pk, number in numbers:
            resolve_child(incident, number)
            last = pk
    Incident.objects.filter(pk=incident.pk).update(
        state=Incident.State.RESOLVED, updated_at=timezone.now()
    )
    incident.state = Incident.State.RESOLVED
    return progress_of(incident)

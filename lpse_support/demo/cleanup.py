"""Removing the demo from a site before production hand-over (R-DEMO, issue 11 item 6).

Demo people are the public demo accounts (``DEMO_USERNAMES``, password public) and the accounts
``generate_tickets`` makes (``gen_pelapor_…``/``gen_petugas_…``, unusable password). Demo
tickets are every ticket one of them took part in — as reporter, assignee, resolver, event actor,
message author, uploader or rater: they were written by the seed, the generator or by testers who
know the public password. They are deleted, not anonymised, so that no invented ticket stays in
REPORTING, SLA figures, dashboard counters or search (docs/deploy.md, "Removing the demo").

Which ticket a person touched is found by walking every PROTECT/RESTRICT foreign key to the user
model, so a new model that refers to users from a ticket is covered without editing this file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Q

from lpse_support.demo.checks import DEMO_USERNAMES
from lpse_support.demo.generator.world import REPORTER_PREFIX, STAFF_PREFIX
from lpse_support.tickets.models import Ticket, TicketAttachment

# Real accounts with a prefix like the generator's keep a usable password; generated ones never
# had one (make_password(None) starts with "!").
UNUSABLE_PASSWORD_PREFIX = "!"
DELETE_BATCH = 500


@dataclass
class DemoPlan:
    """What removing the demo deletes; computed without changing anything."""

    usernames: list[str]
    user_ids: set[int]
    ticket_ids: set[int]
    attachment_count: int = 0
    # Demo tickets whose reporter is not a demo person: real people's tickets a demo account
    # acted on. Listed before the operator confirms, because they are deleted too.
    foreign_reporter_numbers: list[str] = field(default_factory=list)

    @property
    def public_accounts(self) -> list[str]:
        return [name for name in self.usernames if name in DEMO_USERNAMES]


def demo_people() -> models.QuerySet:
    generated = Q(username__startswith=REPORTER_PREFIX) | Q(username__startswith=STAFF_PREFIX)
    return get_user_model().objects.filter(
        Q(username__in=DEMO_USERNAMES)
        | (generated & Q(password__startswith=UNUSABLE_PASSWORD_PREFIX))
    )


def _ticket_path(model: type[models.Model]) -> str | None:
    """The lookup from ``model`` to its ticket id, if ``model`` belongs to a ticket."""
    if model is Ticket:
        return "pk"
    for candidate in model._meta.get_fields():
        if (
            isinstance(candidate, models.ForeignKey | models.OneToOneField)
            and candidate.related_model is Ticket
        ):
            return candidate.name
    return None


def _blocking_relations() -> Iterable[tuple[type[models.Model], str]]:
    """(model, field) pairs whose rows forbid deleting the user they point to."""
    for relation in get_user_model()._meta.related_objects:
        model = relation.related_model
        if relation.on_delete in (models.PROTECT, models.RESTRICT) and isinstance(model, type):
            yield model, relation.field.name


def plan_demo_removal() -> DemoPlan:
    people = demo_people()
    user_ids = set(people.values_list("pk", flat=True))
    ticket_ids: set[int] = set()
    for model, field_name in _blocking_relations():
        path = _ticket_path(model)
        if path is None:
            continue  # not ticket data; deleting the accounts reports it if it still blocks
        ticket_ids.update(
            model._default_manager.filter(**{f"{field_name}__in": user_ids})
            .values_list(path, flat=True)
            .distinct()
        )
    ticket_ids.discard(None)  # type: ignore[arg-type]
    foreign = (
        Ticket.objects.filter(pk__in=ticket_ids)
        .exclude(reporter_id__in=user_ids)
        .order_by("number")
        .values_list("number", flat=True)
    )
    return DemoPlan(
        usernames=sorted(people.values_list("username", flat=True)),
        user_ids=user_ids,
        ticket_ids=ticket_ids,
        attachment_count=TicketAttachment.objects.filter(ticket_id__in=ticket_ids).count(),
        foreign_reporter_numbers=list(foreign),
    )


def remove_demo(plan: DemoPlan) -> None:
    """Delete the demo tickets (events, messages, files, ratings, notifications cascade) and the
    demo people in one transaction; the stored files go after it commits, so a failure leaves
    every row and every file in place."""
    ids = sorted(plan.ticket_ids)
    with transaction.atomic():
        for start in range(0, len(ids), DELETE_BATCH):
            batch = ids[start : start + DELETE_BATCH]
            paths = list(
                TicketAttachment.objects.filter(ticket_id__in=batch).values_list("file", flat=True)
            )
            Ticket.objects.filter(pk__in=batch).delete()
            transaction.on_commit(partial(_delete_files, paths))
        get_user_model().objects.filter(pk__in=plan.user_ids).delete()


def _delete_files(paths: list[str]) -> None:
    for path in paths:
        default_storage.delete(path)

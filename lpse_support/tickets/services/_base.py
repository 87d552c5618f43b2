"""The common shape of every ticket action (ARCHITECTURE.md rule 4): one transaction, the ticket
row locked, the workflow table checked, a conditional write, one event and its outbox rows."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from lpse_support.accounts.models import User
from lpse_support.accounts.viewer import Viewer, ViewerOrUser
from lpse_support.tickets.access import ACTION_RELATIONS, access_ticket
from lpse_support.tickets.actions import registry
from lpse_support.tickets.actions.fields import Applied, Move, advance
from lpse_support.tickets.attachments import (
    CheckedUpload,
    check_file_count,
    check_upload,
    cleanup_on_failure,
    store_attachments,
)
from lpse_support.tickets.attachments.errors import AttachmentRejected, FilesRejected
from lpse_support.tickets.committed import after_commit
from lpse_support.tickets.errors import (
    CHECK_LATEST,
    RELOAD,
    AlreadyRated,
    AlreadyTaken,
    IdempotencyKeyReused,
    InvalidTransition,
    MessageTooShort,
    TicketChanged,
)
from lpse_support.tickets.models import Ticket, TicketEvent, TicketMessage
from lpse_support.tickets.parties import relations_of, side_of
from lpse_support.tickets.workflow import Action, Relation, Status, is_allowed

MESSAGE_MIN = 15


def person(user: User) -> str:
    """A name that ends a sentence: "… oleh Nurul Fadhilah, S.Kom." must not end in "..".
    Inside a sentence the name keeps its title's dot: ``named``."""
    return named(user).rstrip(".")


def named(user: User) -> str:
    """A name inside a sentence: "Nurul Fadhilah, S.Kom. (Helpdesk LPSE …)"."""
    return str(user.get_full_name())


def clean_message(text: str, *, minimum: int = MESSAGE_MIN, field_name: str = "message") -> str:
    text = (text or "").strip()
    if len(text) < minimum:
        raise MessageTooShort(limit_value=minimum, field=field_name)
    return text


def check_files(files: Sequence[UploadedFile]) -> list[CheckedUpload]:
    """Every file of one submission, checked before any transaction: the count per submission
    first (413), then each file — every refused file is named, not only the first. The
    per-user quota is enforced when they are stored."""
    check_file_count(len(files))
    checked, rejected = [], []
    for upload in files:
        try:
            checked.append(check_upload(upload))
        except AttachmentRejected as refusal:
            rejected.append(refusal)
    if len(rejected) == 1:
        raise rejected[0]
    if rejected:
        raise FilesRejected.of(rejected)
    return checked


@dataclass
class Acting:
    """The locked ticket handed to an action, and who acts (``viewer`` None: the system)."""

    ticket: Ticket
    viewer: Viewer | None
    action: str
    from_status: str
    now: datetime = field(default_factory=timezone.now)

    @property
    def actor(self) -> User | None:
        return self.viewer.user if self.viewer is not None else None

    @property
    def user(self) -> User:
        """The person acting, for the actions a person takes (``acting_on`` gives no ticket to
        an anonymous viewer: nothing is visible to one)."""
        actor = self.actor
        if actor is None:
            raise TypeError(f"{self.action} is an action of the system: nobody acts in person.")
        return actor

    @property
    def side(self) -> str:
        return side_of(self.ticket, self.viewer)

    def apply(self, **inputs: Any) -> Applied:
        """The action's field effects (its spec's pure ``apply``, ``tickets/actions/``) on the
        locked ticket, in memory; ``save`` writes the fields it names."""
        effects = registry.get(self.action).apply
        if effects is None:
            raise LookupError(f"Action {self.action!r} has no field effects.")
        return effects(self.ticket, Move(actor=self.actor, now=self.now), **inputs)

    def add_message(
        self,
        body: str,
        files: Sequence[CheckedUpload] = (),
        *,
        internal: bool = False,
        kind: str = TicketMessage.Kind.MESSAGE,
    ) -> TicketMessage:
        side = self.side
        message = TicketMessage.objects.create(
            ticket=self.ticket,
            author=self.user,
            side=side if kind != TicketMessage.Kind.SYSTEM else "sistem",
            kind=kind,
            body=body,
            is_internal=internal,
        )
        store_attachments(
            ticket=self.ticket,
            message=message,
            uploader=self.user,
            side=side,
            uploads=files,
        )
        return message

    def system_line(self, text: str) -> None:
        TicketMessage.objects.create(
            ticket=self.ticket, author=self.actor, side="sistem", kind="system", body=text
        )

    def save(self, *fields: str) -> None:
        """Write the changed fields and raise the revision, only if the status and the revision
        are still the ones we checked (guards SQLite, where row locks do not exist, and any
        writer that bypassed the lock). The status alone is not enough: resolve then reject
        brings DIKERJAKAN back, and a form drawn before would pass."""
        ticket = self.ticket
        seen = ticket.revision
        advance(ticket, self.action, self.from_status)
        names = {"status", "position", "updated_at", "revision", *fields}
        ticket.updated_at = self.now
        values = {name: getattr(ticket, _attname(ticket, name)) for name in names}
        updated = Ticket.objects.filter(
            pk=ticket.pk, status=self.from_status, revision=seen
        ).update(**{_attname(ticket, name): value for name, value in values.items()})
        if updated != 1:
            ticket.revision = seen
            raise TicketChanged(reason=RELOAD)

    def record(self, data: dict[str, Any] | None = None, key: UUID | None = None) -> TicketEvent:
        event = TicketEvent.objects.create(
            ticket=self.ticket,
            actor=self.actor,
            action=self.action,
            from_status=self.from_status,
            to_status=self.ticket.status,
            team=self.ticket.team,
            assignee=self.ticket.assignee,
            data=data or {},
            idempotency_key=key,
        )
        notify_in_transaction(event)
        return event


def _attname(ticket: Ticket, name: str) -> str:
    return str(getattr(ticket._meta.get_field(name), "attname", name))


def notify_in_transaction(event: TicketEvent) -> None:
    """The event's notifications and e-mail deliveries, written in the action's transaction (a
    transactional outbox): they commit or roll back with the action, so neither a crash after
    the commit nor a lost queue message can drop them. The worker sends the e-mails."""
    from lpse_support.notifications.outbox import write_outbox

    write_outbox(event)
    after_commit(event)


def _refusal(acting_action: str, ticket: Ticket) -> InvalidTransition:
    if acting_action == Action.TAKE and ticket.status != Status.BARU and ticket.assignee:
        return AlreadyTaken(person=person(ticket.assignee))
    if acting_action == Action.RATE and hasattr(ticket, "rating"):
        return AlreadyRated()
    return InvalidTransition(status=ticket.get_status_display())


def _changed(action: str, ticket: Ticket, allowed: bool) -> TicketChanged:
    """409 for a form drawn from an older revision; says why the action is gone if it is."""
    if allowed:
        return TicketChanged(reason=CHECK_LATEST)
    return TicketChanged(reason=_refusal(action, ticket).message)


@contextmanager
def acting_on(
    *,
    ticket_number: str,
    actor: ViewerOrUser | None,
    action: str,
    idempotency_key: UUID | None = None,
    expected_revision: int | None = None,
) -> Iterator[Acting | None]:
    """Lock, check and hand the ticket to the action.

    ``idempotency_key``: yields None when the same actor already did this same action on this
    ticket with the key (a double submit; the caller then does nothing); the key used for any
    other request is refused. ``expected_revision``: the revision the caller's form or copy was
    drawn from; a ticket changed since is refused even if the action is still allowed. The key
    is checked first, so the repeat of a request that succeeded (and so raised the revision)
    is still the silent no-op it must be.

    ``actor``: the request's ``Viewer`` (a ``User`` is read into one here, once); None for the
    system."""
    with cleanup_on_failure(), transaction.atomic():
        # Inside the transaction: on SQLite (BEGIN IMMEDIATE) a user's teams read here cannot
        # change before the commit. The request's viewer, already read, is used as it is.
        viewer = Viewer.of(actor) if actor is not None else None
        if viewer is None:
            locked = Ticket.objects.select_for_update(of=("self",))
            ticket = locked.select_related(*ACTION_RELATIONS).get(number=ticket_number)
        else:
            ticket = access_ticket(viewer, ticket_number, for_update=True)
        if idempotency_key is not None:
            used = TicketEvent.objects.filter(idempotency_key=idempotency_key).first()
            if used is not None:
                same = (used.ticket_id, used.actor_id, used.action) == (
                    ticket.pk,
                    viewer.pk if viewer is not None else None,
                    action,
                )
                if not same:
                    raise IdempotencyKeyReused()
                yield None  # the same form sent twice: the first submission already did it
                return
        relations: set[Relation] = relations_of(ticket, viewer)
        allowed = is_allowed(action, ticket.status, relations)
        if expected_revision is not None and expected_revision != ticket.revision:
            raise _changed(action, ticket, allowed)
        if not allowed:
            raise _refusal(action, ticket)
        yield Acting(ticket=ticket, viewer=viewer, action=action, from_status=ticket.status)

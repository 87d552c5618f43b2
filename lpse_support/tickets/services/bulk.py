"""Aksi massal (issue 14 item 4): one service call per selected ticket, each in its own
transaction (the action's own ``acting_on``), collecting who succeeded and who was refused and
why. No second write path: ``perform`` is the action spec's service (``tickets/bulk.py`` picks
it), so the workflow table, the scope and the notifications are those of a single action.

Double submit: the per-ticket idempotency key is derived from the batch key the form (or the
API's ``Idempotency-Key``) carries, the operation, the ticket and the revision it was chosen at —
the same form sent twice is a silent repeat for each ticket already done."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from lpse_support.accounts.viewer import Viewer
from lpse_support.core.errors import ApplicationError, NotFound
from lpse_support.tickets.errors import (
    BulkSelectionEmpty,
    BulkSelectionTooLarge,
    BulkTicketFailed,
    TicketNotFound,
)

logger = logging.getLogger(__name__)

# One page of the list at most (its largest page size).
BULK_MAX = 100
TICKET_NUMBER = re.compile(r"^[A-Za-z0-9]{1,40}$")


@dataclass(frozen=True)
class Chosen:
    """One selected ticket: its number as sent and the revision it was chosen at (if known)."""

    number: str
    revision: int | None = None


@dataclass(frozen=True)
class Refusal:
    number: str
    code: str
    message: str


@dataclass
class BulkResult:
    succeeded: list[str] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Plain values (the result page keeps them in the session between POST and GET)."""
        return {
            "succeeded": list(self.succeeded),
            "refused": [[r.number, r.code, r.message] for r in self.refused],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BulkResult:
        return cls(
            succeeded=[str(number) for number in data.get("succeeded", [])],
            refused=[Refusal(str(n), str(c), str(m)) for n, c, m in data.get("refused", [])],
        )


def chosen_tickets(
    values: Iterable[str], revisions: Mapping[str, int] | None = None
) -> list[Chosen]:
    """The selection, once each and in order: ``"NUMBER"`` or ``"NUMBER:REVISION"`` (the list's
    checkboxes), revisions also from ``revisions`` (the API). Empty or more than ``BULK_MAX``
    tickets is refused before anything is done; a malformed number is kept and later reported
    as not found, like any number the viewer cannot see."""
    seen: dict[str, Chosen] = {}
    for raw in values:
        text = str(raw).strip()
        if not text:
            continue
        number, _sep, revision = text.partition(":")
        number = number.strip().upper()
        if number in seen:
            continue
        given = int(revision) if revision.isdigit() and len(revision) <= 9 else None
        if given is None and revisions is not None:
            given = revisions.get(number)
        seen[number] = Chosen(number=number, revision=given)
    if not seen:
        raise BulkSelectionEmpty()
    if len(seen) > BULK_MAX:
        raise BulkSelectionTooLarge(limit=BULK_MAX, count=len(seen))
    return list(seen.values())


def ticket_key(batch: uuid.UUID | None, operation: str, chosen: Chosen) -> uuid.UUID | None:
    """The idempotency key of one ticket of a batch (None without a batch key)."""
    if batch is None:
        return None
    return uuid.uuid5(batch, f"{operation}:{chosen.number}:{chosen.revision or ''}")


def ticket_bulk(
    *,
    operation: str,
    perform: Callable[..., Any],
    tickets: list[Chosen],
    actor: Viewer,
    batch_key: uuid.UUID | None = None,
    inputs: Mapping[str, Any] | None = None,
) -> BulkResult:
    """Run ``perform`` on each ticket, one transaction each (never inside an outer one: a
    refusal rolls back only its own ticket). A refusal of the catalogue is collected with its
    message; a number the viewer cannot see is "Tiket tidak ditemukan." like any unknown one.
    Anything else that goes wrong on one ticket (a database error, a bug) is logged and reported
    as that ticket's ``bulk_ticket_failed``: the tickets already done stay done and the result
    page still shows what happened to each one."""
    result = BulkResult()
    for chosen in tickets:
        if not TICKET_NUMBER.match(chosen.number):
            missing = TicketNotFound()
            result.refused.append(Refusal(chosen.number, missing.code, missing.message))
            continue
        try:
            perform(
                ticket_number=chosen.number,
                actor=actor,
                idempotency_key=ticket_key(batch_key, operation, chosen),
                expected_revision=chosen.revision,
                **dict(inputs or {}),
            )
        except NotFound:
            missing = TicketNotFound()
            result.refused.append(Refusal(chosen.number, missing.code, missing.message))
        except ApplicationError as refusal:
            result.refused.append(Refusal(chosen.number, refusal.code, refusal.message))
        except Exception:  # reported per ticket; the batch goes on (docstring)
            logger.exception("bulk %s failed on ticket %s", operation, chosen.number)
            failed = BulkTicketFailed()
            result.refused.append(Refusal(chosen.number, failed.code, failed.message))
        else:
            result.succeeded.append(chosen.number)
    return result

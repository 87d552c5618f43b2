"""Every ticket write goes through these functions (ARCHITECTURE.md rule 1)."""

from lpse_support.tickets.services.ticket_close import ticket_force_close
from lpse_support.tickets.services.ticket_comment import ticket_comment
from lpse_support.tickets.services.ticket_create import ManualTender, ticket_create
from lpse_support.tickets.services.ticket_escalate import ticket_escalate
from lpse_support.tickets.services.ticket_feedback import (
    ticket_give_feedback,
    ticket_request_feedback,
)
from lpse_support.tickets.services.ticket_rate import ticket_rate
from lpse_support.tickets.services.ticket_reclassify import ticket_reclassify
from lpse_support.tickets.services.ticket_resolution import (
    auto_confirm_due,
    ticket_auto_confirm,
    ticket_confirm,
    ticket_reject,
    ticket_resolve,
)
from lpse_support.tickets.services.ticket_take import ticket_take

__all__ = [
    "ManualTender",
    "auto_confirm_due",
    "ticket_auto_confirm",
    "ticket_comment",
    "ticket_confirm",
    "ticket_create",
    "ticket_escalate",
    "ticket_force_close",
    "ticket_give_feedback",
    "ticket_rate",
    "ticket_reclassify",
    "ticket_reject",
    "ticket_request_feedback",
    "ticket_resolve",
    "ticket_take",
]

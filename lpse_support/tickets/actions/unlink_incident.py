"""Dilepas dari insiden: staff of the ticket detach it from its (still open) incident
(``services/incidents.py`` ``unlink_ticket``). Recorded in Riwayat Tiket; nobody is told."""

from __future__ import annotations

from typing import Any

from lpse_support.tickets.actions.fields import Applied, Move
from lpse_support.tickets.actions.spec import ActionSpec
from lpse_support.tickets.workflow import Action


def apply(ticket: Any, move: Move) -> Applied:
    previous = ticket.incident_id
    ticket.incident = None
    return Applied(fields=("incident",), data={"incident": previous})


SPEC = ActionSpec(action=Action.UNLINK_INCIDENT, apply=apply)

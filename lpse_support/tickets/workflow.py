"""The ticket workflow (SPEC §4) as one declarative table — pure Python, no ORM.

Each action names the relations a user must have to the ticket (reporter, assignee, member of the
ticket's team, the party asked for feedback, any party, staff party, the system), the statuses it
may start from and the status it leads to (``None`` = unchanged). Services check this table before
writing (``check_allowed``); templates and the API only read ``allowed_actions`` to draw buttons.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    BARU = "BARU", _("Belum Diambil")
    DIKERJAKAN = "DIKERJAKAN", _("Sedang Dikerjakan")
    MENUNGGU_FEEDBACK = "MENUNGGU_FEEDBACK", _("Menunggu Feedback")
    MENUNGGU_KONFIRMASI = "MENUNGGU_KONFIRMASI", _("Menunggu Konfirmasi")
    SELESAI = "SELESAI", _("Selesai")
    DITUTUP = "DITUTUP", _("Ditutup")


OPEN_STATUSES = frozenset(
    {Status.BARU, Status.DIKERJAKAN, Status.MENUNGGU_FEEDBACK, Status.MENUNGGU_KONFIRMASI}
)
DONE_STATUSES = frozenset({Status.SELESAI, Status.DITUTUP})
# Where an SLA clock runs and alerts may be raised (the work is not yet handed to the reporter).
SLA_STATUSES = frozenset({Status.BARU, Status.DIKERJAKAN, Status.MENUNGGU_FEEDBACK})
# Posisi Tiket when no team holds the ticket: the row stores these words (what lists show);
# ``Ticket.position_display`` reads them in the viewer's language.
DONE_POSITION = {Status.SELESAI: "Selesai", Status.DITUTUP: "Ditutup"}
REPORTER_POSITION = "Pelapor"

STATUS_BADGE = {
    Status.BARU: "primary",
    Status.DIKERJAKAN: "warning",
    Status.MENUNGGU_FEEDBACK: "info",
    Status.MENUNGGU_KONFIRMASI: "info",
    Status.SELESAI: "success",
    Status.DITUTUP: "secondary",
}


class Side(models.TextChoices):
    """Pihak: which side of the ticket a person acts for (file names, Diskusi labels)."""

    PELAPOR = "pelapor", _("Pelapor")
    LPSE = "lpse", _("Helpdesk LPSE")
    LKPP = "lkpp", _("Helpdesk LKPP")
    TEKNIS = "teknis", _("Tim Teknis")
    SISTEM = "sistem", _("Sistem")


SIDE_BY_TIER = {1: Side.LPSE, 2: Side.LKPP, 3: Side.TEKNIS}


class Action(models.TextChoices):
    CREATE = "create", _("Tiket dibuat")
    TAKE = "take", _("Ambil Tiket")
    RECLASSIFY = "reclassify", _("Ubah Kategori")
    REQUEST_FEEDBACK = "request_feedback", _("Butuh Feedback")
    GIVE_FEEDBACK = "give_feedback", _("Beri Feedback")
    ESCALATE = "escalate", _("Eskalasi Tiket")
    RESOLVE = "resolve", _("Selesaikan Masalah")
    CONFIRM = "confirm", _("Ya, Sudah Selesai")
    REJECT = "reject", _("Masalah Belum Terselesaikan")
    CLOSE = "close", _("Tutup Tiket")
    RATE = "rate", _("Beri Penilaian")
    AUTO_CONFIRM = "auto_confirm", _("Dikonfirmasi otomatis")
    RELEASE = "release", _("Dikembalikan ke antrean tim")
    UNASSIGN = "unassign", _("Lepas Tiket")
    REASSIGN = "reassign", _("Alihkan Tiket")
    RECALL = "recall", _("Tarik ke Antrean")
    COMMENT = "comment", _("Kirim Pesan")
    INTERNAL_NOTE = "internal_note", _("Catatan Internal")
    SLA_WARNING = "sla_warning", _("Peringatan SLA")
    SLA_BREACH = "sla_breach", _("Batas SLA terlewati")
    LINK_INCIDENT = "link_incident", _("Dilampirkan ke insiden")
    UNLINK_INCIDENT = "unlink_incident", _("Dilepas dari insiden")
    MARK_DUPLICATE = "mark_duplicate", _("Ditandai duplikat")
    RESOLVE_INCIDENT = "resolve_incident", _("Diselesaikan melalui insiden")


class Relation(models.TextChoices):
    """How a user stands to a ticket. One user may hold several relations at once."""

    REPORTER = "reporter", _("Pelapor")
    ASSIGNEE = "assignee", _("Petugas")
    TEAM_MEMBER = "team_member", _("Anggota tim tiket")
    ASKED = "asked", _("Pihak yang diminta feedback")
    PARTY = "party", _("Pihak tiket")
    STAFF_PARTY = "staff_party", _("Petugas pada tiket")
    # The ticket's team is one the user leads, or the user is a supervisor covering the ticket.
    TEAM_LEAD = "team_lead", _("Ketua tim atau supervisor tiket")
    SYSTEM = "system", _("Sistem")


class FeedbackFrom(models.TextChoices):
    REPORTER = "reporter", _("Pelapor")
    TEAM = "team", _("Tim yang mengeskalasi")


@dataclass(frozen=True)
class Rule:
    relations: frozenset[Relation]
    from_statuses: frozenset[Status]
    to_status: Status | None  # None: the status does not change


def _rule(
    relations: Iterable[Relation], from_statuses: Iterable[Status], to: Status | None
) -> Rule:
    return Rule(frozenset(relations), frozenset(from_statuses), to)


R, S = Relation, Status
# Who may link a ticket to an incident, unlink it or mark it a duplicate: its staff (its team,
# past teams) and its lead or covering supervisor.
INCIDENT_STAFF = frozenset({R.TEAM_MEMBER, R.STAFF_PARTY, R.TEAM_LEAD})
TRANSITIONS: dict[str, Rule] = {
    Action.TAKE: _rule({R.TEAM_MEMBER}, {S.BARU}, S.DIKERJAKAN),
    Action.RECLASSIFY: _rule({R.ASSIGNEE}, {S.DIKERJAKAN}, None),
    Action.REQUEST_FEEDBACK: _rule({R.ASSIGNEE}, {S.DIKERJAKAN}, S.MENUNGGU_FEEDBACK),
    Action.GIVE_FEEDBACK: _rule({R.ASKED}, {S.MENUNGGU_FEEDBACK}, S.DIKERJAKAN),
    Action.ESCALATE: _rule({R.ASSIGNEE}, {S.DIKERJAKAN}, S.BARU),
    Action.RESOLVE: _rule({R.ASSIGNEE}, {S.DIKERJAKAN}, S.MENUNGGU_KONFIRMASI),
    Action.CONFIRM: _rule({R.REPORTER}, {S.MENUNGGU_KONFIRMASI}, S.SELESAI),
    Action.REJECT: _rule({R.REPORTER}, {S.MENUNGGU_KONFIRMASI}, S.DIKERJAKAN),
    Action.CLOSE: _rule({R.REPORTER}, OPEN_STATUSES, S.DITUTUP),
    Action.RATE: _rule({R.REPORTER}, DONE_STATUSES, None),
    Action.AUTO_CONFIRM: _rule({R.SYSTEM}, {S.MENUNGGU_KONFIRMASI}, S.SELESAI),
    # The assignee left the ticket's team (or the team or the account was deactivated): the work
    # in their hands goes back to the team's queue. Not MENUNGGU_KONFIRMASI: that resolution
    # stands and waits for the reporter (services/ticket_release.py).
    Action.RELEASE: _rule({R.SYSTEM}, {S.DIKERJAKAN, S.MENUNGGU_FEEDBACK}, S.BARU),
    # Lepas Tiket: the assignee hands the work back to the team's queue, with a reason. Only
    # from DIKERJAKAN: while a question waits for an answer the assignee keeps the ticket (the
    # answer comes to them); a lead may still pull it back (RECALL).
    Action.UNASSIGN: _rule({R.ASSIGNEE}, {S.DIKERJAKAN}, S.BARU),
    # Alihkan Tiket: a team lead or covering supervisor gives a taken ticket to another active
    # member of its team (the status stays: a question asked still waits), or pulls it back to
    # the queue (a question asked is withdrawn, as in RELEASE).
    Action.REASSIGN: _rule({R.TEAM_LEAD}, {S.DIKERJAKAN, S.MENUNGGU_FEEDBACK}, None),
    Action.RECALL: _rule({R.TEAM_LEAD}, {S.DIKERJAKAN, S.MENUNGGU_FEEDBACK}, S.BARU),
    Action.COMMENT: _rule({R.PARTY}, OPEN_STATUSES, None),
    Action.INTERNAL_NOTE: _rule({R.STAFF_PARTY}, OPEN_STATUSES, None),
    # The SLA watch (services/ticket_sla.py) tells the staff that 75 % of a target has passed
    # or that it was missed. An alert records an event only: the status and the revision stay
    # (an agent's open form is not made stale by it). Not MENUNGGU_KONFIRMASI: the work is
    # done and the clock stopped.
    Action.SLA_WARNING: _rule({R.SYSTEM}, SLA_STATUSES, None),
    Action.SLA_BREACH: _rule({R.SYSTEM}, SLA_STATUSES, None),
    # Insiden (docs/incidents.md): staff of the ticket link an open ticket to an incident of
    # its application, unlink it, or mark it "Duplikat dari" another ticket. The status stays.
    Action.LINK_INCIDENT: _rule(INCIDENT_STAFF, OPEN_STATUSES, None),
    Action.UNLINK_INCIDENT: _rule(INCIDENT_STAFF, OPEN_STATUSES, None),
    Action.MARK_DUPLICATE: _rule(INCIDENT_STAFF, OPEN_STATUSES, None),
    # Resolving the incident resolves each child still being worked on (or not yet taken), as
    # the system on behalf of whoever resolved the incident; the reporter confirms or rejects
    # as after Selesaikan Masalah. A child already waiting or done is skipped.
    Action.RESOLVE_INCIDENT: _rule({R.SYSTEM}, SLA_STATUSES, S.MENUNGGU_KONFIRMASI),
}
# The SLA targets an alert names (its event's ``data["target"]``).
SLA_RESPONSE = "response"
SLA_RESOLUTION = "resolution"
SLA_TARGET_LABELS = {SLA_RESPONSE: _("target respons"), SLA_RESOLUTION: _("target penyelesaian")}
# Events for the ticket's staff only: the reporter never sees them in Riwayat Tiket nor is told.
STAFF_ONLY_ACTIONS = frozenset({Action.INTERNAL_NOTE, Action.SLA_WARNING, Action.SLA_BREACH})
# Actions a person chooses on the page, in the order the buttons appear.
USER_ACTIONS = (
    Action.TAKE,
    Action.GIVE_FEEDBACK,
    Action.RECLASSIFY,
    Action.REQUEST_FEEDBACK,
    Action.ESCALATE,
    Action.RESOLVE,
    Action.UNASSIGN,
    Action.REASSIGN,
    Action.RECALL,
    Action.CONFIRM,
    Action.REJECT,
    Action.RATE,
    Action.CLOSE,
    Action.COMMENT,
    Action.INTERNAL_NOTE,
)


def is_allowed(action: str, status: str, relations: Iterable[Relation]) -> bool:
    rule = TRANSITIONS[action]
    return status in rule.from_statuses and bool(rule.relations & set(relations))


def allowed_for(status: str, relations: Iterable[Relation]) -> list[Action]:
    held = set(relations)
    return [action for action in USER_ACTIONS if is_allowed(action, status, held)]


def target_status(action: str, current: str) -> Status:
    rule = TRANSITIONS[action]
    return rule.to_status if rule.to_status is not None else Status(current)

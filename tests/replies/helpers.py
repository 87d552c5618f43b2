"""Shared setup for the Templat Balasan tests: a lead in the ticket world and a template."""

from __future__ import annotations

from lpse_support.accounts.models import Team, TeamMembership, User
from lpse_support.replies.models import ReplyTemplate

BODY = "Yth. {nama_pelapor}, tiket {nomor_tiket} ({aplikasi}) sedang kami periksa. — {nama_petugas}"


def make_lead(user: User, team: Team) -> User:
    TeamMembership.objects.filter(user=user, team=team).update(is_lead=True)
    return user


def make_template(team: Team, **fields: object) -> ReplyTemplate:
    values: dict[str, object] = {"title": "Sedang diperiksa", "body": BODY}
    values.update(fields)
    return ReplyTemplate.objects.create(team=team, **values)

"""Seeds demo Templat Balasan for the Makassar helpdesk and Helpdesk LKPP Teknis (created once)."""

from __future__ import annotations

from typing import NamedTuple

from lpse_support.accounts.models import Team
from lpse_support.catalog.models import Application
from lpse_support.demo.seed.accounts import TEAM_LKPP_TEKNIS, TEAM_MAKASSAR
from lpse_support.demo.seed.upsert import Tally
from lpse_support.replies.models import ReplyTemplate


class ReplySeed(NamedTuple):
    team: str
    title: str
    application: str | None
    body: str


REPLIES: tuple[ReplySeed, ...] = (
    ReplySeed(
        TEAM_MAKASSAR,
        "Minta tangkapan layar",
        None,
        "Yth. {nama_pelapor},\n\nTerima kasih atas laporan tiket {nomor_tiket} ({judul}). Mohon "
        "kirimkan tangkapan layar pesan galat yang muncul di {aplikasi} beserta waktu kejadiannya "
        "agar kami dapat menelusuri masalahnya.\n\nSalam,\n{nama_petugas}\n{tim}",
    ),
    ReplySeed(
        TEAM_MAKASSAR,
        "Masalah sudah diperbaiki",
        None,
        "Yth. {nama_pelapor},\n\nMasalah pada tiket {nomor_tiket} sudah kami perbaiki. Silakan "
        "coba kembali dan konfirmasi penyelesaian tiket bila {aplikasi} sudah berjalan normal."
        "\n\nSalam,\n{nama_petugas}",
    ),
    ReplySeed(
        TEAM_LKPP_TEKNIS,
        "Bersihkan cache peramban SPSE",
        "spse",
        "Yth. {nama_pelapor},\n\nUntuk tiket {nomor_tiket}, mohon bersihkan cache peramban "
        "lalu masuk kembali ke SPSE. Bila masalah masih terjadi, balas pesan ini dengan "
        "tangkapan layarnya.\n\nSalam,\n{nama_petugas} ({tim})",
    ),
)


def seed_replies(tally: Tally, teams: dict[str, Team]) -> None:
    """Create each missing template; one a lead has edited is left as it is."""
    applications = {app.code: app for app in Application.objects.all()}
    for seed in REPLIES:
        team = teams.get(seed.team)
        if team is None or ReplyTemplate.objects.filter(team=team, title=seed.title).exists():
            continue
        ReplyTemplate.objects.create(
            team=team,
            title=seed.title,
            application=applications.get(seed.application) if seed.application else None,
            body=seed.body,
        )
        tally.add(str(ReplyTemplate._meta.verbose_name_plural), created=True, changed=False)

"""The dashboard (guide §4.1) and the user guide page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from lpse_support.accounts.viewer import viewer_of
from lpse_support.accounts.views import ShellMixin, active_teams_of
from lpse_support.dashboard.selectors import (
    REPORTER_LINKS,
    STAFF_LINKS,
    reporter_counts,
    staff_counts,
)
from lpse_support.tickets.live import LivePageMixin


@dataclass(frozen=True)
class Counter:
    key: str
    label: str | Promise
    hint: str | Promise
    icon: str


@dataclass(frozen=True)
class CounterValue:
    label: str | Promise
    hint: str | Promise
    icon: str
    value: int
    url: str
    alert: bool = False


STAFF_COUNTERS = (
    Counter("baru", _("Belum Diambil"), _("Tiket baru di tim Anda"), "inbox"),
    Counter("dikerjakan", _("Sedang Dikerjakan"), _("Tiket yang Anda tangani"), "tools"),
    Counter(
        "diambil_hari_ini",
        _("Diambil (Per Hari)"),
        _("Total tiket diambil Hari Ini (User)"),
        "calendar-check",
    ),
    Counter(
        "feedback",
        _("Menunggu Feedback"),
        _("Tiket Anda yang menunggu feedback"),
        "chat-left-dots",
    ),
    Counter(
        "konfirmasi",
        _("Menunggu Konfirmasi"),
        _("Tiket Anda yang menunggu konfirmasi pelapor"),
        "patch-check",
    ),
    Counter(
        "akan_terlambat",
        _("Akan Terlambat"),
        _("Tiket dalam lingkup Anda yang mendekati batas SLA"),
        "hourglass-split",
    ),
    Counter(
        "terlambat",
        _("Terlambat"),
        _("Tiket Anda yang melewati batas penyelesaian SLA"),
        "alarm",
    ),
)
REPORTER_COUNTERS = (
    Counter("baru", _("Belum Diambil"), _("Tiket Saya yang belum diambil petugas"), "inbox"),
    Counter("dikerjakan", _("Sedang Dikerjakan"), _("Tiket Saya yang sedang ditangani"), "tools"),
    Counter(
        "feedback",
        _("Menunggu Feedback"),
        _("Tiket Saya yang menunggu tanggapan Anda"),
        "chat-left-dots",
    ),
    Counter(
        "konfirmasi",
        _("Menunggu Konfirmasi"),
        _("Tiket Saya yang perlu Anda konfirmasi"),
        "patch-check",
    ),
    Counter(
        "terlambat",
        _("Terlambat"),
        _("Tiket Saya yang melewati batas penyelesaian SLA"),
        "alarm",
    ),
)


class DashboardView(LivePageMixin, ShellMixin, TemplateView):
    template_name = "dashboard/home.html"
    active_menu = "dashboard"
    page_title = _("Dashboard")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        viewer = viewer_of(self.request)
        is_reporter = viewer.is_plain_reporter
        counts = reporter_counts(viewer) if is_reporter else staff_counts(viewer)
        counters = REPORTER_COUNTERS if is_reporter else STAFF_COUNTERS
        links = REPORTER_LINKS if is_reporter else STAFF_LINKS
        list_url = reverse("tickets:list")
        context.update(
            is_reporter=is_reporter,
            teams=list(active_teams_of(viewer)),
            counters=[
                CounterValue(
                    c.label,
                    c.hint,
                    c.icon,
                    counts[c.key],
                    f"{list_url}?{links[c.key].query_string}",
                    alert=c.key == "terlambat" and counts[c.key] > 0,
                )
                for c in counters
            ],
        )
        return context


class UserGuideView(ShellMixin, TemplateView):
    template_name = "dashboard/user_guide.html"
    page_title = _("User Guide")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        video_url = str(settings.LPSE_SUPPORT["VIDEO_TUTORIAL_URL"] or "")
        # The default video URL points back at this page's #video section: no video is set.
        context["video_configured"] = bool(video_url) and not video_url.startswith(
            reverse("dashboard:user_guide")
        )
        return context

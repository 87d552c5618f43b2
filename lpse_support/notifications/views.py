"""Notifikasi: the list behind the bell, and the two POST actions on it. GET never changes
anything; opening a notification is a POST that marks it read and redirects to its ticket."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from lpse_support.accounts.views import ShellMixin
from lpse_support.notifications import services

PAGE_SIZE = 20


class NotificationListView(ShellMixin, TemplateView):
    template_name = "notifications/list.html"
    active_menu = "notifikasi"
    page_title = _("Notifikasi")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        try:
            number = max(1, int(self.request.GET.get("page", "1")))
        except ValueError:
            number = 1
        start = (number - 1) * PAGE_SIZE
        # One row more than the page tells whether a next page exists, without a full COUNT.
        rows = list(services.notifications_of(self.request.user)[start : start + PAGE_SIZE + 1])
        context.update(
            notifications=rows[:PAGE_SIZE],
            page_number=number,
            has_previous=number > 1,
            has_next=len(rows) > PAGE_SIZE,
        )
        return context


@login_required
@require_POST
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    notification = services.mark_read(request.user, pk)
    if notification is None:
        raise Http404(_("Notifikasi tidak ditemukan."))
    if url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(notification.url)
    return redirect("notifications:list")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(request.user)
    if count:
        messages.success(request, _("Semua notifikasi ditandai sudah dibaca."))
    return redirect("notifications:list")

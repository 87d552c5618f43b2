"""Penilaian Pelayanan (Gambar 37–39, R-RATE): the rating has a page of its own — GET shows it
while RATE is allowed, POST rates through the action's spec (``tickets/actions/rate.py``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from lpse_support.accounts import roles
from lpse_support.accounts.viewer import viewer_of
from lpse_support.catalog.models import RatingChip, RatingQuestion
from lpse_support.core.errors import ApplicationError, NotFound
from lpse_support.tickets.actions import registry
from lpse_support.tickets.errors import IdempotencyKeyReused
from lpse_support.tickets.forms.actions import RatingForm
from lpse_support.tickets.forms.create import renew_idempotency_key
from lpse_support.tickets.parties import allowed_actions
from lpse_support.tickets.views.actions import scoped
from lpse_support.tickets.workflow import Action


def rating_context(form: RatingForm) -> dict[str, Any]:
    """Questions with their chips (no-JS: every group shown), and the chips of no question."""
    questions = list(RatingQuestion.objects.order_by("-max_stars"))
    chips = list(RatingChip.objects.filter(active=True).order_by("-max_stars", "order", "label"))
    groups: list[dict[str, Any]] = []
    placed: set[int] = set()
    for question in questions:
        members = [
            c
            for c in chips
            if question.min_stars <= c.min_stars and c.max_stars <= question.max_stars
        ]
        placed.update(c.pk for c in members)
        groups.append({"question": question, "chips": members})
    rest = [c for c in chips if c.pk not in placed]
    if rest:
        groups.append({"question": None, "chips": rest})
    data: Any = form.data
    selected = {str(v) for v in (data.getlist("chips") if form.is_bound else [])}
    return {"groups": groups, "selected_chips": selected}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def rate(request: HttpRequest, number: str) -> HttpResponse:
    """Penilaian Pelayanan (Gambar 37–39): GET shows the page while RATE is allowed."""
    ticket = scoped(request, number)
    form = RatingForm(request.POST) if request.method == "POST" else RatingForm()
    if Action.RATE not in allowed_actions(ticket, viewer_of(request)):
        rated = getattr(ticket, "rating", None) is not None
        messages.error(
            request,
            gettext("Tiket ini sudah dinilai.")
            if rated
            else gettext("Penilaian hanya dapat diberikan oleh pelapor setelah tiket selesai."),
        )
        return redirect(reverse("tickets:detail", args=[number]))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            spec = registry.get(Action.RATE)
            try:
                done = spec.submit(form, [], ticket_number=number, actor=viewer_of(request))
            except NotFound:
                raise  # the 404 page (core.middleware), not a message on the form
            except IdempotencyKeyReused as exc:
                renew_idempotency_key(form)
                form.add_error(None, exc.message)
            except ApplicationError as exc:
                field = exc.field if exc.field in form.fields else None
                form.add_error(field, exc.message)
            else:
                messages.success(request, spec.success(done))
                return redirect(reverse("tickets:detail", args=[number]))
        status = 422
        form.mark_invalid()
    context = {
        "ticket": ticket,
        "form": form,
        "page_title": gettext("Penilaian Pelayanan"),
        "active_menu": "semua-tiket",
        "role_label": roles.role_label(viewer_of(request)),
        **rating_context(form),
    }
    return TemplateResponse(request, "tickets/rate.html", context, status=status)

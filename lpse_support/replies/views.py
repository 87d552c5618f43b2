"""Templat Balasan pages: the lead's list/create/edit/(de)activate; the picker's fill POST."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lpse_support.accounts import roles
from lpse_support.accounts.viewer import Viewer, viewer_of
from lpse_support.core.errors import InvalidInput
from lpse_support.replies.forms import ReplyTemplateForm
from lpse_support.replies.placeholders import PLACEHOLDERS
from lpse_support.replies.selectors import led_templates
from lpse_support.replies.services import (
    faq_link_text,
    reply_template_create,
    reply_template_fill,
    reply_template_set_active,
    reply_template_update,
)


def _lead(request: HttpRequest) -> Viewer:
    viewer = viewer_of(request)
    if not viewer.is_active or not viewer.lead_team_ids:
        raise PermissionDenied(_("Halaman ini untuk ketua tim."))
    return viewer


def _shell(request: HttpRequest, viewer: Viewer, **context: Any) -> dict[str, Any]:
    return {
        "active_menu": "akun",
        "role_label": roles.role_label(viewer),
        "placeholders": PLACEHOLDERS,
        **context,
    }


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    viewer = _lead(request)
    context = _shell(
        request, viewer, templates=led_templates(viewer), page_title=_("Templat Balasan")
    )
    return render(request, "replies/list.html", context)


@login_required
def template_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    viewer = _lead(request)
    template = led_templates(viewer).filter(pk=pk).first() if pk is not None else None
    if pk is not None and template is None:
        raise PermissionDenied(_("Templat ini bukan milik tim yang Anda ketuai."))
    initial: dict[str, Any] = {}
    if template is not None:
        initial = {
            "team": template.team_id,
            "application": template.application_id,
            "title": template.title,
            "body": template.body,
        }
    form = ReplyTemplateForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        lead_team_ids=viewer.lead_team_ids,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            "actor": viewer,
            "team_id": data["team"].pk,
            "application_id": data["application"].pk if data["application"] else None,
            "title": data["title"],
            "body": data["body"],
        }
        try:
            if template is None:
                reply_template_create(**fields)
                messages.success(request, _("Templat balasan berhasil dibuat."))
            else:
                reply_template_update(template_id=template.pk, **fields)
                messages.success(request, _("Templat balasan berhasil disimpan."))
        except InvalidInput as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return redirect("replies:list")
    title = _("Ubah Templat Balasan") if template else _("Templat Balasan Baru")
    context = _shell(request, viewer, form=form, template=template, page_title=title)
    return render(request, "replies/form.html", context)


@login_required
@require_POST
def template_active(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = _lead(request)
    active = request.POST.get("active") == "1"
    template = reply_template_set_active(actor=viewer, template_id=pk, active=active)
    if active:
        messages.success(request, _("Templat “%(title)s” diaktifkan.") % {"title": template.title})
    else:
        messages.success(
            request, _("Templat “%(title)s” dinonaktifkan.") % {"title": template.title}
        )
    return redirect("replies:list")


@login_required
@require_POST
def fill_for_ticket(request: HttpRequest, number: str) -> JsonResponse:
    """``pilihan=t<id>`` (a template, counted as used) or ``f<id>`` (an FAQ link) for ticket
    ``number``: ``{"text": …}``; 404 for a ticket or choice outside the viewer's scope."""
    viewer = viewer_of(request)
    choice = request.POST.get("pilihan", "")
    kind, raw_id = choice[:1], choice[1:]
    if kind not in {"t", "f"} or not raw_id.isdigit():
        return JsonResponse({"detail": _("Pilihan templat tidak valid.")}, status=400)
    if kind == "t":
        text = reply_template_fill(actor=viewer, ticket_number=number, template_id=int(raw_id))
    else:
        text = faq_link_text(actor=viewer, ticket_number=number, article_id=int(raw_id))
    return JsonResponse({"text": text})

"""Buat Tiket Baru (guide §4.2.1, SPEC §2): the form page, its htmx option lists and the live
priority preview. Thin: every rule is in ``services.ticket_create`` / ``services.priority``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from lpse_support.accounts.models import User
from lpse_support.accounts.routing import NoTeamAvailable, first_team_for
from lpse_support.accounts.viewer import signed_in_user
from lpse_support.accounts.views import ShellMixin
from lpse_support.catalog.models import SubCategory
from lpse_support.core.errors import ApplicationError, InvalidInput, page_status
from lpse_support.tenders.connectors import TenderServiceUnavailable
from lpse_support.tickets.attachments import ALLOWED_LABEL
from lpse_support.tickets.attachments.pending import (
    PendingFile,
    close_all,
    listed_pending,
    posted_pending,
    rekey_pending,
)
from lpse_support.tickets.attachments.upload_limit import upload_refusal
from lpse_support.tickets.errors import IdempotencyKeyReused
from lpse_support.tickets.forms.create import (
    TicketCreateForm,
    category_choices,
    renew_idempotency_key,
    subcategory_choices,
    to_int,
    version_choices,
)
from lpse_support.tickets.services.priority import ticket_priority
from lpse_support.tickets.services.ticket_create import TITLE_MAX, resolve_tender, ticket_create

REPICK_FILES = _("Pilih ulang file yang akan diunggah.")
CREATED = _("Sukses Tiket %(number)s berhasil disimpan!")
WAREHOUSE_DOWN = _("Data tender tidak tersedia: data warehouse LKPP sedang tidak dapat dihubungi.")
SUBCATEGORY_ONLY = _("Prioritas dihitung dari sub kategori saja.")
NEUTRAL_PREVIEW = _("Prioritas dihitung otomatis setelah sub kategori dipilih.")


def priority_preview_context(reporter: User, form: TicketCreateForm) -> dict[str, Any]:
    """What ``_priority_preview.html`` shows for the (partially) filled ``form``. Never raises:
    incomplete input gives the neutral text, a tender problem falls back to the sub-category."""
    if not hasattr(form, "cleaned_data"):
        form.full_clean()
    data = form.cleaned_data
    subcategory_id = data.get("subcategory") or to_int(form.data.get("subcategory"))
    subcategory = (
        SubCategory.objects.select_related("category__application__directorate", "default_priority")
        .filter(pk=subcategory_id, active=True, category__active=True)
        .first()
        if subcategory_id
        else None
    )
    if subcategory is None:
        return {"preview": None, "neutral": NEUTRAL_PREVIEW}
    notes: list[str] = []
    tender = None
    try:
        tender = resolve_tender(
            tender_code=str(data.get("tender_code") or ""), manual=form.manual_tender()
        )
    except InvalidInput as exc:
        if isinstance(exc.__cause__, TenderServiceUnavailable):
            notes.append(f"{WAREHOUSE_DOWN} {SUBCATEGORY_ONLY}")
        else:
            notes.append(
                gettext("Data tender tidak dipakai: %(reason)s %(fallback)s")
                % {"reason": exc.message, "fallback": str(SUBCATEGORY_ONLY)}
            )
    priority = ticket_priority(subcategory=subcategory, tender=tender)
    team = None
    team_error = ""
    try:
        team = first_team_for(
            reporter=reporter,
            application=subcategory.category.application,
            category=subcategory.category,
        )
    except NoTeamAvailable as exc:
        team_error = exc.message
    return {
        "preview": priority,
        "notes": notes,
        "team": team,
        "team_error": team_error,
        "neutral": NEUTRAL_PREVIEW,
    }


class TicketCreateView(ShellMixin, TemplateView):
    template_name = "tickets/create.html"
    active_menu = "semua-tiket"
    page_title = _("Buat Tiket Baru")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = kwargs.get("form") or TicketCreateForm()
        for name in form.errors:
            if name in form.fields:
                widget = form.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                widget.attrs["aria-invalid"] = "true"
        context.update(
            repick_message=REPICK_FILES,
            form=form,
            allowed_label=ALLOWED_LABEL,
            max_upload_mb=500,
            title_max=TITLE_MAX,
            **priority_preview_context(signed_in_user(self.request), form)
            if form.is_bound
            else {"preview": None, "neutral": NEUTRAL_PREVIEW},
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = TicketCreateForm(request.POST, request.FILES)
        refusal = upload_refusal(request)
        valid = form.is_valid()
        reporter = signed_in_user(request)
        key = getattr(form, "cleaned_data", {}).get("idempotency_key")
        status = 200
        if refusal:
            form.add_error("files", refusal.message)
            status = page_status(refusal, status)
        elif valid:
            pending: list[PendingFile] = []
            try:
                # Files sent ahead by tus (their ids), checked and stored by the service like
                # the multipart ones.
                pending = posted_pending(reporter, request.POST, key)
                ticket = ticket_create(
                    reporter=reporter,
                    files=[*request.FILES.getlist("files"), *pending],
                    **form.service_arguments(),
                )
            except IdempotencyKeyReused as exc:
                # The key already filed a different ticket (Back, edit, send): say so, and a
                # new key makes the next "Kirim Tiket" file this one as a new ticket.
                renew_idempotency_key(form)
                key = form.cleaned_data.get("idempotency_key")
                rekey_pending(reporter, request.POST, key)
                form.add_error(None, exc.message)
                status = 422
            except ApplicationError as exc:
                field = exc.field if exc.field in form.fields else None
                form.add_error(field, exc.message)
                status = page_status(exc, status)
            else:
                messages.success(
                    request,
                    str(CREATED) % {"number": ticket.number},
                )
                return redirect("tickets:list")
            finally:
                close_all(pending)
        form.pending_uploads = listed_pending(reporter, request.POST, key)
        context = self.get_context_data(
            form=form, repick_files=bool(request.FILES) or refusal is not None
        )
        return self.render_to_response(context, status=status)


def _options(request: HttpRequest, choices: list[tuple[Any, Any]], selected: str) -> HttpResponse:
    return render(request, "tickets/_options.html", {"choices": choices, "selected": selected})


@require_GET
@login_required
def version_options(request: HttpRequest) -> HttpResponse:
    application_id = to_int(request.GET.get("application"))
    if application_id is None:
        return _options(request, [("", _("Pilih Versi"))], "")
    return _options(request, version_choices(application_id), request.GET.get("version", ""))


@require_GET
@login_required
def category_options(request: HttpRequest) -> HttpResponse:
    application_id = to_int(request.GET.get("application"))
    if application_id is None:
        return _options(request, [("", _("Pilih Kategori"))], "")
    return _options(request, category_choices(application_id), request.GET.get("category", ""))


@require_GET
@login_required
def subcategory_options(request: HttpRequest) -> HttpResponse:
    category_id = to_int(request.GET.get("category"))
    if category_id is None:
        return _options(request, [("", _("Pilih Sub Kategori"))], "")
    return _options(request, subcategory_choices(category_id), request.GET.get("subcategory", ""))


@require_GET
@login_required
def priority_preview(request: HttpRequest) -> HttpResponse:
    form = TicketCreateForm(request.GET)
    context = priority_preview_context(signed_in_user(request), form)
    return render(request, "tickets/_priority_preview.html", context)

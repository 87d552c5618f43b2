"""The ticket actions of the detail page (guide §4.2.3, SPEC §4): one POST-only view per action.
Thin: parse the form, call the service with the form's idempotency key, show the guide's notice
and go back to the detail page. A refused action (wrong user, wrong state, bad input) is told as
a message and changes nothing; a ticket outside the user's scope is 404 (R-AUTH-2). A form drawn
from an older revision of the ticket gets the page again as the ticket is now (409), and a key
already used for another request gets it with a new key (422) — what was typed is kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from lpse_support.accounts import roles
from lpse_support.accounts.viewer import viewer_of
from lpse_support.catalog.models import RatingChip, RatingQuestion
from lpse_support.core.errors import ApplicationError, NotFound, page_status
from lpse_support.tickets.access import access_ticket
from lpse_support.tickets.attachments.upload_limit import upload_refusal
from lpse_support.tickets.errors import IdempotencyKeyReused, TicketChanged
from lpse_support.tickets.forms.actions import (
    ActionForm,
    CloseForm,
    CommentForm,
    MessageForm,
    RatingForm,
    ReclassifyForm,
    RejectForm,
    WorkForm,
)
from lpse_support.tickets.forms.create import renew_idempotency_key
from lpse_support.tickets.models import Ticket
from lpse_support.tickets.panel import detail_panel
from lpse_support.tickets.parties import allowed_actions, escalation_targets
from lpse_support.tickets.selectors.detail import ticket_detail
from lpse_support.tickets.services.ticket_close import ticket_force_close
from lpse_support.tickets.services.ticket_comment import ticket_comment
from lpse_support.tickets.services.ticket_escalate import ticket_escalate
from lpse_support.tickets.services.ticket_feedback import (
    ticket_give_feedback,
    ticket_request_feedback,
)
from lpse_support.tickets.services.ticket_rate import ticket_rate
from lpse_support.tickets.services.ticket_reclassify import ticket_reclassify
from lpse_support.tickets.services.ticket_resolution import (
    ticket_confirm,
    ticket_reject,
    ticket_resolve,
)
from lpse_support.tickets.services.ticket_take import ticket_take
from lpse_support.tickets.workflow import Action, FeedbackFrom

TAKEN = _("Tiket berhasil diambil!")
WORKED = _("Tiket berhasil dikerjakan!")
FEEDBACK_SENT = _("Feedback berhasil terkirim!")
RECLASSIFIED = _("Kategori tiket berhasil diubah. Prioritas sekarang: %(priority)s.")
CONFIRMED = _("Terima kasih, masalah Anda telah dinyatakan selesai.")
REJECTED = _("Pesan berhasil terkirim. Tiket dikembalikan kepada petugas untuk ditangani kembali.")
CLOSED = _("Tiket berhasil ditutup.")
RATED = _("Terima kasih telah memberikan penilaian atas pelayanan kami")
SENT = _("Pesan berhasil terkirim!")
REPICK = _("Pilih ulang file yang akan diunggah.")

Call = Callable[[], Ticket]


def _scoped(request: HttpRequest, number: str) -> Ticket:
    """The ticket if the user may see it; else 404, before the form is even read."""
    try:
        return access_ticket(viewer_of(request), number)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _detail_url(number: str, anchor: str = "") -> str:
    url = reverse("tickets:detail", args=[number])
    return f"{url}#{anchor}" if anchor else url


def _render_detail(
    request: HttpRequest,
    number: str,
    name: str,
    form: ActionForm,
    *,
    repick: bool,
    status: int = 422,
) -> HttpResponse:
    """The detail page again with ``form`` bound and its errors next to the fields."""
    form.mark_invalid()
    try:
        detail = ticket_detail(viewer_of(request), number)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    context = {
        "detail": detail,
        "panel": detail_panel(detail, viewer_of(request), {name: form}),
        "ticket": detail.ticket,
        "page_title": detail.ticket.number,
        "active_menu": "semua-tiket",
        "role_label": roles.role_label(viewer_of(request)),
        "form_error_for": name,
        "repick_files": repick,
        "repick_message": REPICK,
    }
    return TemplateResponse(request, "tickets/detail.html", context, status=status)


def _refreshed(
    request: HttpRequest, number: str, name: str, form: ActionForm, message: str, status: int
) -> HttpResponse:
    """The detail page drawn from the ticket as it is now (its forms carry the new revision),
    ``message`` on top, ``form`` keeping what was typed — so a second submit is a decision taken
    on the current state. htmx requests are told to reload the whole page (HX-Refresh, which
    htmx honours on any status); the message waits for that reload."""
    if request.FILES:
        message = f"{message} {gettext(str(REPICK))}"
    messages.error(request, message)
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=status)
        response["HX-Refresh"] = "true"
        return response
    return _render_detail(request, number, name, form, repick=False, status=status)


def _act(
    request: HttpRequest,
    number: str,
    *,
    name: str,
    form: ActionForm,
    call: Callable[[ActionForm], Ticket],
    success: Callable[[Ticket], str],
    done: Callable[[Ticket], str] | None = None,
    anchor: str = "",
) -> HttpResponse:
    """Validate, call the service, show the notice. Refusals by the service about a field are
    put next to that field; state refusals ("sudah diambil", wrong status) become messages."""
    refusal = upload_refusal(request)
    if refusal:
        form.is_valid()
        form.add_error("files" if "files" in form.fields else None, refusal.message)
        return _render_detail(
            request, number, name, form, repick=True, status=page_status(refusal, 422)
        )
    if not form.is_valid():
        return _render_detail(request, number, name, form, repick=bool(request.FILES))
    try:
        ticket = call(form)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except TicketChanged as exc:
        return _refreshed(request, number, name, form, exc.message, status=409)
    except IdempotencyKeyReused as exc:
        renew_idempotency_key(form)
        return _refreshed(request, number, name, form, exc.message, status=422)
    except ApplicationError as exc:
        if exc.field:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            return _render_detail(
                request,
                number,
                name,
                form,
                repick=bool(request.FILES),
                status=page_status(exc, 422),
            )
        messages.error(request, exc.message)
        return redirect(_detail_url(number, anchor))
    messages.success(request, success(ticket))
    return redirect(done(ticket) if done else _detail_url(number))


def _notice(text: Any) -> Callable[[Ticket], str]:
    return lambda ticket: str(text)


def _files(request: HttpRequest) -> list[Any]:
    return request.FILES.getlist("files")


@login_required
@require_POST
def take(request: HttpRequest, number: str) -> HttpResponse:
    _scoped(request, number)
    return _act(
        request,
        number,
        name="take",
        form=ActionForm(request.POST),
        call=lambda form: ticket_take(
            ticket_number=number,
            actor=viewer_of(request),
            idempotency_key=form.key,
            expected_revision=form.seen_revision,
        ),
        success=_notice(TAKEN),
    )


@login_required
@require_POST
def reclassify(request: HttpRequest, number: str) -> HttpResponse:
    ticket = _scoped(request, number)
    return _act(
        request,
        number,
        name="reclassify",
        form=ReclassifyForm(request.POST, application_id=ticket.application_id),
        call=lambda form: ticket_reclassify(
            ticket_number=number,
            actor=viewer_of(request),
            subcategory_id=form.cleaned_data["subcategory"],
            idempotency_key=form.key,
            expected_revision=form.seen_revision,
        ),
        success=lambda t: gettext(str(RECLASSIFIED)) % {"priority": t.priority.name},
        anchor="kerjakan",
    )


def _work_form(request: HttpRequest, ticket: Ticket) -> WorkForm:
    actions = allowed_actions(ticket, viewer_of(request))
    targets = escalation_targets(ticket) if Action.ESCALATE in actions else []
    previous = ticket.previous_team if ticket.previous_team_id else None
    return WorkForm(
        request.POST,
        request.FILES,
        actions=[Action.REQUEST_FEEDBACK, Action.ESCALATE, Action.RESOLVE],
        previous_team=previous,
        targets=targets,
    )


def _work(request: HttpRequest, number: str, chosen: Action) -> HttpResponse:
    ticket = _scoped(request, number)
    form = _work_form(request, ticket)
    if not request.POST.get("tindakan"):
        data = request.POST.copy()
        data["tindakan"] = chosen.value
        form.data = data

    def call(form: ActionForm) -> Ticket:
        data = form.cleaned_data
        common: dict[str, Any] = {
            "ticket_number": number,
            "actor": viewer_of(request),
            "message": data["message"],
            "files": _files(request),
            "idempotency_key": form.key,
            "expected_revision": form.seen_revision,
        }
        if chosen == Action.REQUEST_FEEDBACK:
            party = data.get("from_party") or FeedbackFrom.REPORTER.value
            return ticket_request_feedback(from_party=party, **common)
        if chosen == Action.ESCALATE:
            return ticket_escalate(target_team_id=data.get("target_team"), **common)
        return ticket_resolve(**common)

    return _act(
        request,
        number,
        name="work",
        form=form,
        call=call,
        success=_notice(WORKED),
        anchor="kerjakan",
    )


@login_required
@require_POST
def request_feedback(request: HttpRequest, number: str) -> HttpResponse:
    return _work(request, number, Action.REQUEST_FEEDBACK)


@login_required
@require_POST
def escalate(request: HttpRequest, number: str) -> HttpResponse:
    return _work(request, number, Action.ESCALATE)


@login_required
@require_POST
def resolve(request: HttpRequest, number: str) -> HttpResponse:
    return _work(request, number, Action.RESOLVE)


WORK_VIEWS = {
    Action.REQUEST_FEEDBACK.value: Action.REQUEST_FEEDBACK,
    Action.ESCALATE.value: Action.ESCALATE,
    Action.RESOLVE.value: Action.RESOLVE,
}


@login_required
@require_POST
def work(request: HttpRequest, number: str) -> HttpResponse:
    """The one "Pilih Tindakan Anda" form: its radio picks the action (works without JS)."""
    chosen = WORK_VIEWS.get(request.POST.get("tindakan", ""))
    if chosen is None:
        ticket = _scoped(request, number)
        form = _work_form(request, ticket)
        return _act(
            request,
            number,
            name="work",
            form=form,
            call=lambda form: ticket,
            success=_notice(WORKED),
        )
    return _work(request, number, chosen)


@login_required
@require_POST
def give_feedback(request: HttpRequest, number: str) -> HttpResponse:
    _scoped(request, number)
    return _act(
        request,
        number,
        name="feedback",
        form=MessageForm(request.POST, request.FILES),
        call=lambda form: ticket_give_feedback(
            ticket_number=number,
            actor=viewer_of(request),
            message=form.cleaned_data["message"],
            files=_files(request),
            idempotency_key=form.key,
            expected_revision=form.seen_revision,
        ),
        success=_notice(FEEDBACK_SENT),
    )


@login_required
@require_POST
def confirm(request: HttpRequest, number: str) -> HttpResponse:
    _scoped(request, number)
    return _act(
        request,
        number,
        name="confirm",
        form=ActionForm(request.POST),
        call=lambda form: ticket_confirm(
            ticket_number=number,
            actor=viewer_of(request),
            idempotency_key=form.key,
            expected_revision=form.seen_revision,
        ),
        success=_notice(CONFIRMED),
        done=lambda ticket: reverse("tickets:rate", args=[number]),
    )


@login_required
@require_POST
def reject(request: HttpRequest, number: str) -> HttpResponse:
    _scoped(request, number)
    return _act(
        request,
        number,
        name="reject",
        form=RejectForm(request.POST, request.FILES),
        call=lambda form: ticket_reject(
            ticket_number=number,
            actor=viewer_of(request),
            message=form.cleaned_data["message"],
            files=_files(request),
            idempotency_key=form.key,
            expected_revision=form.seen_revision,
        ),
        success=_notice(REJECTED),
    )


@login_required
@require_POST
def close(request: HttpRequest, number: str) -> HttpResponse:
    _scoped(request, number)
    return _act(
        request,
        number,
        name="close",
        form=CloseForm(request.POST),
        call=lambda form: ticket_force_close(
            ticket_number=number,
            actor=viewer_of(request),
            reason=form.cleaned_data.get("reason") or "",
            idempotency_key=form.key,
            expected_revision=form.seen_revision,
        ),
        success=_notice(CLOSED),
    )


@login_required
@require_POST
def comment(request: HttpRequest, number: str) -> HttpResponse:
    ticket = _scoped(request, number)
    form = CommentForm(request.POST, request.FILES)
    if Action.INTERNAL_NOTE not in allowed_actions(ticket, viewer_of(request)):
        del form.fields["internal"]
    return _act(
        request,
        number,
        name="comment",
        form=form,
        call=lambda form: ticket_comment(
            ticket_number=number,
            actor=viewer_of(request),
            message=form.cleaned_data["message"],
            internal=bool(form.cleaned_data.get("internal")),
            files=_files(request),
            idempotency_key=form.key,
        ),
        success=_notice(SENT),
        anchor="diskusi",
    )


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
    ticket = _scoped(request, number)
    form = RatingForm(request.POST) if request.method == "POST" else RatingForm()
    if Action.RATE not in allowed_actions(ticket, viewer_of(request)):
        rated = getattr(ticket, "rating", None) is not None
        messages.error(
            request,
            gettext("Tiket ini sudah dinilai.")
            if rated
            else gettext("Penilaian hanya dapat diberikan oleh pelapor setelah tiket selesai."),
        )
        return redirect(_detail_url(number))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                ticket_rate(
                    ticket_number=number,
                    actor=viewer_of(request),
                    stars=data["stars"],
                    chip_ids=[chip.pk for chip in data["chips"]],
                    message=data.get("message") or "",
                    idempotency_key=form.key,
                    expected_revision=form.seen_revision,
                )
            except NotFound as exc:
                raise Http404(exc.message) from exc
            except IdempotencyKeyReused as exc:
                renew_idempotency_key(form)
                form.add_error(None, exc.message)
            except ApplicationError as exc:
                field = exc.field if exc.field in form.fields else None
                form.add_error(field, exc.message)
            else:
                messages.success(request, str(RATED))
                return redirect(_detail_url(number))
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

"""The ticket actions of the detail page (guide §4.2.3, SPEC §4): one POST-only view, ``act``,
for every action, resolving ``POST /tiket/<number>/<slug>/`` to the action's spec
(``tickets/actions/``). Thin: parse the spec's form, call its service with the form's
idempotency key, show its notice and go back to the detail page. A refused action (wrong user,
wrong state, bad input) is told as a message and changes nothing; a ticket outside the user's
scope is 404 (R-AUTH-2). A form drawn from an older revision of the ticket gets the page again as
the ticket is now (409), and a key already used for another request gets it with a new key
(422) — what was typed is kept."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from lpse_support.accounts import roles
from lpse_support.accounts.viewer import viewer_of
from lpse_support.core.errors import ApplicationError, NotFound, page_status
from lpse_support.tickets.access import access_ticket
from lpse_support.tickets.actions import registry
from lpse_support.tickets.actions.spec import ActionContext, ActionSpec
from lpse_support.tickets.attachments.pending import (
    PendingFile,
    close_all,
    listed_pending,
    posted_pending,
    rekey_pending,
)
from lpse_support.tickets.attachments.upload_limit import upload_refusal
from lpse_support.tickets.errors import IdempotencyKeyReused, TicketChanged
from lpse_support.tickets.forms.actions import ActionForm
from lpse_support.tickets.forms.create import renew_idempotency_key
from lpse_support.tickets.models import Ticket
from lpse_support.tickets.panel import detail_panel
from lpse_support.tickets.selectors.detail import ticket_detail

REPICK = _("Pilih ulang file yang akan diunggah.")


def scoped(request: HttpRequest, number: str) -> Ticket:
    """The ticket if the user may see it, before the form is even read; ``TicketNotFound`` is
    the 404 page (``core.middleware``)."""
    return access_ticket(viewer_of(request), number)


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
    """The detail page again with ``form`` bound and its errors next to the fields, and the
    files it already sent by tus listed again (not to be picked twice)."""
    form.mark_invalid()
    form.pending_uploads = listed_pending(viewer_of(request).user, request.POST, form.key)
    detail = ticket_detail(viewer_of(request), number)
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
    chosen: Callable[[ActionForm], ActionSpec],
    anchor: str = "",
) -> HttpResponse:
    """Validate, call the chosen action's service, show its notice. Refusals by the service
    about a field are put next to that field; state refusals ("sudah diambil", wrong status)
    become messages."""
    refusal = upload_refusal(request)
    if refusal:
        form.is_valid()
        form.add_error("files" if "files" in form.fields else None, refusal.message)
        return _render_detail(
            request, number, name, form, repick=True, status=page_status(refusal, 422)
        )
    if not form.is_valid():
        return _render_detail(request, number, name, form, repick=bool(request.FILES))
    spec = chosen(form)
    user = viewer_of(request).user
    pending: list[PendingFile] = []
    try:
        # Files sent ahead by tus (their ids): checked and stored by the service like the rest.
        pending = posted_pending(user, request.POST, form.key)
        ticket = spec.submit(
            form,
            [*request.FILES.getlist("files"), *pending],
            ticket_number=number,
            actor=viewer_of(request),
        )
    except NotFound:
        raise  # the 404 page (core.middleware), not a message on the form
    except TicketChanged as exc:
        return _refreshed(request, number, name, form, exc.message, status=409)
    except IdempotencyKeyReused as exc:
        renew_idempotency_key(form)
        rekey_pending(user, request.POST, form.key)
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
    finally:
        close_all(pending)
    messages.success(request, spec.success(ticket))
    return redirect(spec.next_url(number) if spec.next_url else _detail_url(number))


@login_required
@require_POST
def act(request: HttpRequest, number: str, slug: str) -> HttpResponse:
    """``POST /tiket/<number>/<slug>/``: the form of the route's spec, for the action the
    route names or, for a form serving several, the one the form chooses ("Pilih Tindakan
    Anda": its radio picks the action; works without JS)."""
    found = registry.route(slug)
    if found is None:
        raise Http404(slug)
    ticket = scoped(request, number)
    page, named = found.page, found.spec
    data: QueryDict = request.POST
    if named is not None and page.choice_field and not data.get(page.choice_field):
        data = request.POST.copy()
        data[page.choice_field] = named.action
    form = page.build(ActionContext(ticket, viewer_of(request), data=data, files=request.FILES))

    def chosen(valid: ActionForm) -> ActionSpec:
        if named is not None:
            return named
        if page.choose is not None:
            return registry.get(page.choose(valid))
        (only,) = registry.members(page)
        return only

    return _act(request, number, name=page.name, form=form, chosen=chosen, anchor=page.anchor)

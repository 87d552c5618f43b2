"""Kirim Pesan (R-WF-4): a message in the Diskusi by any party. The form is drawn with the
Diskusi (``_discussion.html``), not in the action panel; for staff it carries the "Catatan
internal" checkbox, which makes the message an ``internal_note`` instead. A message changes no
state: it raises no revision and its form sends none. Service: ``services/ticket_comment.py``."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from lpse_support.tickets.actions.notify import actor_name, members, reporter
from lpse_support.tickets.actions.spec import ActionContext, ActionSpec, PageForm, fixed
from lpse_support.tickets.forms.actions import ActionForm, CommentForm
from lpse_support.tickets.models import TicketEvent
from lpse_support.tickets.services.ticket_comment import ticket_comment
from lpse_support.tickets.workflow import Action

SENT = fixed(_("Pesan berhasil terkirim!"))


def recipients(event: TicketEvent) -> set[int]:
    """Every party: the reporter, and the assignee (or the team while nobody holds it)."""
    staff = {event.assignee_id} if event.assignee_id else members(event.team_id)
    return reporter(event) | staff


def title(event: TicketEvent) -> str:
    return f"Pesan baru dari {actor_name(event)} pada tiket {event.ticket.number}"


def _form(context: ActionContext) -> ActionForm:
    form = CommentForm(context.data, context.files)
    if Action.INTERNAL_NOTE not in context.allowed:
        del form.fields["internal"]
    return form


def _choose(form: ActionForm) -> str:
    return Action.INTERNAL_NOTE if form.cleaned_data.get("internal") else Action.COMMENT


def message_of(*, internal: bool) -> Any:
    def inputs(form: ActionForm, files: list[UploadedFile]) -> dict[str, Any]:
        return {"message": form.cleaned_data["message"], "internal": internal, "files": files}

    return inputs


DISKUSI = PageForm(
    name="comment", slug="pesan", url_name="comment", build=_form, anchor="diskusi", choose=_choose
)

SPEC = ActionSpec(
    action=Action.COMMENT,
    service=ticket_comment,
    inputs=message_of(internal=False),
    page=DISKUSI,
    notice=SENT,
    versioned=False,
    recipients=recipients,
    title=title,
)

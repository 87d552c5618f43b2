"""What one action is, for everything that is not the workflow table: ``ActionSpec``.

The workflow table (``tickets/workflow.py``) alone says who may do an action from which status;
a spec never decides permission. It says how the action is offered (its form on the detail page,
the block of the action panel that draws it, the list card's button), how it is carried out (its
service, the inputs the service takes from the form, its pure field effects) and what follows
(the notice shown, who is told and with which line).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

from lpse_support.accounts.viewer import ViewerOrUser
from lpse_support.tickets.actions.fields import Applied
from lpse_support.tickets.parties import allowed_actions

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile
    from django.http import QueryDict
    from django.utils.datastructures import MultiValueDict

    from lpse_support.tickets.forms.actions import ActionForm
    from lpse_support.tickets.models import Ticket, TicketEvent, TicketMessage

Text = str | Promise


class ActionContext:
    """What the detail page builds an action form from: the ticket, the viewer and — for a
    submitted form — the posted data and files (``data is None``: a fresh form for the panel).
    The viewer's allowed actions are read once, and only if a form asks for them."""

    def __init__(
        self,
        ticket: Ticket,
        viewer: ViewerOrUser,
        *,
        data: QueryDict | dict[str, Any] | None = None,
        files: MultiValueDict[str, UploadedFile] | None = None,
        allowed: Sequence[str] | None = None,
        events: Sequence[Any] = (),
        messages: Sequence[TicketMessage] = (),
    ) -> None:
        self.ticket = ticket
        self.viewer = viewer
        self.data = data
        self.files = files
        self.events = events
        self.messages = messages
        self._allowed = list(allowed) if allowed is not None else None
        self._memo: dict[str, Any] = {}

    @property
    def bound(self) -> bool:
        return self.data is not None

    @property
    def allowed(self) -> list[str]:
        if self._allowed is None:
            self._allowed = [str(action) for action in allowed_actions(self.ticket, self.viewer)]
        return self._allowed

    def once(self, key: str, compute: Callable[[], Any]) -> Any:
        """``compute()`` the first time ``key`` is asked, the same value after (a form and its
        panel context may need the same lookup, e.g. the escalation targets)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]


@dataclass(frozen=True)
class Block:
    """A block of the action panel (Detail Tiket, "Tindakan"): its template, drawn once however
    many of its actions are allowed, in ``order``."""

    template: str
    order: int


@dataclass(frozen=True)
class PageForm:
    """A form of the detail page and the route it posts to: ``POST /tiket/<number>/<slug>/``
    (``tickets:<url_name>``). One form may serve several actions ("Pilih Tindakan Anda"): then
    ``choose`` reads the action from the valid form, and each action may have its own route
    that presets ``choice_field``."""

    name: str  # its key in the panel's forms, and what ``form_error_for`` names
    slug: str
    url_name: str  # "": reached as ``tickets:act`` only
    build: Callable[[ActionContext], ActionForm]
    context: Callable[[ActionContext], dict[str, Any]] | None = None  # extra panel context
    anchor: str = ""  # where a refused action sends the user back to
    choice_field: str = ""
    choose: Callable[[ActionForm], str] | None = None


@dataclass(frozen=True)
class CardButton:
    """The list card's next-action button: a one-click form posting to ``url_name`` (with the
    card's idempotency key) or a link to the detail page at ``anchor``."""

    name: str
    label: Text
    icon: str
    css: str
    anchor: str = ""
    url_name: str = ""
    confirm: Text = ""

    @property
    def posts(self) -> bool:
        return bool(self.url_name)


def no_inputs(form: ActionForm, files: list[UploadedFile]) -> dict[str, Any]:
    return {}


def message_inputs(form: ActionForm, files: list[UploadedFile]) -> dict[str, Any]:
    """A message of the form and the files sent with it."""
    return {"message": form.cleaned_data["message"], "files": files}


@dataclass(frozen=True)
class ActionSpec:
    """One action's home. ``service`` is called with ``ticket_number``, ``actor``,
    ``idempotency_key``, ``expected_revision`` and ``inputs(form, files)`` (the page) or the
    API's parameters; it runs ``acting_on`` and applies ``apply`` to the locked ticket."""

    action: str
    service: Callable[..., Ticket] | None = None
    inputs: Callable[[ActionForm, list[UploadedFile]], dict[str, Any]] = no_inputs
    page: PageForm | None = None
    slug: str = ""  # its own route inside a shared form (``page.choice_field`` preset)
    url_name: str = ""
    block: Block | None = None
    notice: Callable[[Ticket], str] | None = None
    next_url: Callable[[str], str] | None = None  # after success; default: the detail page
    # Pure field effects: apply(ticket, move, **inputs) -> Applied (``actions/fields.py``).
    apply: Callable[..., Applied] | None = None
    versioned: bool = True  # changes the ticket row (raises its revision)
    recipients: Callable[[TicketEvent], set[int]] | None = None
    title: Callable[[TicketEvent], str] | None = None
    card: CardButton | None = None

    def perform(self, **arguments: Any) -> Ticket:
        """Call the action's service (the API passes its own parameters)."""
        if self.service is None:
            raise LookupError(f"Action {self.action!r} has no service.")
        return self.service(**arguments)

    def submit(
        self,
        form: ActionForm,
        files: list[UploadedFile],
        *,
        ticket_number: str,
        actor: ViewerOrUser | None,
    ) -> Ticket:
        """Call the service with a valid page form: its idempotency key, the revision it was
        drawn from and the inputs the action takes from it."""
        return self.perform(
            ticket_number=ticket_number,
            actor=actor,
            idempotency_key=form.key,
            expected_revision=form.seen_revision,
            **self.inputs(form, files),
        )

    def success(self, ticket: Ticket) -> str:
        """The notice shown after the action succeeded on a page."""
        return self.notice(ticket) if self.notice is not None else ""


def fixed(text: Text) -> Callable[[Ticket], str]:
    """A success notice that does not depend on the ticket."""
    return lambda ticket: str(text)

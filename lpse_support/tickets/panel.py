"""The action panel of Detail Tiket: which actions ``viewer`` may take now (from the workflow
table through ``parties.allowed_actions``, never from a template) and what their specs
(``tickets/actions/``) draw for them — forms, blocks, the escalation targets and the requests
being answered. Built by the views, never by selectors."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from lpse_support.accounts.viewer import ViewerOrUser
from lpse_support.tickets.actions import registry
from lpse_support.tickets.actions.spec import ActionContext, Block
from lpse_support.tickets.attachments import ALLOWED_LABEL
from lpse_support.tickets.forms.actions import ActionForm
from lpse_support.tickets.models import Ticket, TicketMessage
from lpse_support.tickets.parties import allowed_actions
from lpse_support.tickets.selectors.detail import TicketDetail


@dataclass(frozen=True)
class Request:
    """A request shown to the one who must answer it: who asked and their last message."""

    by: str
    message: TicketMessage | None


@dataclass
class ActionPanel:
    """What the detail page draws for ``viewer`` now: the allowed actions (``allowed_actions``
    only), the forms of their specs by name (``bound`` forms, re-rendered with errors, replace
    the fresh ones), the panel blocks to draw in order, and what the blocks show besides their
    forms (``context``: escalation targets, the request being answered, …)."""

    actions: list[str]
    forms: dict[str, ActionForm] = field(default_factory=dict)
    blocks: list[str] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)

    allowed_label: str = ALLOWED_LABEL

    def allows(self, action: str) -> bool:
        return action in self.actions

    @property
    def can(self) -> dict[str, bool]:
        """``{% if panel.can.reclassify %}``: whether an action is allowed, by its code."""
        return dict.fromkeys(self.actions, True)

    @property
    def any_main(self) -> bool:
        return bool(self.blocks)


def request_of(
    action: str, events: Sequence[Any], messages: Sequence[TicketMessage]
) -> Request | None:
    """The last ``action`` event and the message its actor wrote with it."""
    event = next((row.event for row in reversed(events) if row.event.action == action), None)
    if event is None or event.actor is None:
        return None
    by = event.actor.get_full_name()
    if event.team is not None:
        by = f"{by} ({event.team.name})"
    message = next(
        (
            m
            for m in reversed(messages)
            if m.author_id == event.actor_id
            and m.kind == TicketMessage.Kind.MESSAGE
            and not m.is_internal
            and m.created_at <= event.created_at
        ),
        None,
    )
    return Request(by=by, message=message)


def build_panel(
    *,
    ticket: Ticket,
    viewer: ViewerOrUser,
    events: Sequence[Any],
    messages: Sequence[TicketMessage],
    bound: dict[str, ActionForm] | None = None,
) -> ActionPanel:
    """The panel from the specs of the allowed actions (``tickets/actions/``): each form once,
    each block once, the blocks in their order."""
    actions = [str(action) for action in allowed_actions(ticket, viewer)]
    source = ActionContext(ticket, viewer, allowed=actions, events=events, messages=messages)
    panel = ActionPanel(actions=actions)
    blocks: list[Block] = []
    for action in actions:
        spec = registry.find(action)
        if spec is None:
            continue
        if spec.block is not None and spec.block not in blocks:
            blocks.append(spec.block)
        page = spec.page
        if page is not None and page.name not in panel.forms:
            panel.forms[page.name] = page.build(source)
            if page.context is not None:
                panel.context.update(page.context(source))
    # A form re-rendered with its errors takes the place of the fresh one (an action no longer
    # allowed is not drawn again).
    panel.forms.update({name: form for name, form in (bound or {}).items() if name in panel.forms})
    panel.blocks = [block.template for block in sorted(blocks, key=lambda block: block.order)]
    return panel


def detail_panel(
    detail: TicketDetail, viewer: ViewerOrUser, bound: dict[str, ActionForm] | None = None
) -> ActionPanel:
    """The panel of the detail page ``detail`` for ``viewer``; ``bound`` forms (re-rendered
    with their errors) replace the fresh ones by name."""
    return build_panel(
        ticket=detail.ticket,
        viewer=viewer,
        events=detail.events,
        messages=detail.messages,
        bound=bound,
    )

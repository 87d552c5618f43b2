"""The action panel of Detail Tiket: which actions ``viewer`` may take now (from the workflow
table through ``parties.allowed_actions``, never from a template), their forms, the escalation
targets and the requests being answered. Built by the views, never by selectors."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from lpse_support.accounts.models import Team
from lpse_support.accounts.viewer import ViewerOrUser
from lpse_support.tickets.attachments import ALLOWED_LABEL
from lpse_support.tickets.forms.actions import (
    ActionForm,
    CloseForm,
    CommentForm,
    MessageForm,
    ReclassifyForm,
    RejectForm,
    WorkForm,
)
from lpse_support.tickets.models import Ticket, TicketMessage
from lpse_support.tickets.parties import allowed_actions, escalation_targets
from lpse_support.tickets.selectors.detail import TicketDetail
from lpse_support.tickets.workflow import Action


@dataclass(frozen=True)
class Request:
    """A request shown to the one who must answer it: who asked and their last message."""

    by: str
    message: TicketMessage | None


@dataclass
class ActionPanel:
    """What the detail page draws for ``viewer`` now; the buttons come from ``allowed_actions``
    only. ``bound`` forms (re-rendered with errors) replace the fresh ones by name."""

    actions: list[Action]
    forms: dict[str, ActionForm] = field(default_factory=dict)
    previous_team: Team | None = None
    targets: list[Team] = field(default_factory=list)
    feedback_request: Request | None = None
    resolution: Request | None = None

    allowed_label: str = ALLOWED_LABEL

    def allows(self, action: str) -> bool:
        return action in self.actions

    @property
    def take(self) -> bool:
        return Action.TAKE in self.actions

    @property
    def work(self) -> bool:
        return bool({Action.REQUEST_FEEDBACK, Action.ESCALATE, Action.RESOLVE} & set(self.actions))

    @property
    def reclassify(self) -> bool:
        return Action.RECLASSIFY in self.actions

    @property
    def give_feedback(self) -> bool:
        return Action.GIVE_FEEDBACK in self.actions

    @property
    def confirm(self) -> bool:
        return Action.CONFIRM in self.actions

    @property
    def reject(self) -> bool:
        return Action.REJECT in self.actions

    @property
    def rate(self) -> bool:
        return Action.RATE in self.actions

    @property
    def close(self) -> bool:
        return Action.CLOSE in self.actions

    @property
    def comment(self) -> bool:
        return Action.COMMENT in self.actions or Action.INTERNAL_NOTE in self.actions

    @property
    def internal_note(self) -> bool:
        return Action.INTERNAL_NOTE in self.actions

    @property
    def any_main(self) -> bool:
        return (
            self.take
            or self.work
            or self.reclassify
            or self.give_feedback
            or self.confirm
            or self.reject
            or self.rate
            or self.close
        )


def _request_of(
    action: Action, events: Sequence[Any], messages: Sequence[TicketMessage]
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
    actions = allowed_actions(ticket, viewer)
    panel = ActionPanel(actions=actions)
    chosen = set(actions)
    forms_: dict[str, ActionForm] = {}
    if Action.TAKE in chosen:
        forms_["take"] = ActionForm()
    if Action.RECLASSIFY in chosen:
        forms_["reclassify"] = ReclassifyForm(
            application_id=ticket.application_id,
            initial={"category": ticket.category_id, "subcategory": ticket.subcategory_id},
        )
    if panel.work:
        panel.previous_team = ticket.previous_team if ticket.previous_team_id else None
        panel.targets = escalation_targets(ticket) if Action.ESCALATE in chosen else []
        forms_["work"] = WorkForm(
            actions=actions, previous_team=panel.previous_team, targets=panel.targets
        )
    if Action.GIVE_FEEDBACK in chosen:
        forms_["feedback"] = MessageForm()
        panel.feedback_request = _request_of(Action.REQUEST_FEEDBACK, events, messages)
    if Action.CONFIRM in chosen:
        forms_["confirm"] = ActionForm()
        panel.resolution = _request_of(Action.RESOLVE, events, messages)
    if Action.REJECT in chosen:
        forms_["reject"] = RejectForm()
    if Action.CLOSE in chosen:
        forms_["close"] = CloseForm()
    if panel.comment:
        form = CommentForm()
        if Action.INTERNAL_NOTE not in chosen:
            del form.fields["internal"]
        forms_["comment"] = form
    forms_.update(bound or {})
    panel.forms = forms_
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

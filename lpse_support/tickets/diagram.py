"""The workflow as a Mermaid ``stateDiagram-v2``, generated from ``workflow.TRANSITIONS`` so the
picture in ``docs/workflow.md`` cannot drift from the table the services enforce."""

from __future__ import annotations

from django.utils import translation

from lpse_support.tickets.workflow import TRANSITIONS, Action, Status


def _who(action: str) -> str:
    return ", ".join(sorted(relation.value for relation in TRANSITIONS[action].relations))


def render_mermaid() -> str:
    """Every status, every status-changing transition (``action (who)``), and the in-place
    actions as a note — ordered as the enums declare them, so the output is stable."""
    with translation.override(None):
        lines = ["stateDiagram-v2"]
        lines += [f"    {status.value}: {status.label}" for status in Status]
        lines.append(f"    [*] --> {Status.BARU.value}: {Action.CREATE.value} (any user)")
        in_place: list[str] = []
        for action, rule in TRANSITIONS.items():
            if rule.to_status is None:
                sources = " ".join(s.value for s in Status if s in rule.from_statuses)
                in_place.append(f"{action} ({_who(action)}) in {sources}")
                continue
            for status in Status:
                if status in rule.from_statuses:
                    lines.append(
                        f"    {status.value} --> {rule.to_status.value}: {action} ({_who(action)})"
                    )
        lines += [f"    {Status.SELESAI.value} --> [*]", f"    {Status.DITUTUP.value} --> [*]"]
        lines.append(f"    note right of {Status.DIKERJAKAN.value}")
        lines.append("        Status unchanged:")
        lines += [f"        {entry}" for entry in in_place]
        lines.append("    end note")
    return "\n".join(lines) + "\n"

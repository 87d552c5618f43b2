"""The Mermaid diagram is generated from the table, and docs/workflow.md shows exactly it."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

from django.core.management import call_command

from lpse_support.tickets.diagram import render_mermaid
from lpse_support.tickets.workflow import TRANSITIONS, Status

DOC = Path(__file__).resolve().parents[3] / "docs" / "workflow.md"


def test_command_prints_the_diagram() -> None:
    out = StringIO()
    call_command("workflow_diagram", stdout=out)
    assert out.getvalue() == render_mermaid()


def test_diagram_has_every_status_and_transition() -> None:
    text = render_mermaid()
    assert text.startswith("stateDiagram-v2\n")
    for status in Status:
        assert f"    {status.value}: " in text
    for action, rule in TRANSITIONS.items():
        if rule.to_status is None:
            assert f"{action} (" in text
            continue
        for source in rule.from_statuses:
            assert f"    {source.value} --> {rule.to_status.value}: {action} (" in text


def test_doc_contains_exactly_the_generated_diagram() -> None:
    doc = DOC.read_text("utf-8")
    block = doc.split("```mermaid\n", 1)[1].split("```", 1)[0]
    assert block == render_mermaid()

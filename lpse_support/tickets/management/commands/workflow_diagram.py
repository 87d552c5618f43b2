"""``manage.py workflow_diagram``: print the Mermaid state diagram of the workflow table (paste it
into docs/workflow.md; a test keeps the two identical)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lpse_support.tickets.diagram import render_mermaid


class Command(BaseCommand):
    help = "Print the ticket workflow (workflow.TRANSITIONS) as a Mermaid stateDiagram-v2."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(render_mermaid(), ending="")

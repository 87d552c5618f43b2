"""Background tasks of the tickets app: resolving an incident's children (a thousand tickets do
not fit in one request; services/incidents.py ``run_resolution`` is idempotent, so a retried
task resumes where it stopped)."""

from __future__ import annotations

from typing import Any

from django_tasks import task


@task()
def resolve_incident_children(incident_pk: int) -> dict[str, Any]:
    from lpse_support.tickets.services.incidents import run_resolution

    progress = run_resolution(incident_pk)
    return {"incident": incident_pk, "resolved": progress.resolved, "skipped": progress.skipped}

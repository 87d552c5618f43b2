"""ARCHITECTURE.md rule 1, checked on the source: only ``lpse_support/tickets/services/`` writes a
ticket's status, team or assignee — with the actions' pure field effects
(``lpse_support/tickets/actions/``), which change a ticket in memory and are applied by the
services inside ``acting_on``. Pages, API, admin, tasks and commands call the services.

Three scans of every module outside the services (and migrations): a line regex for attribute
assignments (``x.status = …``, ``x.team = …``, ``x.assignee = …`` and their ``_id`` forms), an
AST walk for ``.update(…)``/``.bulk_update(…)``/``.update_or_create(…)`` and ``setattr`` calls
naming those fields, and a line regex for raw SQL naming the ticket table — the ways a raw write
could slip past ``acting_on``. The demo ticket generator is the one reviewed exception, listed by
its path below."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.contrib import admin

from lpse_support.tickets.models import Ticket

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "lpse_support"
SERVICES = PACKAGE / "tickets" / "services"
EFFECTS = PACKAGE / "tickets" / "actions"
WRITE_PATH = (SERVICES, EFFECTS)
FIELDS = ("status", "team", "assignee", "team_id", "assignee_id", "position", "previous_team")
ASSIGNMENT = re.compile(r"\.(?:status|team|assignee|team_id|assignee_id)\s*(?<![=!<>])=(?!=)")
RAW_TICKET_TABLE = re.compile(r"\bTicket\._meta\.db_table\b|[\"']tickets_ticket[\"']")
# Reviewed exceptions: path (relative to the repository) → why the hit is not a ticket write.
WHITELIST: dict[str, str] = {
    "lpse_support/notifications/delivery.py": "status of e-mail deliveries (EmailDelivery)",
    "lpse_support/notifications/upkeep.py": "status of django-tasks rows (DBTaskResult)",
    "lpse_support/replies/services.py": "the team a reply template (ReplyTemplate) belongs to",
    "lpse_support/demo/generator/generate.py": "demo/load-test tickets written in bulk (COPY or "
    "INSERT) as finished histories that follow tickets.workflow (tests/tickets/"
    "test_generate_tickets.py checks them), never a change to a live ticket",
}


def _modules() -> list[Path]:
    return sorted(
        path
        for path in PACKAGE.rglob("*.py")
        if not any(part in path.parents for part in WRITE_PATH) and "migrations" not in path.parts
    )


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_the_scan_sees_the_code_and_the_services() -> None:
    modules = {_relative(path) for path in _modules()}
    assert any(name.startswith("lpse_support/tickets/views/") for name in modules)
    assert "lpse_support/tickets/admin.py" in modules
    assert not any(name.startswith("lpse_support/tickets/services/") for name in modules)
    assert not any(name.startswith("lpse_support/tickets/actions/") for name in modules)
    # The pattern does catch what it is meant to catch, and not comparisons.
    assert ASSIGNMENT.search("ticket.status = Status.DITUTUP")
    assert ASSIGNMENT.search("obj.assignee_id=user.pk")
    assert not ASSIGNMENT.search("if ticket.status == Status.BARU:")
    assert not ASSIGNMENT.search("ticket.status != x")
    write_path_hits = [
        path
        for part in WRITE_PATH
        for path in part.rglob("*.py")
        if ASSIGNMENT.search(path.read_text("utf-8"))
    ]
    assert write_path_hits, "the write path itself must match, or the regex is blind"


def test_no_attribute_assignment_outside_the_services() -> None:
    hits = []
    for path in _modules():
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            code = line.split("#", 1)[0]
            if ASSIGNMENT.search(code) and _relative(path) not in WHITELIST:
                hits.append(f"{_relative(path)}:{number}: {line.strip()}")
    assert hits == []


def _write_calls(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in {"update", "update_or_create", "bulk_update"}:
            keywords = {kw.arg for kw in node.keywords if kw.arg}
            if name == "bulk_update":
                keywords |= {
                    arg.value
                    for call_arg in node.args[1:2]
                    if isinstance(call_arg, (ast.List, ast.Tuple))
                    for arg in call_arg.elts
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                }
            if keywords & set(FIELDS):
                found.append((node.lineno, f"{name}({', '.join(sorted(keywords & set(FIELDS)))})"))
        if name == "setattr" and len(node.args) >= 2:
            target = node.args[1]
            if isinstance(target, ast.Constant) and target.value in FIELDS:
                found.append((node.lineno, f"setattr(…, {target.value!r})"))
    return found


def test_no_update_call_on_ticket_fields_outside_the_services() -> None:
    hits = []
    for path in _modules():
        tree = ast.parse(path.read_text("utf-8"), filename=str(path))
        for line, what in _write_calls(tree):
            if _relative(path) not in WHITELIST:
                hits.append(f"{_relative(path)}:{line}: {what}")
    assert hits == []
    # The AST scan is not blind: each kind of raw write is found in a sample.
    sample = ast.parse(
        "Ticket.objects.filter(pk=1).update(status=Status.DITUTUP)\n"
        "Ticket.objects.bulk_update(rows, ['assignee'])\n"
        "setattr(ticket, 'team', other)\n"
        "Ticket.objects.filter(status=Status.BARU).count()\n"
    )
    assert [line for line, _what in _write_calls(sample)] == [1, 2, 3]


def test_no_raw_sql_on_the_ticket_table_outside_the_services() -> None:
    hits, whitelisted = [], set()
    for path in _modules():
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            if RAW_TICKET_TABLE.search(line.split("#", 1)[0]):
                if _relative(path) in WHITELIST:
                    whitelisted.add(_relative(path))
                else:
                    hits.append(f"{_relative(path)}:{number}: {line.strip()}")
    assert hits == []
    # The generator is seen, and allowed only because it is listed by its path.
    assert whitelisted == {"lpse_support/demo/generator/generate.py"}


def test_admin_cannot_edit_tickets() -> None:
    ticket_admin = admin.site._registry[Ticket]
    assert not ticket_admin.has_change_permission(request=None)  # type: ignore[arg-type]
    assert not ticket_admin.has_add_permission(request=None)  # type: ignore[arg-type]
    assert not ticket_admin.has_delete_permission(request=None)  # type: ignore[arg-type]

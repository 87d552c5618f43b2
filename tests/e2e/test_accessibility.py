"""The accessibility gate (issue 14 item 10, docs/accessibility.md): axe-core runs on every page
type of tests/e2e/a11y_pages.py for an anonymous visitor, a reporter and an agent at 1280 and
390 px, and finds no serious or critical violation; at 390 px no page scrolls sideways."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from lpse_support.demo.checks import DEMO_PASSWORD
from lpse_support.faq.models import FaqArticle
from lpse_support.tickets.services.incidents import create_incident, link_ticket
from lpse_support.tickets.services.ticket_resolution import ticket_resolve
from lpse_support.tickets.services.ticket_take import ticket_take
from tests.e2e.a11y_pages import AGENT, ANONYMOUS, PAGES, REPORTER, SUPERVISOR, A11yPage
from tests.support.demo_tickets import MESSAGE, build_demo_tickets, file_ticket, user

AXE = Path(django_settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
ARTIFACTS = Path(django_settings.BASE_DIR) / "test-artifacts"
WIDTHS = (1280, 390)
USERNAMES = {REPORTER: "ppk1", AGENT: "helpdesk_lpse1", SUPERVISOR: "supervisor"}


@dataclass
class Finding:
    where: str
    rule: str
    impact: str
    help: str
    targets: list[str]

    def line(self) -> str:
        return f"{self.where}: {self.rule} ({self.impact}) {self.help} → {'; '.join(self.targets)}"


@pytest.fixture
def world(
    transactional_db: None, live_server: Any, settings: Any, tmp_path: Path
) -> dict[str, str]:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    call_command("compile_translations", verbosity=0)
    tickets = build_demo_tickets()
    waiting = file_ticket("ppk1", title="Tombol kirim penawaran tidak aktif")
    ticket_take(ticket_number=waiting.number, actor=user("helpdesk_lpse1"))
    ticket_resolve(ticket_number=waiting.number, actor=user("helpdesk_lpse1"), message=MESSAGE)
    faq = FaqArticle.objects.filter(published=True).order_by("pk").first()
    assert faq is not None, "seed_demo should publish FAQ articles"
    # Insiden: the feedback ticket is a child (its banner), the incident page lists it.
    agent = user("helpdesk_lpse1")
    incident = create_incident(
        agent,
        title="SPSE tidak dapat diakses",
        application=tickets.feedback.application,
        status_text="Server SPSE sedang dalam perbaikan, perkiraan pulih pukul 14.00 WIB.",
    )
    link_ticket(agent, tickets.feedback.number, incident)
    return {
        "site": str(live_server.url),
        "new": tickets.new.number,
        "taken": tickets.taken.number,
        "feedback": tickets.feedback.number,
        "waiting": waiting.number,
        "done": tickets.done.number,
        "faq": faq.slug,
        "incident": str(incident.pk),
    }


def _storage_state(browser: Any, site: str, username: str) -> Any:
    """Log in once through the form; every size of this role reuses the session."""
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    page.goto(f"{site}/akun/masuk/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: "/akun/masuk/" not in url)
    state = context.storage_state()
    context.close()
    return state


def _check(
    page: Any, site: str, spec: A11yPage, world: dict[str, str], where: str
) -> list[Finding]:
    response = page.goto(site + spec.path.format(**world))
    assert response is not None and response.status == spec.status, (where, response.status)
    for selector in spec.clicks:
        page.locator(selector).first.click()
    if spec.ready:
        page.locator(spec.ready).first.wait_for(state="visible")
    if spec.clicks:
        page.wait_for_timeout(350)  # Bootstrap's fade/collapse transitions end
        name = "".join(c if c.isalnum() else "-" for c in where)
        page.screenshot(path=str(ARTIFACTS / f"a11y-{name}.png"), full_page=True)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    findings = [
        Finding(
            where,
            item["id"],
            item["impact"],
            item["help"],
            [" ".join(node["target"]) for node in item["nodes"]][:5],
        )
        for item in result["violations"]
        if item["impact"] in BLOCKING
    ]
    width = page.viewport_size["width"]
    if width < 1280:
        scroll = page.evaluate("document.documentElement.scrollWidth")
        inner = page.evaluate("window.innerWidth")
        if scroll > inner:
            wide = page.evaluate(
                """() => Array.from(document.querySelectorAll('body *'))
                    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                    .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + e.className)"""
            )
            findings.append(
                Finding(where, "horizontal-overflow", "serious", f"{scroll}px > {inner}px", wide)
            )
    return findings


def test_no_serious_or_critical_violation_on_any_page(
    browser: Any, world: dict[str, str], artifacts_dir: Path
) -> None:
    site = world["site"]
    states = {role: _storage_state(browser, site, name) for role, name in USERNAMES.items()}
    states[ANONYMOUS] = None
    findings: list[Finding] = []
    checked = 0
    for role, state in states.items():
        for width in WIDTHS:
            # CSP refuses an injected <script>; axe is only ever injected in this test's context.
            context = browser.new_context(
                viewport={"width": width, "height": 900},
                locale="id-ID",
                storage_state=state,
                bypass_csp=True,
            )
            page = context.new_page()
            for spec in PAGES:
                if role not in spec.roles:
                    continue
                findings += _check(page, site, spec, world, f"{role}@{width} {spec.name}")
                checked += 1
            context.close()
    report = "\n".join(finding.line() for finding in findings)
    (artifacts_dir / "axe-report.txt").write_text(report or "no serious/critical violations\n")
    assert checked >= 2 * len(PAGES)  # every page at both widths, at least once
    assert not findings, f"{len(findings)} serious/critical finding(s):\n{report}"

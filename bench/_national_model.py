"""The national load model of ``bench/national.py`` (docs/scale.md §1): 1 M tickets a year,
the peak hour of a tender-closing day, agents and reporters polling their pages — turned into
requests per second per page type. ``--explain`` prints this arithmetic."""

from __future__ import annotations

# --- the model -------------------------------------------------------------------------------
TICKETS_PER_YEAR = 1_000_000
WORKING_DAYS = 250
WORKING_HOURS = 8
PEAK_FACTOR = 10
AGENTS = 600 * 2 + 100  # two helpdesk agents per LPSE + national Level 2/3 staff
POLL_SECONDS = 10  # LIVE_POLL_SECONDS
AGENTS_ON_LIST = 0.7  # the visible tab of an agent: a list (else a ticket's detail)
REPORTER_TAB_SECONDS = 600  # a reporter keeps the ticket page open ~10 min after filing
PER_TICKET = {  # requests per ticket filed (reporter and agents)
    "reporter_detail": 3,
    "reporter_list": 2,
    "agent_action": 4,  # take, feedback/message, resolve, one more message
    "agent_detail": 8,  # two views per action
}
AGENT_EVERY = {  # seconds between an agent's full page loads at the peak
    "agent_list": 120,
    "agent_dashboard": 600,
    "agent_search": 300,
}


def filings_per_second() -> float:
    average_hour = TICKETS_PER_YEAR / WORKING_DAYS / WORKING_HOURS
    return average_hour * PEAK_FACTOR / 3600


def national_rates() -> dict[str, float]:
    """Requests per second of each page type in the national peak hour."""
    filing = filings_per_second()
    rates = {"reporter_file": filing}
    rates.update({page: n * filing for page, n in PER_TICKET.items()})
    rates.update({page: AGENTS / every for page, every in AGENT_EVERY.items()})
    rates["agent_list_poll"] = AGENTS * AGENTS_ON_LIST / POLL_SECONDS
    rates["agent_detail_poll"] = AGENTS * (1 - AGENTS_ON_LIST) / POLL_SECONDS
    rates["reporter_poll"] = filing * REPORTER_TAB_SECONDS / POLL_SECONDS
    return rates


def explain() -> str:
    filing = filings_per_second()
    average_hour = TICKETS_PER_YEAR / WORKING_DAYS / WORKING_HOURS
    lines = [
        f"{TICKETS_PER_YEAR:,} tickets/year / {WORKING_DAYS} working days = "
        f"{TICKETS_PER_YEAR / WORKING_DAYS:,.0f}/day; / {WORKING_HOURS} h = {average_hour:,.0f}/h",
        f"peak hour ×{PEAK_FACTOR} = {average_hour * PEAK_FACTOR:,.0f} tickets/h = "
        f"{filing:.2f} filings/s",
        f"agents online {AGENTS:,} (600 LPSE × 2 + 100 national); each visible tab polls every "
        f"{POLL_SECONDS} s ({AGENTS_ON_LIST:.0%} a list, {1 - AGENTS_ON_LIST:.0%} a detail)",
        f"reporters' open tabs = {filing:.2f}/s × {REPORTER_TAB_SECONDS} s = "
        f"{filing * REPORTER_TAB_SECONDS:,.0f}, polling every {POLL_SECONDS} s",
        "per ticket: " + ", ".join(f"{n} {page}" for page, n in PER_TICKET.items()),
        "per agent: " + ", ".join(f"{page} every {s} s" for page, s in AGENT_EVERY.items()),
        "",
        "| page type | req/s at the national peak |",
        "|---|---:|",
    ]
    rates = national_rates()
    lines += [f"| {page} | {rate:.1f} |" for page, rate in sorted(rates.items())]
    lines.append(f"| **total** | **{sum(rates.values()):.1f}** |")
    return "\n".join(lines)

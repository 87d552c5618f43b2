"""``make bench-national``: drive the local cluster with the national load model (issue 15 item 7)
and print sustained req/s, latency per page type, DB and app CPU and database connections.

    deploy/local-cluster.sh start                                   # CLUSTER_SEED_TICKETS=100000 …
    .venv/bin/python bench/national.py --explain                    # the model's arithmetic only
    .venv/bin/python bench/national.py --scale 0.1 --seconds 60     # open loop: 10 % of the peak
    .venv/bin/python bench/national.py --closed 8 --seconds 60      # closed loop: max throughput
    .venv/bin/python bench/national.py --url http://127.0.0.1:18001 # one node, past the proxy

The model (docs/scale.md) turns 600 LPSE, 1,000,000 tickets a year and the peak hour of a
tender-closing day (10 × the average working hour) into req/s per page type: reporters filing
and reading their tickets, agents opening lists, details, the dashboard and searches, writing
(discussion messages through the API) and — most of all — the live-update polls of every open
list and detail (docs/live-updates.md: every 10 s with ``If-None-Match``). Open loop (``--scale``)
sends that mix at a fixed rate and times each request from its scheduled start (queueing
included); closed loop (``--closed N``) runs N clients back to back with the same mix.

The people are prepared on the cluster's database by ``_national_setup.py`` (sessions verified
with a TOTP device for staff, personal API tokens), so nothing here knows a password."""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import random
import resource
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from _national_model import explain, national_rates
from _national_probes import DbSampler, cluster_env, components, cpu_seconds

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
SEARCH_WORD = "jadwal"


# --- HTTP ------------------------------------------------------------------------------------
@dataclass
class Person:
    username: str
    session: str
    token: str
    tickets: list[str]
    etags: dict[str, str] = field(default_factory=dict)


class Client:
    """One keep-alive connection per thread; cookies and tokens per person."""

    def __init__(self, url: str) -> None:
        parsed = urlparse(url)
        self.host, self.port = parsed.hostname or "127.0.0.1", parsed.port or 80
        self.local = threading.local()

    def send(
        self, method: str, path: str, headers: dict[str, str], body: bytes | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        for attempt in (1, 2):
            connection = getattr(self.local, "connection", None)
            if connection is None:
                connection = self.local.connection = http.client.HTTPConnection(
                    self.host, self.port, timeout=60
                )
            try:
                connection.request(method, path, body=body, headers={"Host": self.host, **headers})
                response = connection.getresponse()
                data = response.read()
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    self.local.connection = None
                return response.status, {k.lower(): v for k, v in response.getheaders()}, data
            except (OSError, http.client.HTTPException):
                connection.close()
                self.local.connection = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def multipart(fields: dict[str, str]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in fields.items()
    ]
    return (
        "".join(parts) + f"--{boundary}--\r\n"
    ).encode(), f"multipart/form-data; boundary={boundary}"


class Load:
    def __init__(self, client: Client, people: dict[str, Any]) -> None:
        self.client = client
        self.agents = [Person(**p) for p in people["agents"]]
        self.reporters = [Person(**p) for p in people["reporters"]]
        self.filing = people["filing"]
        self.pages = {
            "agent_list": lambda: self.page(self.pick(self.agents), "/tiket/?tab=masuk"),
            "agent_list_poll": lambda: self.poll(self.pick(self.agents), "/tiket/?tab=masuk"),
            "agent_detail": lambda: self.detail(self.pick(self.agents), poll=False),
            "agent_detail_poll": lambda: self.detail(self.pick(self.agents), poll=True),
            "agent_dashboard": lambda: self.page(self.pick(self.agents), "/"),
            "agent_search": lambda: self.page(
                self.pick(self.agents), f"/tiket/?tab=semua&q={SEARCH_WORD}"
            ),
            "agent_action": self.action,
            "reporter_file": self.file,
            "reporter_list": lambda: self.page(self.pick(self.reporters), "/tiket/?tab=semua"),
            "reporter_detail": lambda: self.detail(self.pick(self.reporters), poll=False),
            "reporter_poll": lambda: self.detail(self.pick(self.reporters), poll=True),
        }

    @staticmethod
    def pick(people: list[Person]) -> Person:
        return random.choice(people)  # noqa: S311 — load mix, not security

    def page(self, who: Person, path: str) -> tuple[int, str]:
        status, _headers, _body = self.client.send(
            "GET", path, {"Cookie": f"sessionid={who.session}"}
        )
        return status, ""

    def poll(self, who: Person, path: str) -> tuple[int, str]:
        headers = {
            "Cookie": f"sessionid={who.session}",
            "HX-Request": "true",
            "X-Live-Refresh": "1",
        }
        if path in who.etags:
            headers["If-None-Match"] = who.etags[path]
        status, answer, _body = self.client.send("GET", path, headers)
        if status == 200 and "etag" in answer:
            who.etags[path] = answer["etag"]
        return status, str(status)

    def detail(self, who: Person, *, poll: bool) -> tuple[int, str]:
        """A detail view opens any of the person's tickets; a poll is of the one ticket their
        open tab shows (an agent's oldest in the sample, a reporter's newest: just filed)."""
        if not who.tickets:
            return self.page(who, "/")
        if poll:
            return self.poll(
                who, f"/tiket/{who.tickets[-1] if who in self.reporters else who.tickets[0]}/"
            )
        return self.page(who, f"/tiket/{random.choice(who.tickets)}/")  # noqa: S311

    def warm_polls(self) -> None:
        """Every open tab has loaded its page once (its ETag known), as in a running office."""
        for who in self.agents:
            self.poll(who, "/tiket/?tab=masuk")
            self.detail(who, poll=True)
        for who in self.reporters:
            self.detail(who, poll=True)

    def api(self, who: Person, path: str, fields: dict[str, str]) -> tuple[int, bytes]:
        body, content_type = multipart(fields)
        headers = {
            "Authorization": f"Bearer {who.token}",
            "Content-Type": content_type,
            "Idempotency-Key": uuid.uuid4().hex,
        }
        status, _headers, data = self.client.send("POST", path, headers, body)
        return status, data

    def action(self) -> tuple[int, str]:
        who = self.pick([a for a in self.agents if a.tickets] or self.agents)
        number = random.choice(who.tickets)  # noqa: S311
        text = "Sedang kami periksa, mohon ditunggu (uji beban nasional)."
        status, _data = self.api(who, f"/api/v1/tickets/{number}/messages", {"message": text})
        return status, ""

    def file(self) -> tuple[int, str]:
        who = self.pick(self.reporters)
        fields = {
            "title": "Uji beban: jadwal tender tidak bisa diubah",
            "description": "Jadwal tahapan tender tidak dapat disimpan setelah diubah (uji beban).",
            "version_id": str(self.filing["version_id"]),
            "subcategory_id": str(self.filing["subcategory_id"]),
        }
        status, data = self.api(who, "/api/v1/tickets", fields)
        if status == 201:
            who.tickets.append(json.loads(data)["number"])
        return status, ""


# --- running ---------------------------------------------------------------------------------
@dataclass
class Stats:
    timings: dict[str, list[float]] = field(default_factory=dict)
    statuses: dict[str, Counter[str]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    dropped: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, page: str, ms: float, status: int, kind: str) -> None:
        with self.lock:
            self.timings.setdefault(page, []).append(ms)
            self.statuses.setdefault(page, Counter())[kind or str(status)] += 1
            if status >= 400 or status == 0:
                self.errors[page] = self.errors.get(page, 0) + 1


def timed(load: Load, stats: Stats, page: str, scheduled: float) -> None:
    try:
        status, kind = load.pages[page]()
    except Exception as exc:
        status, kind = 0, type(exc).__name__
    stats.add(page, (time.perf_counter() - scheduled) * 1000, status, kind)


def open_loop(load: Load, rates: dict[str, float], seconds: float, pool: int) -> Stats:
    """Poisson arrivals at the summed rate; latency from the scheduled start (no coordinated
    omission); an arrival finding ``4 × pool`` requests queued is dropped and counted."""
    stats = Stats()
    pages, weights = list(rates), list(rates.values())
    total = sum(weights)
    work: queue.Queue[tuple[str, float] | None] = queue.Queue()

    def worker() -> None:
        while (item := work.get()) is not None:
            timed(load, stats, *item)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(pool)]
    for thread in threads:
        thread.start()
    start = time.perf_counter()
    due = start
    while due - start < seconds:
        due += random.expovariate(total)
        pause = due - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        if work.qsize() >= 4 * pool:
            stats.dropped += 1
            continue
        work.put((random.choices(pages, weights)[0], due))  # noqa: S311
    for _ in threads:
        work.put(None)
    for thread in threads:
        thread.join(timeout=30)
    return stats


def closed_loop(load: Load, rates: dict[str, float], seconds: float, clients: int) -> Stats:
    stats = Stats()
    pages, weights = list(rates), list(rates.values())
    stop_at = time.perf_counter() + seconds

    def client() -> None:
        while (now := time.perf_counter()) < stop_at:
            timed(load, stats, random.choices(pages, weights)[0], now)  # noqa: S311

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return stats


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def prepare(env: dict[str, str], agents: int, reporters: int) -> dict[str, Any]:
    result = subprocess.run(  # noqa: S603 — this venv's python, a file of this folder
        [PYTHON, str(ROOT / "bench" / "_national_setup.py"), str(agents), str(reporters)],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"preparing the people failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


@dataclass
class Run:
    """What one run measured (``report`` prints it)."""

    label: str
    url: str
    tickets: int
    closed: bool
    target: dict[str, float]
    stats: Stats
    wall: float
    cpu: dict[str, float]  # CPU seconds per component during the run
    generator_cpu: float
    commits: dict[str, int]
    connections: dict[str, list[int]]
    load: tuple[tuple[float, ...], tuple[float, ...]]


def measure(args: argparse.Namespace, state: Path, env: dict[str, str], url: str) -> Run:
    people = prepare(env, args.agents, args.reporters)
    load = Load(Client(url), people)
    rates = national_rates()
    target = {page: rate * args.scale for page, rate in rates.items()}
    mode = (
        f"closed loop, {args.closed} clients"
        if args.closed
        else f"open loop, {args.scale:g} × peak"
    )
    print(f"… {mode}, {args.seconds:.0f} s against {url}", file=sys.stderr)
    for page in load.pages:  # every page type once
        timed(load, Stats(), page, time.perf_counter())
    load.warm_polls()
    procs = components(state)
    sampler = DbSampler(env)
    commits_before = sampler.commits()
    cpu_before = {name: cpu_seconds(pid) for name, pid in procs.items()}
    own_before = resource.getrusage(resource.RUSAGE_SELF)
    load_before = os.getloadavg()
    sampler.start()
    started = time.perf_counter()
    if args.closed:
        stats = closed_loop(load, rates, args.seconds, args.closed)
    else:
        stats = open_loop(load, target, args.seconds, args.pool)
    wall = time.perf_counter() - started
    sampler.stop_event.set()
    own = resource.getrusage(resource.RUSAGE_SELF)
    return Run(
        label=args.label or mode,
        url=url,
        tickets=int(people["tickets"]),
        closed=bool(args.closed),
        target={} if args.closed else target,
        stats=stats,
        wall=wall,
        cpu={name: cpu_seconds(pid) - cpu_before[name] for name, pid in procs.items()},
        generator_cpu=own.ru_utime + own.ru_stime - own_before.ru_utime - own_before.ru_stime,
        commits={k: v - commits_before[k] for k, v in sampler.commits().items()},
        connections=sampler.samples,
        load=(load_before, os.getloadavg()),
    )


def report(run: Run) -> str:
    stats, wall = run.stats, run.wall
    lines = [
        f"## {run.label} — {run.url}, {run.tickets:,} tickets, {wall:.0f} s",
        "",
        "| page type | target req/s | count | req/s | p50 ms | p95 ms | p99 ms | errors "
        "| answers |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for page in sorted(set(stats.timings) | set(run.target)):
        values = stats.timings.get(page, [])
        answers = ", ".join(
            f"{k}: {v}" for k, v in stats.statuses.get(page, Counter()).most_common(3)
        )
        lines.append(
            f"| {page} | {run.target.get(page, 0):.1f} | {len(values)} | "
            f"{len(values) / wall:.1f} | {pct(values, 0.5):.0f} | {pct(values, 0.95):.0f} | "
            f"{pct(values, 0.99):.0f} | {stats.errors.get(page, 0)} | {answers} |"
        )
    total = sum(len(values) for values in stats.timings.values())
    every = [ms for values in stats.timings.values() for ms in values]
    goal = f" (target {sum(run.target.values()):.1f})" if run.target else ""
    lines.append(
        f"| **total** | | **{total}** | **{total / wall:.1f}**{goal} | {pct(every, 0.5):.0f} | "
        f"{pct(every, 0.95):.0f} | {pct(every, 0.99):.0f} | {sum(stats.errors.values())} | "
        f"dropped {stats.dropped} |"
    )
    apps = sum(v for k, v in run.cpu.items() if k.startswith("app"))
    db = run.cpu.get("pg_primary", 0.0)
    peak = sum(national_rates().values())
    per_request = 1 / max(total, 1)
    before, after = run.load
    lines += [
        "",
        "CPU (% of one core): "
        + ", ".join(f"{k} {100 * v / wall:.0f}" for k, v in sorted(run.cpu.items()))
        + f", load generator {100 * run.generator_cpu / wall:.0f}",
        f"CPU per request: app {1000 * apps * per_request:.1f} ms, DB primary "
        f"{1000 * db * per_request:.1f} ms → the national peak ({peak:.0f} req/s) needs ≈ "
        f"{peak * apps * per_request:.1f} app cores + {peak * db * per_request:.1f} DB cores",
        "DB connections (client backends, sampled 1/s): "
        + ", ".join(
            f"{name} mean {sum(s) / max(len(s), 1):.1f} max {max(s, default=0)}"
            for name, s in run.connections.items()
        )
        + "; transactions/s: "
        + ", ".join(f"{name} {n / wall:.0f}" for name, n in run.commits.items()),
        f"load average before {before[0]:.2f} {before[1]:.2f} {before[2]:.2f}, "
        f"after {after[0]:.2f} {after[1]:.2f} {after[2]:.2f} (2 shared cores)",
    ]
    return "\n".join(lines)


def record(run: Run) -> dict[str, object]:
    total = sum(len(values) for values in run.stats.timings.values())
    return {
        "label": run.label,
        "url": run.url,
        "tickets": run.tickets,
        "seconds": run.wall,
        "requests": total,
        "rps": total / run.wall,
        "errors": sum(run.stats.errors.values()),
        "dropped": run.stats.dropped,
        "pages": {
            page: {
                "count": len(values),
                "p50": pct(values, 0.5),
                "p95": pct(values, 0.95),
                "p99": pct(values, 0.99),
                "errors": run.stats.errors.get(page, 0),
            }
            for page, values in run.stats.timings.items()
        },
        "cpu_percent": {name: 100 * v / run.wall for name, v in run.cpu.items()},
        "connections": run.connections,
        "load": run.load,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_dir = Path(os.environ.get("CLUSTER_DIR", ROOT / "var" / "cluster"))
    parser.add_argument("--cluster-dir", type=Path, default=default_dir)
    parser.add_argument("--url", help="where to send the load (default: the cluster's proxy)")
    parser.add_argument("--scale", type=float, default=0.1, help="open loop: share of the peak")
    parser.add_argument("--closed", type=int, default=0, help="closed loop with N clients instead")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--pool", type=int, default=32, help="open loop: requests at once, at most")
    parser.add_argument("--agents", type=int, default=40)
    parser.add_argument("--reporters", type=int, default=40)
    parser.add_argument("--label", default="", help="a name for this run in the output")
    parser.add_argument("--json", type=Path, help="append the figures as one JSON line here")
    parser.add_argument("--explain", action="store_true", help="print the model and stop")
    args = parser.parse_args()
    if args.explain:
        print(explain())
        return
    state = args.cluster_dir.resolve()
    if not (state / "cluster.env").exists():
        sys.exit(f"no cluster in {state}: deploy/local-cluster.sh start (CLUSTER_DIR)")
    env = cluster_env(state)
    run = measure(args, state, env, args.url or env["SITE_URL"])
    print(report(run))
    if args.json:
        with args.json.open("a") as out:
            out.write(json.dumps(record(run)) + "\n")


if __name__ == "__main__":
    main()

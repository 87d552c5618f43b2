"""``make bench``: latency and throughput of the ticket lists, search, dashboard, detail, the CSV
export and reporting against a server over a large database (issue 5 item 8).

    make bench                                        # the bench DB, a gunicorn it starts itself
    BENCH_URL=http://127.0.0.1:8000 make bench        # a server that is already running
    .venv/bin/python bench/lists.py --requests 50 --only masuk,detail --markdown /tmp/bench.md

The server runs production-like: ``DEBUG=0``, collected static files, gunicorn with 2 workers × 2
threads for the 2-core machine (``runserver --noreload`` when gunicorn is missing). Each scenario
logs in as its demo user, warms up, then times ``--requests`` sequential requests (p50/p95/max,
full body read) and a ``--seconds`` run with ``--concurrency`` clients (requests/s). The CSV export
is timed to the last byte with the server's peak RSS sampled from /proc every 50 ms."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench_server import PYTHON, ROOT, RssSampler, Session, free_port
from _scenarios import (
    EXPORT_ROWS,
    EXPORT_SECONDS,
    LIST_P95_MS,
    PASSWORD,
    REPORT_SECONDS,
    Scenario,
    scenarios,
)

GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
SERVER_ENV = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "SECURE_HSTS_SECONDS": "0",
    "PYTHONUNBUFFERED": "1",
    "DJANGO_SETTINGS_MODULE": "bench.settings_bench",
}


@dataclass
class Figures:
    scenario: Scenario
    timings: list[float]
    rps: float | None = None
    errors: int = 0
    note: str = ""
    ok: bool = False

    def pct(self, q: float) -> float:
        ordered = sorted(self.timings)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


# --- the server ------------------------------------------------------------------------------
class Server:
    def __init__(self, url: str | None) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        if url:
            self.port = urlparse(url).port or 80
            return
        env = {**os.environ, **SERVER_ENV}
        subprocess.run(  # noqa: S603 — this venv's manage.py
            [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        self.port = free_port()
        bind = f"127.0.0.1:{self.port}"
        if GUNICORN.exists():
            argv = [str(GUNICORN), "config.wsgi", "-b", bind, "-w", "2", "--threads", "2",
                    "-k", "gthread", "--timeout", "300"]  # fmt: skip
        else:
            argv = [PYTHON, "manage.py", "runserver", "--noreload", bind]
        self.log = open("/tmp/lpse-bench-server.log", "wb")  # noqa: SIM115, S108
        self.process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=self.log, stderr=self.log)  # noqa: S603
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit("the server exited; see /tmp/lpse-bench-server.log")
            try:
                Session(self.port).text("GET", "/akun/masuk/")
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        sys.exit("the server did not start within 60 s")

    def pids(self) -> list[int]:
        if self.process is None:
            return []
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [self.process.pid, *map(int, children.read_text().split())]
        except OSError:
            return [self.process.pid]

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)


# --- measuring -------------------------------------------------------------------------------
def fetch(session: Session, path: str) -> tuple[int, int, float]:
    started = time.perf_counter()
    connection, response = session.request("GET", path)
    size = 0
    try:
        while chunk := response.read(1 << 16):
            size += len(chunk)
    finally:
        connection.close()
    return response.status, size, (time.perf_counter() - started) * 1000


def throughput(session: Session, path: str, clients: int, seconds: float) -> tuple[float, int]:
    done: list[int] = []
    errors: list[int] = []
    stop_at = time.monotonic() + seconds

    def client() -> None:
        while time.monotonic() < stop_at:
            status, _size, _ms = fetch(session, path)
            (done if status == 200 else errors).append(1)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(done) / (time.monotonic() - started), len(errors)


def run_page(session: Session, scenario: Scenario, args: argparse.Namespace) -> Figures:
    for _ in range(args.warmup):
        fetch(session, scenario.path)
    figures = Figures(scenario, [])
    for _ in range(args.requests):
        status, _size, ms = fetch(session, scenario.path)
        figures.timings.append(ms)
        figures.errors += status != 200
    if args.seconds > 0:
        figures.rps, errors = throughput(session, scenario.path, args.concurrency, args.seconds)
        figures.errors += errors
    limit = REPORT_SECONDS * 1000 if scenario.kind == "report" else LIST_P95_MS
    figures.ok = figures.errors == 0 and figures.pct(0.95) <= limit
    return figures


def run_export(session: Session, scenario: Scenario, server: Server, runs: int) -> Figures:
    """Time to the last byte; the server processes' RSS sampled meanwhile (the worker that served
    the export is the one that grew most)."""
    figures = Figures(scenario, [])
    rows = size = 0
    growth: tuple[float, float] = (0.0, 0.0)
    for _ in range(runs):
        samplers = [RssSampler(pid) for pid in server.pids()]
        baselines = [sampler.phase() for sampler in samplers]
        for sampler in samplers:
            sampler.start()
        started = time.perf_counter()
        connection, response = session.request("GET", scenario.path)
        rows = size = 0
        try:
            while chunk := response.read(1 << 16):
                size += len(chunk)
                rows += chunk.count(b"\n")
        finally:
            connection.close()
        figures.timings.append((time.perf_counter() - started) * 1000)
        figures.errors += response.status != 200
        for sampler in samplers:
            sampler.stop()
        pairs = [(base, sampler.peak) for base, sampler in zip(baselines, samplers, strict=True)]
        growth = max(pairs, key=lambda pair: pair[1] - pair[0], default=(0.0, 0.0))
    figures.note = f"{max(rows - 1, 0):,} rows, {size / 1e6:.1f} MB"
    if growth[1]:
        figures.note += f", worker RSS {growth[0]:.0f} → peak {growth[1]:.0f} MB"
    figures.ok = (
        figures.errors == 0
        and max(figures.timings) <= EXPORT_SECONDS * 1000
        and rows - 1 >= EXPORT_ROWS * 0.9
    )
    return figures


# --- output ----------------------------------------------------------------------------------
def table(results: list[Figures]) -> str:
    lines = [
        "| scenario | user | p50 ms | p95 ms | max ms | req/s | target | met |",
        "|---|---|---:|---:|---:|---:|---|:-:|",
    ]
    for fig in results:
        sc = fig.scenario
        rps = f"{fig.rps:.1f}" if fig.rps is not None else "—"
        label = sc.label + (f" ({fig.note})" if fig.note else "")
        if fig.errors:
            label += f" — {fig.errors} errors"
        lines.append(
            f"| {label} | {sc.username} | {fig.pct(0.5):.0f} | {fig.pct(0.95):.0f} | "
            f"{max(fig.timings, default=0):.0f} | {rps} | {sc.target} | {'✓' if fig.ok else '✗'} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30, help="sequential requests per page")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=5.0, help="concurrent run (0: none)")
    parser.add_argument("--export-runs", type=int, default=2)
    parser.add_argument("--only", default="", help="comma-separated scenario keys")
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    args = parser.parse_args()
    wanted = {key for key in args.only.split(",") if key}
    chosen = [s for s in scenarios() if not wanted or s.key in wanted]
    server = Server(os.environ.get("BENCH_URL"))
    sessions: dict[str, Session] = {}
    results: list[Figures] = []
    try:
        for scenario in chosen:
            session = sessions.get(scenario.username)
            if session is None:
                session = sessions[scenario.username] = Session(server.port)
                session.login(scenario.username, PASSWORD)
            print(f"… {scenario.label}", file=sys.stderr, flush=True)
            if scenario.kind == "export":
                figures = run_export(session, scenario, server, args.export_runs)
            elif scenario.kind == "report":
                figures = run_page(
                    session,
                    scenario,
                    argparse.Namespace(**{**vars(args), "requests": min(args.requests, 10),
                                          "warmup": 1, "seconds": 0}),
                )  # fmt: skip
            else:
                figures = run_page(session, scenario, args)
            results.append(figures)
    finally:
        server.stop()
    load = os.getloadavg()
    output = (
        f"{table(results)}\n\n{args.requests} sequential requests per page after "
        f"{args.warmup} warm-up; req/s: {args.concurrency} clients for {args.seconds:.0f} s; "
        f"load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}."
    )
    print(output)
    if args.markdown:
        args.markdown.write_text(output + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

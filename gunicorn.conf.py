"""gunicorn settings for production: ``gunicorn -c gunicorn.conf.py`` (docs/deploy.md).

Every value can be changed through the environment, so one file serves every server.

Why these values (issue 11): attachments are up to 500 MB, and an office line may bring them at a
few MB/s. gunicorn's default *sync* worker reads the whole request body inside the request and
is killed by the arbiter after ``timeout`` (30 s) without a heartbeat — a 450 MB upload at
8 MB/s died at 30 s with gunicorn's HTML 500. A *gthread* worker keeps sending its heartbeat
from its main loop while a thread reads the body, so a slow upload lives as long as the client
sends; ``timeout`` then only catches a worker that is truly stuck. In front of it, nginx with
``proxy_request_buffering on`` takes the upload at the client's pace and hands it to gunicorn at
disk speed, so a slow client does not hold a gunicorn thread at all (snippet in docs/deploy.md).
"""

from __future__ import annotations

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


wsgi_app = "config.wsgi:application"

# GUNICORN_BIND wins; otherwise HOST:PORT as `make run` uses them. Behind nginx keep it on
# loopback (or a unix socket: GUNICORN_BIND=unix:/run/lpse-support/gunicorn.sock).
bind = [
    os.environ.get("GUNICORN_BIND")
    or f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
]

# Processes: WEB_CONCURRENCY, else 2 per CPU + 1 (capped: each holds its own DB connection).
# More than one process needs REDIS_URL for shared rate limits (check --deploy: W010).
workers = _int("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 9))
worker_class = "gthread"
# Threads per process: requests served at once by one process (slow uploads, zip downloads).
threads = _int("GUNICORN_THREADS", 4)

# Heartbeat deadline of a worker process (not of a request: see above).
timeout = _int("GUNICORN_TIMEOUT", 120)
# On restart (SIGHUP, max_requests) running requests get this long to finish: a 500 MB upload
# at 8 MB/s needs about 65 s.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 90)
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# Recycle each process after about this many requests (jitter: not all at once), so a slow
# leak in a library never grows without bound.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)

# Trust X-Forwarded-* only from the proxy in front (comma-separated addresses).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs to stdout/stderr for the supervisor (systemd journal); the access line ends with the
# request's duration in microseconds.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(D)s'

# Heartbeat files in memory, not on a disk that a large upload may keep busy.
if os.path.isdir("/dev/shm"):  # noqa: S108  (a tmpfs chosen on purpose)
    worker_tmp_dir = "/dev/shm"  # noqa: S108


# Prometheus multiprocess mode (docs/operations.md, "Metrics"): with PROMETHEUS_MULTIPROC_DIR set
# (an empty directory, emptied again before each start) every process writes its counters
# there and /metrics adds them up; a process that exits leaves its live gauges behind unless
# it is marked dead.
def child_exit(server: object, worker: object) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[attr-defined]

"""Settings: one module, every knob read from the environment (see README "Configuration")."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config.logging_config import logging_config
from config.storage import default_storage as attachment_storage
from config.storage import presigned_redirect
from lpse_support.core.sentry import init_sentry

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


DEBUG = env_bool("DEBUG", False)
# Without SECRET_KEY a development key is used; its "django-insecure-" prefix makes
# ``check --deploy`` refuse it (security.W009), so production must set its own.
SECRET_KEY = os.environ.get("SECRET_KEY") or "django-insecure-development-key-set-SECRET_KEY"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "lpse_support.core",
    "lpse_support.accounts",
    "lpse_support.catalog",
    "lpse_support.tenders",
    "lpse_support.faq",
    "lpse_support.inaproc",
    "lpse_support.tickets",
    "lpse_support.api",
    "lpse_support.notifications",
    "lpse_support.replies",
    "lpse_support.dashboard",
    "lpse_support.reports",
    "lpse_support.two_factor",
    "lpse_support.demo",
]

MIDDLEWARE = [
    # Operations (issue 15, docs/operations.md): the request id first, so every log line of the
    # request carries it; request metrics; /healthz, /readyz and /metrics before the host check,
    # the HTTPS redirect, sessions, the language and the two-factor gate.
    "lpse_support.core.request_id.RequestIdMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "lpse_support.ops.endpoints.OperatorEndpointsMiddleware",
    # Every /api/ answer, whatever layer gives it, leaves as the JSON error envelope.
    "lpse_support.api.edge.ApiEnvelopeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside every middleware that reads the database (sessions, auth, axes): 503 on an outage.
    "lpse_support.core.outage.DatabaseOutageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lpse_support.core.middleware.CookieOnlyLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "lpse_support.api.nul_guard.RejectNulInApiMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.viewer: the user's teams, tiers and flags, read once for the whole request.
    "lpse_support.accounts.viewer.ViewerMiddleware",
    # With a read replica: a request that writes, and the user's next ones, read the primary.
    "lpse_support.core.replica_pin.ReplicaPinMiddleware",
    # request.user.is_verified(): the session passed two-factor (django-otp).
    "django_otp.middleware.OTPMiddleware",
    # Two-factor gate: a user who must pass it reaches only enrolment/verification until then.
    "lpse_support.two_factor.middleware.TwoFactorGateMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # NotFound → the 404 page, Conflict → message + back to the ticket (needs messages).
    "lpse_support.core.middleware.ApplicationErrorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Latency and status per view (django-prometheus), around axes' answer.
    "django_prometheus.middleware.PrometheusAfterMiddleware",
    # Axes must be last: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lpse_support.core.context_processors.site",
                "lpse_support.inaproc.context_processors.inaproc",
                "lpse_support.notifications.context_processors.notifications",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"
# Health checks: a persistent connection broken by a database restart is noticed and replaced
# at the start of the next request instead of failing that request (issue 11).
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database (and the SQLite test database) live in var/; a fresh clone lacks it.
    (BASE_DIR / "var").mkdir(exist_ok=True)
    # WAL lets readers run beside the single writer; IMMEDIATE takes the write lock at BEGIN so
    # two writers queue instead of failing half-way (ARCHITECTURE.md rule 4).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT off: it compiles every query whose estimated cost is high (the year-long REPORTING
    # aggregates over ~500 k tickets, list pages at a million tickets) and adds 30 ms–1.4 s to
    # each, more than it saves on this workload. work_mem 32 MB: the free-text search's bitmap
    # and the capped counts stay in memory (3.9 s → 0.26 s at 1M tickets). docs/performance.md.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off -c work_mem=32MB"
# SQLite tests run in Django's in-memory database unless TEST_DATABASE_NAME names a file. The
# tests marked ``needs_file_db`` (real threads or processes on their own connections, which must
# see real SQLite locking, ARCHITECTURE.md rule 4) need the file: `make test` runs them apart
# with TEST_DATABASE_NAME=var/test_db.sqlite3.
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME") or None}

# Read replica (docs/deploy.md, "Read replica"): a streaming PostgreSQL standby for REPORTING,
# exports and the lists' capped counts — only code that opts in (core/replica.py,
# ``reading_replica``) reads there; everything else, and every request of a user who has just
# written, reads the primary. Unset (``make run``, the tests): one database, nothing routed.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
REPLICA_DATABASE = "replica" if DATABASE_REPLICA_URL else ""
# After a write (POST/PUT/PATCH/DELETE, or any row saved) the writer reads the primary this long.
REPLICA_PIN_SECONDS = env_int("REPLICA_PIN_SECONDS", 10)
# A replica further behind than this (or unreachable) is skipped: the primary answers instead.
REPLICA_MAX_LAG_SECONDS = env_int("REPLICA_MAX_LAG_SECONDS", 10)
# How long one process trusts its last lag measurement.
REPLICA_CHECK_SECONDS = env_int("REPLICA_CHECK_SECONDS", 5)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=60, conn_health_checks=True
    )
    DATABASES["replica"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        # A replica that does not answer costs a request at most this long (then the primary).
        "connect_timeout": env_int("REPLICA_CONNECT_TIMEOUT", 2),
    }
    # Tests use the default test database through this alias (no second test database).
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["lpse_support.core.db_router.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Auth -----------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Two-factor (django-otp, docs/auth.md, "Two-factor authentication for staff"): the issuer shown
# in the authenticator app; wrong codes wait 1, 2, 4, 8… seconds × factor (django-otp's
# throttle) before the next try.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "LPSE Support")
OTP_TOTP_THROTTLE_FACTOR = env_int("OTP_TOTP_THROTTLE_FACTOR", 1)
OTP_STATIC_THROTTLE_FACTOR = env_int("OTP_STATIC_THROTTLE_FACTOR", 1)
# The device admin never shows TOTP keys.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Login throttling (django-axes): lock a username+address pair after N failures for a while.
# The lockout page says the same thing whether or not the username exists.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_VERBOSE = False
# Failures are counted in the database, so every server process and node sees the same count, and
# the throttle holds (fails closed) while Redis is down (docs/deploy.md, "Shared limits").
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"

# "Lupa Password?" (docs/auth.md): a reset link is valid this many seconds and only once; the
# requests are throttled per client address and per e-mail address, each per hour.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3600)
PASSWORD_RESET_LIMIT_PER_IP = env_int("PASSWORD_RESET_LIMIT_PER_IP", 5)
PASSWORD_RESET_LIMIT_PER_EMAIL = env_int("PASSWORD_RESET_LIMIT_PER_EMAIL", 5)

# Where this site is reached from a mail client: every link in an e-mail is SITE_URL + a path
# (core/links.py), never the request's Host header. `check --deploy` warns while it is not an
# https address of a real host (lpse_support.W020).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Sign in with Inaproc (OpenID Connect, docs/auth.md). On only when the issuer, client id and
# secret are all set; the discovery document is OIDC_ISSUER + /.well-known/openid-configuration.
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "")
OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_SCOPES = os.environ.get("OIDC_SCOPES", "openid profile email phone")
# Names of the claims read from the ID token (and userinfo): Inaproc's own names may differ.
OIDC_CLAIM_NAME = os.environ.get("OIDC_CLAIM_NAME", "name")
OIDC_CLAIM_PHONE = os.environ.get("OIDC_CLAIM_PHONE", "phone_number")
OIDC_CLAIM_ROLE = os.environ.get("OIDC_CLAIM_ROLE", "inaproc_role")
OIDC_CLAIM_UNIT = os.environ.get("OIDC_CLAIM_UNIT", "lpse_kode")
# Seconds any one request to the provider may take (discovery, JWKS, token, userinfo).
OIDC_TIMEOUT = float(os.environ.get("OIDC_TIMEOUT", "5"))
# The discovery document (endpoints, keys) is read again after this many seconds.
OIDC_METADATA_SECONDS = env_int("OIDC_METADATA_SECONDS", 3600)

# --- i18n / time ----------------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "var" / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "var" / "media")
# Attachments are never served from a public URL (SPEC R-FILE): no MEDIA_URL route exists.
# The attachment storage: MEDIA_ROOT by default, a private S3-compatible bucket with
# STORAGE_BACKEND=s3 and the S3_* variables (config/storage.py, docs/storage.md).
STORAGES = {
    "default": attachment_storage(os.environ, str(MEDIA_ROOT)),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
# After the permission check, a download may answer 302 to a URL signed for
# S3_PRESIGNED_SECONDS instead of streaming through the application (S3 only; off by default).
S3_PRESIGNED_REDIRECT = presigned_redirect(os.environ)
S3_PRESIGNED_SECONDS = env_int("S3_PRESIGNED_SECONDS", 60)
FILE_UPLOAD_MAX_MB = env_int("FILE_UPLOAD_MAX_MB", 500)
# Uploads stream to temporary files (never memory) and stop as soon as a file passes the limit;
# a full temp dir refuses the file with 507 instead of failing the request (docs/attachments.md).
FILE_UPLOAD_HANDLERS = [
    "lpse_support.tickets.attachments.upload_limit.SizeLimitUploadHandler",
    "lpse_support.tickets.attachments.disk_handler.DiskSpaceUploadHandler",
]
FILE_UPLOAD_TEMP_DIR = os.environ.get("FILE_UPLOAD_TEMP_DIR") or None
# Files sent ahead of their form (tus, /unggah/): one file per upload on a local disk, appended
# chunk by chunk; default <FILE_UPLOAD_TEMP_DIR or the system temp dir>/lpse-unggahan.
PENDING_UPLOAD_DIR = os.environ.get("PENDING_UPLOAD_DIR") or None
PENDING_UPLOAD_HOURS = env_int("PENDING_UPLOAD_HOURS", 24)
# Per-user upload quota (429 beyond it), counted from the stored attachments.
UPLOAD_QUOTA_FILES = env_int("UPLOAD_QUOTA_FILES", 60)
UPLOAD_QUOTA_MB = env_int("UPLOAD_QUOTA_MB", 5120)
UPLOAD_QUOTA_WINDOW_MINUTES = env_int("UPLOAD_QUOTA_WINDOW_MINUTES", 60)

# --- E-mail ---------------------------------------------------------------------------------
# Development (DEBUG, `make run`): every e-mail is written as a file to EMAIL_FILE_PATH
# (var/mail/), not printed into the terminal (issue 17 item 8).
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "LPSE Support <noreply@lpse-support.local>"
)
# Seconds any one SMTP operation may block; a mail server that accepts TCP and never answers
# must not stall the worker (issue 11).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 15)

# --- Background jobs (django-tasks, database backend) ---------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The worker (`manage.py run_worker`): e-mail outbox, task queue, clean-up. docs/notifications.md.
BACKGROUND_WORKER = {
    # A claimed e-mail not marked sent within this time is taken over by another run.
    "EMAIL_LEASE_SECONDS": env_int("EMAIL_LEASE_SECONDS", 300),
    # Attempts per e-mail before it is marked failed (admin: Email notifikasi → Kirim ulang).
    "EMAIL_MAX_ATTEMPTS": env_int("EMAIL_MAX_ATTEMPTS", 8),
    # Back-off between attempts: base × 2^(attempt − 1), at most the cap.
    "EMAIL_RETRY_BASE_SECONDS": env_int("EMAIL_RETRY_BASE_SECONDS", 60),
    "EMAIL_RETRY_MAX_SECONDS": env_int("EMAIL_RETRY_MAX_SECONDS", 3600),
    # A task RUNNING longer than this lost its worker: it is queued again (at most 3 runs).
    "TASK_STALE_SECONDS": env_int("TASK_STALE_SECONDS", 3600),
    # Finished task rows and sent e-mails older than this are deleted (hourly, by the worker).
    "RETENTION_DAYS": env_int("JOB_RETENTION_DAYS", 30),
    # Periodic jobs run by the workers, each once per period across every node (schedule.py).
    "AUTO_CONFIRM_EVERY_MINUTES": env_int("AUTO_CONFIRM_EVERY_MINUTES", 15),
    # The SLA watch (warnings at SLA_WARNING_PERCENT of a target, breaches at the due time).
    "SLA_WATCH_EVERY_MINUTES": env_int("SLA_WATCH_EVERY_MINUTES", 5),
    # The upload sweep (sweep_uploads: stale staged attachments, this host's upload temp files),
    # touching only files older than the longest upload.
    "SWEEP_UPLOADS_EVERY_MINUTES": env_int("SWEEP_UPLOADS_EVERY_MINUTES", 60),
    "SWEEP_UPLOADS_OLDER_THAN_HOURS": env_int("SWEEP_UPLOADS_OLDER_THAN_HOURS", 6),
}

# While the database is unreachable pages and the API answer 503 with this Retry-After.
SERVICE_UNAVAILABLE_RETRY_AFTER = env_int("SERVICE_UNAVAILABLE_RETRY_AFTER", 10)

# --- Cache ----------------------------------------------------------------------------------
# In-process by default (one process: `make run`). Several server processes or nodes share
# rate limits and throttles only through Redis (`REDIS_URL`, e.g. redis://127.0.0.1:6379/0);
# `check --deploy` warns when DEBUG=0 runs on the in-process cache (lpse_support.W010).
REDIS_URL = os.environ.get("REDIS_URL", "")


def redis_cache(url: str) -> dict[str, Any]:
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "lpse"),
        "OPTIONS": {
            # Redis down must not take the site down: reads miss, writes are dropped (logged),
            # and the API rate limit fails open (docs/deploy.md, "Shared limits").
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
        },
    }


CACHES: dict[str, dict[str, Any]] = {
    "default": redis_cache(REDIS_URL)
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
# e.g. "lpse_support.W010" on a site served by one single process.
SILENCED_SYSTEM_CHECKS = env_list("SILENCED_SYSTEM_CHECKS", "")

# --- Security -------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy on every response: no inline script, nothing from another origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # Pratinjau Lampiran: pdf.js parses PDFs in a module worker loaded from static/vendor.
        # Spelled out (it would otherwise fall back to script-src); no blob:, and pdf.js runs
        # with isEvalSupported: false, so script-src needs no 'unsafe-eval' (docs/security.md).
        "worker-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# "Masuk dengan Inaproc" and logout are form posts answered by a redirect to the provider;
# browsers apply form-action to that redirect, so the provider's origin is allowed there.
if OIDC_ISSUER:
    _issuer = urlsplit(OIDC_ISSUER)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(
        f"{_issuer.scheme}://{_issuer.netloc}"
    )

# --- JSON API -------------------------------------------------------------------------------
# Requests per minute per API token (or per user for the browser session); 0 disables the limit.
API_RATE_LIMIT_PER_MINUTE = env_int("API_RATE_LIMIT_PER_MINUTE", 600)

# --- Product settings -----------------------------------------------------------------------
LPSE_SUPPORT: dict[str, Any] = {
    "VIDEO_TUTORIAL_URL": os.environ.get("VIDEO_TUTORIAL_URL", "/panduan/#video"),
    "USER_GUIDE_URL": os.environ.get("USER_GUIDE_URL", "/panduan/"),
    # Tender data (R-DW): "mirror" (local tables, embedded default) or "http" (data warehouse).
    "TENDER_CONNECTOR": os.environ.get("TENDER_CONNECTOR", "mirror"),
    "TENDER_API_URL": os.environ.get("TENDER_API_URL", ""),
    "TENDER_API_TOKEN": os.environ.get("TENDER_API_TOKEN", ""),
    "TENDER_API_TIMEOUT": float(os.environ.get("TENDER_API_TIMEOUT", "3")),
    "TENDER_API_RETRIES": env_int("TENDER_API_RETRIES", 2),
    "TENDER_API_CACHE_SECONDS": env_int("TENDER_API_CACHE_SECONDS", 300),
    "TENDER_API_BREAKER_FAILURES": env_int("TENDER_API_BREAKER_FAILURES", 5),
    "TENDER_API_BREAKER_SECONDS": env_int("TENDER_API_BREAKER_SECONDS", 60),
    # A resolution the reporter leaves unanswered is confirmed after this many days.
    "AUTO_CONFIRM_DAYS": env_int("AUTO_CONFIRM_DAYS", 3),
    # Live updates: the shared change stamp is kept in the cache this long (0: always the DB).
    "LIVE_STAMP_CACHE_SECONDS": env_int("LIVE_STAMP_CACHE_SECONDS", 60),
    # The SLA warning is raised when this share of a target (business minutes) has passed.
    "SLA_WARNING_PERCENT": env_int("SLA_WARNING_PERCENT", 75),
    # Priority thresholds (R-PRI).
    "PRIORITY_RULES": {
        "HOURS_TWO_LEVELS": env_int("PRIORITY_HOURS_TWO_LEVELS", 24),
        "HOURS_ONE_LEVEL": env_int("PRIORITY_HOURS_ONE_LEVEL", 72),
        "HPS_THRESHOLD": os.environ.get("PRIORITY_HPS_THRESHOLD", "10000000000"),
    },
}

# --- Operations: sessions, logs, metrics, readiness, Sentry (issue 15, docs/operations.md) ---
# Sessions stay in the database (durable: a Redis restart logs nobody out); with Redis they are
# also cached there (cached_db), so a page reads no session row — Redis down: read from the DB.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)

# LOG_FORMAT=json: one JSON object per line for a log collector, else plain text; every line
# carries the request id (config/logging_config.py, core/request_id.py).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower()
LOGGING = logging_config(LOG_FORMAT, os.environ.get("LOG_LEVEL", "INFO"))

# /metrics (Prometheus text): from these client addresses, or with "Authorization: Bearer
# METRICS_TOKEN". Several gunicorn processes: set PROMETHEUS_MULTIPROC_DIR to an empty directory
# (gunicorn.conf.py cleans up after each process).
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", "127.0.0.1,::1")
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
# /readyz fails (503) while a backlog is longer than this; 0 switches that limit off.
READYZ = {
    "MAX_QUEUED_TASKS": env_int("READYZ_MAX_QUEUED_TASKS", 1000),
    "MAX_PENDING_EMAILS": env_int("READYZ_MAX_PENDING_EMAILS", 1000),
}

# Errors to Sentry only when SENTRY_DSN is set (no personal data; core/sentry.py).
SENTRY_ENABLED = init_sentry(os.environ)

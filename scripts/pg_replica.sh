#!/usr/bin/env bash
# A private PostgreSQL primary and a streaming hot-standby replica on loopback, for the replica
# test (tests/core/test_replica_streaming.py) and the local cluster (deploy/local-cluster.sh).
#
#   scripts/pg_replica.sh start <dir> <primary_port> <replica_port>   # initdb, basebackup, start
#   scripts/pg_replica.sh stop <dir>                                  # both down (idempotent)
#   scripts/pg_replica.sh stop-replica <dir>                          # the standby only
#   scripts/pg_replica.sh status <dir>
#
# <dir>/primary and <dir>/replica are the data directories (kept on stop, so a second start
# reuses them); sockets and logs are in <dir>. Trust authentication on 127.0.0.1 only — a
# throw-away cluster, never a production set-up (docs/deploy.md, "Read replica"). Run as root,
# the server binaries run as the postgres OS user (initdb and pg_ctl refuse root). Every wait is
# bounded (PG_WAIT_SECONDS, default 60).
set -euo pipefail

PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
WAIT=${PG_WAIT_SECONDS:-60}

die() { echo "pg_replica: $*" >&2; exit 1; }
[ -x "${PG_BIN}/initdb" ] || die "PostgreSQL server binaries not found (apt-get install postgresql)"

as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

psql_at() {  # psql_at <port> <sql>: one value, no headers
    as_pg "${PG_BIN}/psql" -h 127.0.0.1 -p "$1" -U postgres -d postgres -XAtq -c "$2"
}

wait_for() {  # wait_for <what> <command…>: retry for at most $WAIT seconds
    local what=$1; shift
    local deadline=$((SECONDS + WAIT))
    until "$@" >/dev/null 2>&1; do
        [ $SECONDS -lt $deadline ] || die "timed out after ${WAIT}s waiting for ${what}"
        sleep 0.2
    done
}

pg_start() {  # pg_start <datadir> <port> <log>
    as_pg "${PG_BIN}/pg_ctl" -D "$1" -l "$3" -t "$WAIT" -w \
        -o "-p $2 -k ${DIR} -c listen_addresses=127.0.0.1" start >/dev/null
}

pg_stop() {  # pg_stop <datadir>: fast shutdown, then immediate; nothing to do if not running
    [ -f "$1/postmaster.pid" ] || return 0
    as_pg "${PG_BIN}/pg_ctl" -D "$1" -m fast -t "$WAIT" -w stop >/dev/null 2>&1 \
        || as_pg "${PG_BIN}/pg_ctl" -D "$1" -m immediate -t 10 -w stop >/dev/null 2>&1 || true
}

in_recovery() { [ "$(psql_at "$REPLICA_PORT" 'SELECT pg_is_in_recovery()')" = t ]; }
streaming() {
    [ "$(psql_at "$PRIMARY_PORT" "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")" -ge 1 ]
}

start() {
    mkdir -p "$DIR"
    DIR=$(cd "$DIR" && pwd)
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"
    local primary="$DIR/primary" replica="$DIR/replica"
    if [ ! -f "$primary/PG_VERSION" ]; then
        as_pg "${PG_BIN}/initdb" -D "$primary" -U postgres --auth=trust --no-sync -E UTF8 >/dev/null
        cat >>"$primary/postgresql.conf" <<'CONF'
# pg_replica.sh: a primary that streams to one hot standby
wal_level = replica
max_wal_senders = 5
max_replication_slots = 5
wal_keep_size = 256MB
hot_standby = on
# Long REPORTING queries and exports on the standby are not cancelled by replay conflicts.
hot_standby_feedback = on
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
        echo "host replication postgres 127.0.0.1/32 trust" >>"$primary/pg_hba.conf"
    fi
    pg_start "$primary" "$PRIMARY_PORT" "$DIR/primary.log"
    if [ ! -f "$replica/PG_VERSION" ]; then
        # -R writes standby.signal and primary_conninfo; -X stream copies the WAL alongside.
        as_pg "${PG_BIN}/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres \
            -D "$replica" -R -X stream -c fast --no-sync >/dev/null
    fi
    pg_start "$replica" "$REPLICA_PORT" "$DIR/replica.log"
    wait_for "the replica to be in recovery" in_recovery
    wait_for "streaming replication" streaming
    echo "$PRIMARY_PORT" >"$DIR/primary.port"
    echo "$REPLICA_PORT" >"$DIR/replica.port"
    echo "pg_replica: primary 127.0.0.1:${PRIMARY_PORT}, replica 127.0.0.1:${REPLICA_PORT} (streaming)"
}

stop() {
    [ -d "$DIR" ] || return 0
    # The standby first, so the primary's shutdown does not wait for its walsender.
    pg_stop "$DIR/replica"
    pg_stop "$DIR/primary"
}

status() {
    local name
    for name in primary replica; do
        if [ -f "$DIR/$name/postmaster.pid" ]; then
            echo "$name: running (port $(cat "$DIR/$name.port" 2>/dev/null || echo ?))"
        else
            echo "$name: stopped"
        fi
    done
}

command=${1:-}
DIR=${2:-}
[ -n "$command" ] && [ -n "$DIR" ] || die "usage: $0 start|stop|stop-replica|status <dir> [<primary_port> <replica_port>]"
case "$command" in
    start)
        PRIMARY_PORT=${3:?primary port}
        REPLICA_PORT=${4:?replica port}
        start
        ;;
    stop) stop ;;
    stop-replica) [ -d "$DIR" ] && pg_stop "$DIR/replica" ;;
    status) status ;;
    *) die "unknown command: $command" ;;
esac

#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 (durable defaults: fsync on), runs the ledger benchmark, prints its figures, stops PG.
# Usage: bench/ledger/run.sh [end-to-end events=200000] [query events=5000000] [invoice rows=1000000] (0 skips a phase)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bin="$("$root/.ci/pg-bin")"
dir="$(mktemp -d /tmp/gatolink-bench-pg.XXXXXX)"
port=$(( 20000 + RANDOM % 20000 ))
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() { as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap cleanup EXIT
if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
as_pg "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync >/dev/null
cat >> "$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
shared_buffers = 256MB
max_wal_size = 4GB
CONF
as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w start >/dev/null
dotnet run -c Release --project "$root/bench/ledger" -- "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres" "${1:-200000}" "${2:-5000000}" "${3:-1000000}"

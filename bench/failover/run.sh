#!/usr/bin/env bash
# Failover and key-memory benchmarks: builds the silo and the bench in Release, starts a throwaway PostgreSQL
# (unless GATOLINK_BENCH_PG names one whose user may CREATE DATABASE), runs the bench, stops PostgreSQL.
#   bench/failover/run.sh failover --runs 3
#   bench/failover/run.sh keymemory --keys 4000
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
dotnet build -c Release -v q -nologo src/Silo/GatoLink.Silo.csproj
dotnet build -c Release -v q -nologo bench/failover/GatoLink.Bench.Failover.csproj

if [[ -z "${GATOLINK_BENCH_PG:-}" ]]; then
  bin="$("$root/.ci/pg-bin")"
  dir="$(mktemp -d /tmp/gatolink-bench-pg.XXXXXX)"
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  as_pg=()
  if [[ "$(id -u)" == 0 ]]; then chown postgres "$dir"; as_pg=(runuser -u postgres --); fi
  "${as_pg[@]}" "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync >/dev/null
  cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
max_connections = 200
CONF
  "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w start >/dev/null
  trap '"${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null; rm -rf "$dir"' EXIT
  export GATOLINK_BENCH_PG="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
fi

dotnet bench/failover/bin/Release/net10.0/GatoLink.Bench.Failover.dll "$@"

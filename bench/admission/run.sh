#!/usr/bin/env bash
# Admission overhead and lease traffic: one silo on PostgreSQL in front of NodeSim (--profile instant); wrk posts
# the same chat completion with limits off (GatoLink:Limits:Enabled=false) and on (a key and tenant limited on every
# kind: rpm, tpm, daily/monthly cost, monthly tokens), in one run. Reports RPS of both and the PostgreSQL statements
# per second the leases cause (pg_stat_statements calls of quota_acquire/quota_return during the measured window).
# Usage: bench/admission/run.sh [connections=50] [seconds=15]   (run as root: it starts a throwaway PostgreSQL)
set -euo pipefail
cd "$(dirname "$0")/../.."
CONNS="${1:-50}"; SECS="${2:-15}"; THREADS=2
PGBIN="$(.ci/pg-bin || true)"
command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk"; exit 2; }
[ -x "$PGBIN/initdb" ] || { echo "PostgreSQL missing: apt-get install -y postgresql (or .ci/setup)"; exit 2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
OUT="$(mktemp -d /tmp/gatolink-admission.XXXXXX)"
chmod 755 "$OUT"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$OUT/pg/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$OUT"
}
trap cleanup EXIT

# A throwaway PostgreSQL with pg_stat_statements (fsync off: this measures the gateway, not the disk).
PG_PORT=$(free_port)
mkdir -p "$OUT/pg" && chown postgres "$OUT/pg"
runuser -u postgres -- "$PGBIN/initdb" -D "$OUT/pg/data" -U postgres -A trust --no-sync >/dev/null
cat >>"$OUT/pg/data/postgresql.conf" <<CONF
listen_addresses='127.0.0.1'
port=$PG_PORT
unix_socket_directories='$OUT/pg'
fsync=off
synchronous_commit=off
shared_preload_libraries='pg_stat_statements'
pg_stat_statements.track=top
max_connections=200
CONF
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$OUT/pg/data" -l "$OUT/pg/log" -w start >/dev/null

dotnet build -c Release src/Silo -v q -nologo >/dev/null
dotnet build -c Release bench/admission/AdmissionBench -v q -nologo >/dev/null
BENCH="dotnet bench/admission/AdmissionBench/bin/Release/net10.0/AdmissionBench.dll"
NODE_PORT=$(free_port)
dotnet src/NodeSim/bin/Release/net10.0/GatoLink.NodeSim.dll --profile instant --port "$NODE_PORT" --model demo-8b >"$OUT/node.log" 2>&1 &
pids+=($!)

measure() { # mode(on|off) round → prints "limits=… rps=… lease_statements_per_s=…"
  local mode=$1 db="bench_$1_$2" port admin pid key before after
  psql -h "$OUT/pg" -p "$PG_PORT" -U postgres -qc "CREATE DATABASE $db" >/dev/null
  local conn="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$db;Maximum Pool Size=100"
  port=$(free_port)
  admin="gl-bench$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
  GatoLink__Listen="http://127.0.0.1:$port" GatoLink__DataDirectory="$OUT/data-$mode-$2" GatoLink__EmbeddedNodes=0 \
  GatoLink__DemoTenant=false GatoLink__Banner=false GatoLink__AdminKey="$admin" GatoLink__Postgres="$conn" \
  GatoLink__Limits__Enabled=$([ "$mode" = on ] && echo true || echo false) \
  GatoLink__Nodes__0__BaseUrl="http://127.0.0.1:$NODE_PORT" GatoLink__Nodes__0__Models__0=demo-8b \
  GatoLink__Models__0__Name=demo-8b GatoLink__Models__0__InputPricePerMillionUsd=0.1 GatoLink__Models__0__OutputPricePerMillionUsd=0.4 \
  Logging__LogLevel__Default=Warning \
    dotnet src/Silo/bin/Release/net10.0/GatoLink.Silo.dll >"$OUT/silo-$mode-$2.log" 2>&1 &
  pid=$!; pids+=($pid)
  for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  key=$($BENCH key "http://127.0.0.1:$port/" "$admin")
  export BENCH_KEY="$key"
  wrk -t"$THREADS" -c"$CONNS" -d3s -s bench/overhead/chat.lua "http://127.0.0.1:$port/v1/chat/completions" >/dev/null  # warm-up
  # x-ratelimit headers are on every response when limits are on: check one.
  if [ "$mode" = on ]; then
    curl -s -o /dev/null -D - -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
      -d '{"model":"demo-8b","max_tokens":4,"messages":[{"role":"user","content":"hi"}]}' \
      "http://127.0.0.1:$port/v1/chat/completions" | grep -i '^x-ratelimit-limit-requests' >&2
  fi
  before=$($BENCH pgstats "$conn")
  local result
  result=$(wrk -t"$THREADS" -c"$CONNS" -d"${SECS}s" --latency -s bench/overhead/chat.lua "http://127.0.0.1:$port/v1/chat/completions" | grep '^RESULT')
  after=$($BENCH pgstats "$conn")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  python3 - "$mode" "$SECS" "$result" "$before" "$after" <<'PY'
import sys
mode, secs, result, before, after = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
kv = lambda s: {k: float(v) for k, v in (x.split("=") for x in s.split() if "=" in x)}
r, b, a = kv(result), kv(before), kv(after)
lease = (a["lease_calls"] - b["lease_calls"]) / secs
allq = (a["all_calls"] - b["all_calls"]) / secs
print(f"limits={mode} rps={r['rps']:.1f} p50_ms={r['p50_ms']:.3f} p99_ms={r['p99_ms']:.3f} errors={int(r['errors'])} "
      f"lease_statements_per_s={lease:.2f} all_pg_statements_per_s={allq:.2f} lease_per_1000_requests={1000*lease/max(r['rps'],1):.3f}")
PY
}

# Alternate off/on ROUNDS times (default 2) so that load from anything else on the machine hits both alike.
ROUNDS="${ROUNDS:-2}"
results=()
for r in $(seq 1 "$ROUNDS"); do
  results+=("$(measure off "$r")")
  results+=("$(measure on "$r")")
done
echo "connections=$CONNS duration=${SECS}s threads=$THREADS rounds=$ROUNDS (wrk, NodeSim, PostgreSQL and the silo share this machine's $(nproc) cores)"
printf '%s\n' "${results[@]}"
python3 - "${results[@]}" <<'PY'
import sys
kv = lambda s: {k: v for k, v in (x.split("=") for x in s.split())}
rows = [kv(r) for r in sys.argv[1:]]
def mean(mode, key): 
    xs = [float(r[key]) for r in rows if r["limits"] == mode]
    return sum(xs) / len(xs)
off, on = mean("off", "rps"), mean("on", "rps")
print(f"mean rps: off {off:.1f}, on {on:.1f} ({100*on/off:.1f}% of off); "
      f"lease statements/s with limits on: {mean('on', 'lease_statements_per_s'):.2f} ({1000*mean('on', 'lease_statements_per_s')/on:.3f} per 1000 requests)")
PY

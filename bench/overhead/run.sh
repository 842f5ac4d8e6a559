#!/usr/bin/env bash
# Gateway overhead: wrk posts the same chat completion straight to NodeSim (--profile instant) and
# through a GatoLink silo in front of it, at the same connection count, in one run: once with a key without
# limits (no grain call) and once with a key with rate limits and a budget (one ApiKeyGrain call per request).
# BASELINE_SILO_DLL=path/to/GatoLink.Silo.dll adds another build (e.g. an earlier commit) to the same run.
# Usage: [ROUNDS=2] [BASELINE_SILO_DLL=…] bench/overhead/run.sh [connections=50] [seconds=15]
set -euo pipefail
cd "$(dirname "$0")/../.."
CONNS="${1:-50}"; SECS="${2:-15}"; THREADS=2
command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk"; exit 2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
OUT="$(mktemp -d /tmp/gatolink-bench.XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$OUT"; }
trap cleanup EXIT

dotnet build -c Release src/Silo -v q -nologo >/dev/null
NODE_PORT=$(free_port)
dotnet src/NodeSim/bin/Release/net10.0/GatoLink.NodeSim.dll --profile instant --port "$NODE_PORT" --model demo-8b >"$OUT/node.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$NODE_PORT/health" >/dev/null && break; sleep 0.2; done
ADMIN="gl-bench$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
start_silo() { # dll port datadir
  # shellcheck disable=SC2086 # BENCH_SILO_ENV holds several NAME=value words.
  env GatoLink__Listen="http://127.0.0.1:$2" GatoLink__DataDirectory="$3" GatoLink__EmbeddedNodes=0 \
  GatoLink__DemoTenant=false GatoLink__Banner=false GatoLink__AdminKey="$ADMIN" \
  GatoLink__Nodes__0__BaseUrl="http://127.0.0.1:$NODE_PORT" GatoLink__Nodes__0__Models__0=demo-8b \
  GatoLink__Models__0__Name=demo-8b GatoLink__Models__0__InputPricePerMillionUsd=0.1 GatoLink__Models__0__OutputPricePerMillionUsd=0.4 \
  Logging__LogLevel__Default=Warning ${BENCH_SILO_ENV:-} \
    dotnet "$1" >"$3.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$2/healthz" >/dev/null && break; sleep 0.2; done
}
make_key() { # port limits-json -> secret
  local tenant
  tenant=$(curl -sf -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d "{\"name\":\"bench-$RANDOM$RANDOM\"}" "http://127.0.0.1:$1/admin/tenants" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  curl -sf -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d "{\"name\":\"bench\"$2}" "http://127.0.0.1:$1/admin/tenants/$tenant/keys" | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])'
}
# Limits far above what the run can use: every request pays the admission, none is refused.
LIMITS=',"rpm":100000000,"tpm":100000000000,"daily_cost_usd":1000000'

run() { # name url key
  BENCH_KEY="$3" wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP:-10}s" -s bench/overhead/chat.lua "$2/v1/chat/completions" >/dev/null  # warm-up (JIT, pools, files)
  BENCH_KEY="$3" wrk -t"$THREADS" -c"$CONNS" -d"${SECS}s" --latency -s bench/overhead/chat.lua "$2/v1/chat/completions" | grep '^RESULT' | sed "s/^RESULT/$1/"
}
results=("$(run direct "http://127.0.0.1:$NODE_PORT" none)")
measure_build() { # label dll round: a fresh silo and data dir per round, both keys on it
  local port plain limited; port=$(free_port)
  start_silo "$2" "$port" "$OUT/data-$1-$3"
  plain="$(make_key "$port" "")"; limited="$(make_key "$port" "$LIMITS")"
  # The first key measured on a fresh silo runs colder (JIT tiers, an empty ledger): the order alternates by round.
  if (( $3 % 2 )); then
    results+=("$(run "$1" "http://127.0.0.1:$port" "$plain")" "$(run "$1_limited" "http://127.0.0.1:$port" "$limited")")
  else
    results+=("$(run "$1_limited" "http://127.0.0.1:$port" "$limited")" "$(run "$1" "http://127.0.0.1:$port" "$plain")")
  fi
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
}
# Builds alternate round by round (ROUNDS, default 2, even for balance), so drift on a shared machine hits them alike;
# figures are means.
for round in $(seq 1 "${ROUNDS:-2}"); do
  measure_build gatolink src/Silo/bin/Release/net10.0/GatoLink.Silo.dll "$round"
  if [ -n "${BASELINE_SILO_DLL:-}" ]; then measure_build baseline "$BASELINE_SILO_DLL" "$round"; fi
done
echo "connections=$CONNS duration=${SECS}s threads=$THREADS (wrk, NodeSim and the silo share this machine's $(nproc) cores)"
printf '%s\n' "${results[@]}"
python3 - "${results[@]}" <<'PY'
import sys
def parse(line):
    name, *kv = line.split()
    return name, {k: float(v) for k, v in (x.split("=") for x in kv)}
rows = {}
for l in sys.argv[1:]:
    name, r = parse(l)
    rows.setdefault(name, []).append(r)
rows = {n: {k: sum(r[k] for r in rs) / len(rs) for k in rs[0]} for n, rs in rows.items()}
d = rows.pop("direct")
for name, g in rows.items():
    print(f"{name}: p50 +{g['p50_ms']-d['p50_ms']:.3f} ms, p99 +{g['p99_ms']-d['p99_ms']:.3f} ms over direct, throughput {100*g['rps']/d['rps']:.1f}% of direct")
PY

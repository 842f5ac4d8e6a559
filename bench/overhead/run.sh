#!/usr/bin/env bash
# Gateway overhead: wrk posts the same chat completion straight to NodeSim (--profile instant) and
# through a GatoLink silo in front of it, at the same connection count, in one run.
# Usage: bench/overhead/run.sh [connections=50] [seconds=15]
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
NODE_PORT=$(free_port); SILO_PORT=$(free_port)
dotnet src/NodeSim/bin/Release/net10.0/GatoLink.NodeSim.dll --profile instant --port "$NODE_PORT" --model demo-8b >"$OUT/node.log" 2>&1 &
pids+=($!)
ADMIN="gl-bench$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
env GatoLink__Listen="http://127.0.0.1:$SILO_PORT" GatoLink__DataDirectory="$OUT/data" GatoLink__EmbeddedNodes=0 \
GatoLink__DemoTenant=false GatoLink__Banner=false GatoLink__AdminKey="$ADMIN" \
GatoLink__Nodes__0__BaseUrl="http://127.0.0.1:$NODE_PORT" GatoLink__Nodes__0__Models__0=demo-8b \
GatoLink__Models__0__Name=demo-8b GatoLink__Models__0__InputPricePerMillionUsd=0.1 GatoLink__Models__0__OutputPricePerMillionUsd=0.4 \
Logging__LogLevel__Default=Warning ${BENCH_SILO_ENV:-} \
  dotnet src/Silo/bin/Release/net10.0/GatoLink.Silo.dll >"$OUT/silo.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$SILO_PORT/healthz" >/dev/null && break; sleep 0.2; done

tenant=$(curl -sf -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d '{"name":"bench"}' "http://127.0.0.1:$SILO_PORT/admin/tenants" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
KEY=$(curl -sf -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d '{"name":"bench"}' "http://127.0.0.1:$SILO_PORT/admin/tenants/$tenant/keys" | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
export BENCH_KEY="$KEY"

run() { # name url
  wrk -t"$THREADS" -c"$CONNS" -d3s -s bench/overhead/chat.lua "$2/v1/chat/completions" >/dev/null  # warm-up (JIT, pools)
  wrk -t"$THREADS" -c"$CONNS" -d"${SECS}s" --latency -s bench/overhead/chat.lua "$2/v1/chat/completions" | grep '^RESULT' | sed "s/^RESULT/$1/"
}
direct=$(run direct "http://127.0.0.1:$NODE_PORT")
gateway=$(run gatolink "http://127.0.0.1:$SILO_PORT")
echo "connections=$CONNS duration=${SECS}s threads=$THREADS (wrk, NodeSim and the silo share this machine's $(nproc) cores)"
echo "$direct"; echo "$gateway"
python3 - "$direct" "$gateway" <<'PY'
import sys
def parse(line): return {k: float(v) for k, v in (kv.split("=") for kv in line.split()[1:])}
d, g = parse(sys.argv[1]), parse(sys.argv[2])
print(f"overhead: p50 +{g['p50_ms']-d['p50_ms']:.3f} ms, p99 +{g['p99_ms']-d['p99_ms']:.3f} ms, throughput {100*g['rps']/d['rps']:.1f}% of direct")
PY

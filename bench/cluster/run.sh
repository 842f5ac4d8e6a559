#!/usr/bin/env bash
# Requests per second through nginx with 1, 2 and 3 silos of a local cluster (deploy/local/cluster.sh), and the time
# from `cluster.sh scale` to the new silo serving its first request. NodeSim nodes run the h100-8b profile 20 times
# faster (about 30 ms for the 16 tokens asked), so the silos and nginx are what is measured while placement still sees
# requests running on the nodes. Everything shares this machine's cores: read the figures as ratios.
#   bench/cluster/run.sh [seconds per step, default 20] [connections, default 50]
# Environment: GATOLINK_CLUSTER_BIN (a built silo to run instead of the Release build), as for cluster.sh.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
SECONDS_PER_STEP="${1:-20}"
CONNECTIONS="${2:-50}"
export GATOLINK_CLUSTER_DIR="${GATOLINK_BENCH_CLUSTER_DIR:-/tmp/gatolink-bench-cluster}"
export GATOLINK_CLUSTER_NODE_PROFILE=h100-8b GATOLINK_CLUSTER_NODE_ARGS="--time-scale 20"
CLUSTER="$REPO/deploy/local/cluster.sh"
RESULTS="$HERE/results"
mkdir -p "$RESULTS"
OUT="$RESULTS/$(date -u +%Y%m%dT%H%M%SZ).md"

if ! command -v wrk >/dev/null 2>&1; then
  echo "bench: wrk is missing (apt-get install -y wrk)" >&2
  exit 1
fi

cleanup() { "$CLUSTER" down >/dev/null 2>&1 || true; }
trap cleanup EXIT
"$CLUSTER" down >/dev/null 2>&1 || true

up="$("$CLUSTER" up --silos 1)"
URL="$(sed -n 's/^GATOLINK_URL=//p' <<<"$up")"
ADMIN="$(sed -n 's/^GATOLINK_ADMIN_KEY=//p' <<<"$up")"
json() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }
tenant="$(curl -sf -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d '{"name":"bench"}' "$URL/admin/tenants" | json id)"
# A key with a rate limit, so every request asks its grain (the common case).
GATOLINK_KEY="$(curl -sf -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
  -d '{"name":"bench","rpm":100000000}' "$URL/admin/tenants/$tenant/keys" | json key)"
export GATOLINK_KEY
ACCESS_LOG="$GATOLINK_CLUSTER_DIR/nginx/logs/access.log"

# rps with the silos running now; prints "rps non2xx".
measure() {
  local report rps errors
  wrk -t2 -c"$CONNECTIONS" -d3s -s "$HERE/chat.lua" "$URL/v1/chat/completions" >/dev/null # warm-up
  report="$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_STEP}s" -s "$HERE/chat.lua" "$URL/v1/chat/completions")"
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$report")"
  errors="$(awk '/Non-2xx/ {print $5}' <<<"$report")"
  echo "${rps:-0} ${errors:-0}"
}

# Scales up by one under light load; prints the ms from the scale command to the new silo's first 200 in nginx's log.
scale_to() {
  local n="$1" port started first
  wrk -t1 -c4 -d120s -s "$HERE/chat.lua" "$URL/v1/chat/completions" >/dev/null &
  local load=$!
  started="$(date +%s%3N)"
  "$CLUSTER" scale "$n" >/dev/null 2>&1
  port="$(sed -n 's/^HTTP_PORT=//p' "$GATOLINK_CLUSTER_DIR/silos/$n/ports")"
  first=""
  for _ in $(seq 1 300); do
    first="$(awk -v up="upstream=127.0.0.1:$port" '$2 == 200 && $5 == up {print $1; exit}' "$ACCESS_LOG")"
    [ -n "$first" ] && break
    sleep 0.1
  done
  kill "$load" 2>/dev/null || true
  wait "$load" 2>/dev/null || true
  [ -n "$first" ] || { echo "bench: silo $n served nothing" >&2; exit 1; }
  python3 -c "print(round($first * 1000 - $started))"
}

declare -A rps errors scale_ms
read -r "rps[1]" "errors[1]" < <(measure)
scale_ms[2]="$(scale_to 2)"
read -r "rps[2]" "errors[2]" < <(measure)
scale_ms[3]="$(scale_to 3)"
read -r "rps[3]" "errors[3]" < <(measure)

{
  echo "# Cluster throughput through nginx ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, NodeSim h100-8b ×20, wrk -c$CONNECTIONS, ${SECONDS_PER_STEP} s per step)"
  echo
  echo "| silos | requests/s | non-2xx | scale to this size → first request served by the new silo |"
  echo "| --- | --- | --- | --- |"
  echo "| 1 | ${rps[1]} | ${errors[1]} | |"
  echo "| 2 | ${rps[2]} | ${errors[2]} | ${scale_ms[2]} ms |"
  echo "| 3 | ${rps[3]} | ${errors[3]} | ${scale_ms[3]} ms |"
} | tee "$OUT"
echo "bench: written to $OUT" >&2

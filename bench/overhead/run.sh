#!/usr/bin/env bash
# Gateway overhead: one run, one machine, every figure a ratio between targets measured in turns after warm-up.
#   direct                      NodeSim --profile instant
#   nginx                       nginx proxy_pass in front of the same node (start_nginx below says how it is set up)
#   dotnet_floor                the least a .NET gateway does: Kestrel in, HttpClient out, nothing else (floor/Program.cs)
#   gatolink                    a GatoLink silo in front of it, key without limits (no grain call)
#   gatolink_limited            the same silo, key with rate limits and a budget (one ApiKeyGrain call per request)
#   baseline, baseline_limited  another build in the same run, when BASELINE_SILO_DLL=path/to/GatoLink.Silo.dll
# MODE=throughput (default): wrk, non-streaming chat, CONNS connections. Each target is warmed for at least WARMUP_MIN
#   seconds (20) and until three consecutive WARMUP_WINDOW-second windows agree within 10% (at most WARMUP_MAX s); then ROUNDS rounds, each target SECS seconds
#   per round, the order rotating each round. Prints req/s as % of direct and as a multiple of nginx, the spread
#   between rounds, and the CPU time per request of the proxy process (nginx workers / the silo) and of the node.
# MODE=ttfb: streaming chat, time to the first SSE data line (bench/overhead/Program.cs), one client sequential
#   (REQUESTS per target, default 1000), then CONNS connections (CONC_REQUESTS per target, default 5000).
# MODE=longctx: streaming chat, prompts of random text (SIZES bytes, default 1 KB, 50 KB, 200 KB), one client
#   sequential, REQUESTS per target and size (default 200).
# Usage: [MODE=…] [ROUNDS=3] [BASELINE_SILO_DLL=…] bench/overhead/run.sh [connections=50] [seconds=10]
set -euo pipefail
cd "$(dirname "$0")/../.."
MODE="${MODE:-throughput}"; CONNS="${1:-50}"; SECS="${2:-10}"; THREADS=2
WARMUP_WINDOW="${WARMUP_WINDOW:-3}"; WARMUP_MIN="${WARMUP_MIN:-20}"; WARMUP_MAX="${WARMUP_MAX:-60}"
case "$MODE" in throughput|ttfb|longctx) ;; *) echo "MODE is throughput, ttfb or longctx, not $MODE" >&2; exit 2 ;; esac
command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk"; exit 2; }
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { echo "nginx missing: apt-get install -y nginx"; exit 2; }
PATH="$PATH:/usr/sbin"
OUT="$(mktemp -d /tmp/gatolink-bench.XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$OUT"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_ok() { # url: up to 30 s for a 2xx
  local _
  for _ in $(seq 1 150); do curl -sf "$1" >/dev/null && return 0; sleep 0.2; done
  echo "no answer from $1" >&2; return 1
}

# utime + stime of the processes, summed, in clock ticks (all threads; fields 14 and 15 of /proc/PID/stat, counted
# after the command name, which may hold spaces).
cpu_ticks() { # pid…
  local p total=0 f
  for p in "$@"; do
    read -ra f < <(sed 's/.*) //' "/proc/$p/stat")
    total=$((total + f[11] + f[12]))
  done
  echo "$total"
}

start_node() { # -> NODE_PORT, NODE_PID
  NODE_PORT=$(free_port)
  dotnet src/NodeSim/bin/Release/net10.0/GatoLink.NodeSim.dll --profile instant --port "$NODE_PORT" --model demo-8b >"$OUT/node.log" 2>&1 &
  NODE_PID=$!; pids+=("$NODE_PID")
  wait_ok "http://127.0.0.1:$NODE_PORT/health"
}

# nginx as a plain reverse proxy to the node, tuned the way one would deploy it in front of an SSE API: HTTP/1.1 and
# pooled keep-alive connections upstream, no response buffering (tokens pass as they come), no access log, request
# bodies held in memory (up to 16 MiB, like the silo reads a body whole before it forwards it), no per-connection
# request cap on either side. worker_processes: NGINX_WORKERS, default auto (one per core): the silo may use every
# core too, so nginx gets the same; NGINX_WORKERS=1 pins it to one.
start_nginx() { # -> NGINX_PORT, NGINX_WORKER_PIDS
  local dir="$OUT/nginx" user_line="" master
  mkdir -p "$dir/temp"
  NGINX_PORT=$(free_port)
  if [ "$(id -u)" -eq 0 ]; then
    # Workers run as nobody: they may pass through the run's directory but not read it.
    user_line="user nobody nogroup;"; chmod 711 "$OUT"; chown -R nobody:nogroup "$dir/temp"
  fi
  cat >"$dir/nginx.conf" <<CONF
$user_line
daemon off;
worker_processes ${NGINX_WORKERS:-auto};
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $dir/temp/body;
    proxy_temp_path $dir/temp/proxy;
    fastcgi_temp_path $dir/temp/fastcgi;
    uwsgi_temp_path $dir/temp/uwsgi;
    scgi_temp_path $dir/temp/scgi;
    client_max_body_size 16m;
    client_body_buffer_size 16m;
    keepalive_requests 10000000;
    upstream node {
        server 127.0.0.1:$NODE_PORT;
        keepalive 128;
        keepalive_requests 10000000;
    }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / {
            proxy_pass http://node;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_buffering off;
            proxy_read_timeout 300s;
        }
    }
}
CONF
  nginx -e "$dir/error.log" -c "$dir/nginx.conf" -p "$dir" &
  master=$!; pids+=("$master")
  wait_ok "http://127.0.0.1:$NGINX_PORT/health"
  mapfile -t NGINX_WORKER_PIDS < <(pgrep -P "$master")
  [ "${#NGINX_WORKER_PIDS[@]}" -gt 0 ] || { echo "nginx started no worker" >&2; return 1; }
}

start_floor() { # -> FLOOR_PORT, FLOOR_PID
  FLOOR_PORT=$(free_port)
  FLOOR_UPSTREAM="http://127.0.0.1:$NODE_PORT" ASPNETCORE_URLS="http://127.0.0.1:$FLOOR_PORT" \
    dotnet bench/overhead/floor/bin/Release/net10.0/GatoLink.Bench.ProxyFloor.dll >"$OUT/floor.log" 2>&1 &
  FLOOR_PID=$!; pids+=("$FLOOR_PID")
  wait_ok "http://127.0.0.1:$FLOOR_PORT/health"
}

start_silo() { # dll port datadir -> SILO_PID
  # shellcheck disable=SC2086 # BENCH_SILO_ENV holds several NAME=value words.
  env GatoLink__Listen="http://127.0.0.1:$2" GatoLink__DataDirectory="$3" GatoLink__EmbeddedNodes=0 \
  GatoLink__DemoTenant=false GatoLink__Banner=false GatoLink__AdminKey="$ADMIN" \
  GatoLink__Nodes__0__BaseUrl="http://127.0.0.1:$NODE_PORT" GatoLink__Nodes__0__Models__0=demo-8b \
  GatoLink__Models__0__Name=demo-8b GatoLink__Models__0__InputPricePerMillionUsd=0.1 GatoLink__Models__0__OutputPricePerMillionUsd=0.4 \
  Logging__LogLevel__Default=Warning ${BENCH_SILO_ENV:-} \
    dotnet "$1" >"$3.log" 2>&1 &
  SILO_PID=$!; pids+=("$SILO_PID")
  wait_ok "http://127.0.0.1:$2/healthz"
}

make_key() { # port limits-json -> secret
  local tenant
  tenant=$(curl -sf -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d "{\"name\":\"bench-$RANDOM$RANDOM\"}" "http://127.0.0.1:$1/admin/tenants" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  curl -sf -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d "{\"name\":\"bench\"$2}" "http://127.0.0.1:$1/admin/tenants/$tenant/keys" | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])'
}

dotnet build -c Release src/Silo -v q -nologo >/dev/null
dotnet build -c Release bench/overhead/floor/GatoLink.Bench.ProxyFloor.csproj -v q -nologo >/dev/null
[ "$MODE" = throughput ] || dotnet build -c Release bench/overhead/GatoLink.Bench.Overhead.csproj -v q -nologo >/dev/null
start_node
start_nginx
start_floor
ADMIN="gl-bench$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
# Limits far above what the run can use: every request pays the admission, none is refused.
LIMITS=',"rpm":100000000,"tpm":100000000000,"daily_cost_usd":1000000'

# Targets: name, base URL, key, and the processes whose CPU time is the proxy's.
names=(direct nginx dotnet_floor)
declare -A url=([direct]="http://127.0.0.1:$NODE_PORT" [nginx]="http://127.0.0.1:$NGINX_PORT" [dotnet_floor]="http://127.0.0.1:$FLOOR_PORT")
declare -A key=([direct]=none [nginx]=none [dotnet_floor]=none) proxy=([direct]="" [nginx]="${NGINX_WORKER_PIDS[*]}" [dotnet_floor]="$FLOOR_PID")
add_build() { # label dll: one silo for the whole run, both keys on it
  local port; port=$(free_port)
  start_silo "$2" "$port" "$OUT/data-$1"
  names+=("$1" "$1_limited")
  url[$1]="http://127.0.0.1:$port"; url[$1_limited]="http://127.0.0.1:$port"
  key[$1]="$(make_key "$port" "")"; key[$1_limited]="$(make_key "$port" "$LIMITS")"
  proxy[$1]="$SILO_PID"; proxy[$1_limited]="$SILO_PID"
}
add_build gatolink src/Silo/bin/Release/net10.0/GatoLink.Silo.dll
if [ -n "${BASELINE_SILO_DLL:-}" ]; then add_build baseline "$BASELINE_SILO_DLL"; fi

if [ "$MODE" != throughput ]; then
  targets=(); for n in "${names[@]}"; do targets+=(--target "$n,${url[$n]},${key[$n]}"); done
  bench=(dotnet bench/overhead/bin/Release/net10.0/GatoLink.Bench.Overhead.dll "${targets[@]}"
         --warmup-min-s "$WARMUP_MIN" --warmup-max-s "$WARMUP_MAX")
  if [ "$MODE" = ttfb ]; then
    "${bench[@]}" --concurrency 1 --requests "${REQUESTS:-1000}"
    "${bench[@]}" --concurrency "$CONNS" --requests "${CONC_REQUESTS:-5000}"
  else
    "${bench[@]}" --concurrency 1 --requests "${REQUESTS:-200}" --prompt-bytes "${SIZES:-1024,51200,204800}"
  fi
  exit 0
fi

wrk_result() { # name seconds -> chat.lua's RESULT line, without the word RESULT
  BENCH_KEY="${key[$1]}" wrk -t"$THREADS" -c"$CONNS" -d"$2s" --latency -s bench/overhead/chat.lua "${url[$1]}/v1/chat/completions" \
    | sed -n 's/^RESULT //p'
}
# Agreement of two windows is not enough: a fresh silo ramps up over ~20 s of load on this machine (3 s windows at
# 1.2k, 1.5k, 2.6k req/s, then 4.6k; probably tiered JIT starved of a core), and two windows on that ramp agreed at 1.7k once
# before rounds measured 3.5-4.7k. Hence WARMUP_MIN, and three windows in a row within 10%.
warm_up() { # name: at least WARMUP_MIN s, then until three windows in a row agree within 10% on req/s; at most WARMUP_MAX s
  local last=() start=$SECONDS verdict
  while :; do
    last+=("$(wrk_result "$1" "$WARMUP_WINDOW" | sed 's/^rps=\([^ ]*\).*/\1/')")
    if (( ${#last[@]} >= 3 && SECONDS - start >= WARMUP_MIN )) && printf '%s\n' "${last[@]: -3}" \
        | awk 'NR == 1 || $1 > hi { hi = $1 } NR == 1 || $1 < lo { lo = $1 } END { exit !(hi - lo <= 0.1 * hi) }'; then
      verdict="agreed within 10%"; break
    fi
    if (( SECONDS - start >= WARMUP_MAX )); then verdict="did NOT agree within 10% in ${WARMUP_MAX} s"; break; fi
  done
  echo "warm-up $1: ${#last[@]} windows of ${WARMUP_WINDOW} s in $((SECONDS - start)) s, last three ${last[*]: -3} req/s, $verdict"
}
measure() { # name round -> one result line
  local p0 n0 line p1 n1 hz; hz=$(getconf CLK_TCK)
  # shellcheck disable=SC2086 # proxy holds a list of pids.
  p0=$(cpu_ticks ${proxy[$1]}); n0=$(cpu_ticks "$NODE_PID")
  line=$(wrk_result "$1" "$SECS")
  # shellcheck disable=SC2086
  p1=$(cpu_ticks ${proxy[$1]}); n1=$(cpu_ticks "$NODE_PID")
  echo "$1 round=$2 $line proxy_cpu_s=$(awk -v d=$((p1 - p0)) -v hz="$hz" 'BEGIN { print d / hz }') node_cpu_s=$(awk -v d=$((n1 - n0)) -v hz="$hz" 'BEGIN { print d / hz }')"
}

for n in "${names[@]}"; do warm_up "$n"; done
results=()
for round in $(seq 1 "${ROUNDS:-3}"); do
  # The order rotates each round, so no target always runs first or right after the same one.
  for i in "${!names[@]}"; do
    results+=("$(measure "${names[$(( (i + round - 1) % ${#names[@]} ))]}" "$round")")
  done
done
echo "connections=$CONNS duration=${SECS}s rounds=${ROUNDS:-3} threads=$THREADS nginx workers=${#NGINX_WORKER_PIDS[@]} (wrk, NodeSim, nginx and the silo share this machine's $(nproc) cores)"
printf '%s\n' "${results[@]}"
python3 bench/overhead/summary.py "${results[@]}"

#!/usr/bin/env bash
# A GatoLink cluster on this machine, on 127.0.0.1 only: a throwaway PostgreSQL, NodeSim nodes, N silos, nginx in
# front of the silos and Prometheus scraping everything. Debian packages only (installs postgresql, nginx and
# prometheus with apt when run as root and they are missing).
#
#   deploy/local/cluster.sh up [--silos N]     start (default 3 silos); the last lines print GATOLINK_URL=… etc.
#   deploy/local/cluster.sh status             silos (process, readiness, nginx, Orleans membership), nodes, upstreams
#   deploy/local/cluster.sh scale N            add silos (ready first, then into nginx) or remove them (out of nginx
#                                              first, then SIGTERM and wait for the drain)
#   deploy/local/cluster.sh rolling-restart    one silo at a time: out of nginx, SIGTERM, drained, restarted on the
#                                              same ports and data directory, ready, back into nginx
#   deploy/local/cluster.sh down               stop everything it started (by PID) and remove the state directory
#   deploy/local/cluster.sh backup [DIR] [--keep N]
#                                              a consistent backup of the running cluster into DIR/gatolink-<UTC time>/:
#                                              pg_dump (custom format) of the gatolink database and the Data Protection
#                                              key ring if there is one; keeps the newest N backups in DIR (default 7)
#   deploy/local/cluster.sh restore BACKUP [--silos N]
#                                              like up, on a fresh PostgreSQL restored from BACKUP (a gatolink-… directory)
#
# Environment:
#   GATOLINK_CLUSTER_DIR            state directory (pids, ports, logs, data, admin key); default /tmp/gatolink-cluster
#   GATOLINK_CLUSTER_BIN            a directory holding a built GatoLink.Silo.dll and GatoLink.NodeSim.dll to run
#                                   instead of the Release build this script makes (dotnet publish -c Release)
#   GATOLINK_CLUSTER_NODES          NodeSim nodes (default 2)
#   GATOLINK_CLUSTER_NODE_PROFILE   their profile (default h100-8b)
#   GATOLINK_CLUSTER_NODE_ARGS      more NodeSim flags, e.g. "--time-scale 20" (src/NodeSim/README.md)
#   GATOLINK_CLUSTER_DRAIN_TIMEOUT  seconds a stopping silo lets running streams finish (default 30)
#   GATOLINK_BACKUP_DIR             where backup writes when no DIR is given (default ./gatolink-backups)
#   GATOLINK_DATA_PROTECTION_DIR    the ASP.NET Core Data Protection key ring to back up with the database (default: a
#                                   silo's data/dataprotection-keys, when it exists)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE="${GATOLINK_CLUSTER_DIR:-/tmp/gatolink-cluster}"
PG_BIN="$("$REPO/.ci/pg-bin" || true)"  # any PostgreSQL version (GATOLINK_PG_BIN to choose)
NODE_COUNT="${GATOLINK_CLUSTER_NODES:-2}"
NODE_PROFILE="${GATOLINK_CLUSTER_NODE_PROFILE:-h100-8b}"
read -r -a NODE_ARGS <<<"${GATOLINK_CLUSTER_NODE_ARGS:-}"
DRAIN_TIMEOUT="${GATOLINK_CLUSTER_DRAIN_TIMEOUT:-30}"
MODEL=demo-8b
CLUSTER_ID=gatolink-local
READY_TIMEOUT=120
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf 'cluster: %s\n' "$*" >&2; }
die() { printf 'cluster: error: %s\n' "$*" >&2; exit 1; }
now_ms() { date +%s%3N; }

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
}

# ---------------------------------------------------------------------------------------------------------------
# Small helpers

ALLOCATED=" "
# A TCP port on 127.0.0.1 that nothing listens on now and that this run has not handed out yet.
free_port() {
  local port
  while true; do
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
    if [[ "$ALLOCATED" != *" $port "* ]]; then
      ALLOCATED+="$port "
      echo "$port"
      return
    fi
  done
}

# True while PID runs. A process that exited but was not reaped yet (a zombie: the script's children are re-parented
# when it exits, and PID 1 of a container may reap late) has exited.
alive() {
  [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null || return 1
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  [ "${stat%% *}" != Z ]
}

pid_of() { if [ -f "$1" ]; then cat "$1"; fi; }

# Waits until URL answers 2xx, or fails when PID (if given) dies or TIMEOUT seconds pass.
wait_http() {
  local url="$1" timeout="$2" pid="${3:-}" what="$4" deadline
  deadline=$(( $(date +%s) + timeout ))
  until curl -sf -o /dev/null --max-time 2 "$url"; do
    if [ -n "$pid" ] && ! alive "$pid"; then
      return 1
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log "$what: no answer from $url within ${timeout}s"
      return 1
    fi
    sleep 0.2
  done
}

# Waits until PID has exited; false after TIMEOUT seconds.
wait_exit() {
  local pid="$1" timeout="$2" deadline
  deadline=$(( $(date +%s) + timeout ))
  while alive "$pid"; do
    # A child of this shell (a silo this very run started) is reaped by wait.
    if [ "$(date +%s)" -ge "$deadline" ]; then
      return 1
    fi
    sleep 0.1
  done
}

stop_pid() {
  local pid="$1" signal="$2" timeout="$3" what="$4"
  alive "$pid" || return 0
  kill "-$signal" "$pid" 2>/dev/null || true
  if ! wait_exit "$pid" "$timeout"; then
    log "$what (pid $pid) still runs ${timeout}s after SIG$signal; killing it"
    kill -KILL "$pid" 2>/dev/null || true
    wait_exit "$pid" 10 || die "$what (pid $pid) survives SIGKILL"
  fi
}

psql_cluster() {
  "$PG_BIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d gatolink "$@"
}

load_state() {
  [ -f "$STATE/cluster.env" ] || die "no cluster in $STATE (run: $0 up)"
  # shellcheck source=/dev/null
  . "$STATE/cluster.env"
}

silo_ids() {
  local dir
  for dir in "$STATE"/silos/*/; do
    [ -d "$dir" ] && basename "$dir"
  done | sort -n
}

# ---------------------------------------------------------------------------------------------------------------
# Prerequisites and build

install_missing() {
  local need=()
  [ -x "$PG_BIN/initdb" ] || need+=(postgresql)
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
  command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
  command -v curl >/dev/null 2>&1 || need+=(curl)
  command -v python3 >/dev/null 2>&1 || need+=(python3)
  [ ${#need[@]} -eq 0 ] && return
  [ "$(id -u)" -eq 0 ] || die "missing ${need[*]}: install them (apt-get install -y ${need[*]}) or run as root"
  log "installing ${need[*]} (apt)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  # Debian's packages may start their own services on install; this cluster runs its own copies.
  for svc in nginx prometheus; do
    if [[ " ${need[*]} " == *" $svc "* ]] && pgrep -x "$svc" >/dev/null 2>&1; then
      service "$svc" stop >/dev/null 2>&1 || log "could not stop the $svc service Debian started"
    fi
  done
}

# Sets BIN to a directory with GatoLink.Silo.dll and GatoLink.NodeSim.dll.
ensure_build() {
  if [ -n "${GATOLINK_CLUSTER_BIN:-}" ]; then
    BIN="$(cd "$GATOLINK_CLUSTER_BIN" && pwd)"
  else
    BIN="$REPO/artifacts/cluster"
    log "building the silo and NodeSim (dotnet publish -c Release → $BIN)"
    dotnet publish "$REPO/src/Silo/GatoLink.Silo.csproj" -c Release -o "$BIN" -nologo -v quiet >"$STATE/build.log" 2>&1 \
      || { tail -n 30 "$STATE/build.log" >&2; die "the Release build failed (log: $STATE/build.log)"; }
  fi
  [ -f "$BIN/GatoLink.Silo.dll" ] || die "no GatoLink.Silo.dll in $BIN"
  if [ ! -f "$BIN/GatoLink.NodeSim.dll" ] || [ ! -f "$BIN/GatoLink.NodeSim.runtimeconfig.json" ]; then
    die "no runnable GatoLink.NodeSim.dll in $BIN"
  fi
}

# ---------------------------------------------------------------------------------------------------------------
# PostgreSQL

start_postgres() {
  local dir="$STATE/pg"
  mkdir -p "$dir"
  PG_PORT="$(free_port)"
  local as=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$dir"
    as=(runuser -u postgres --)
    # initdb runs as postgres: it must be able to reach the directory through every parent (e.g. not under /root).
    runuser -u postgres -- test -x "$dir" \
      || die "the postgres user cannot enter $dir (a parent directory is not searchable by it); set GATOLINK_CLUSTER_DIR to a directory it can reach, such as one under /tmp"
  fi
  if ! "${as[@]}" "$PG_BIN/initdb" -D "$dir/data" -U postgres -A trust --no-sync >"$dir/initdb.log" 2>&1; then
    tail -n 20 "$dir/initdb.log" >&2 || true
    die "initdb failed (log: $dir/initdb.log)"
  fi
  cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$dir'
max_connections = 300
CONF
  "${as[@]}" "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w start >/dev/null || die "PostgreSQL did not start (log: $dir/log)"
  "$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c 'CREATE DATABASE gatolink' >/dev/null
  log "PostgreSQL 15 on 127.0.0.1:$PG_PORT"
  if [ -n "${RESTORE_FROM:-}" ]; then
    "$PG_BIN/pg_restore" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d gatolink --no-owner --exit-on-error "$RESTORE_FROM/gatolink.dump" \
      >"$dir/restore.log" 2>&1 || { tail -n 20 "$dir/restore.log" >&2; die "pg_restore of $RESTORE_FROM failed (log: $dir/restore.log)"; }
    log "restored the database from $RESTORE_FROM"
  fi
}

stop_postgres() {
  [ -f "$STATE/pg/data/postmaster.pid" ] || return 0
  local as=()
  [ "$(id -u)" -eq 0 ] && as=(runuser -u postgres --)
  "${as[@]}" "$PG_BIN/pg_ctl" -D "$STATE/pg/data" -m fast -w stop >/dev/null 2>&1 || log "pg_ctl stop failed"
}

# ---------------------------------------------------------------------------------------------------------------
# NodeSim nodes

start_node() {
  local i="$1" dir="$STATE/nodes/$1" port
  mkdir -p "$dir"
  port="$(free_port)"
  echo "$port" >"$dir/port"
  (cd "$BIN" && exec setsid dotnet GatoLink.NodeSim.dll --profile "$NODE_PROFILE" --host 127.0.0.1 --port "$port" --seed "$i" \
    ${NODE_ARGS[@]+"${NODE_ARGS[@]}"} >>"$dir/log" 2>&1 </dev/null) &
  echo $! >"$dir/pid"
}

node_urls() {
  local dir
  for dir in "$STATE"/nodes/*/; do
    echo "http://127.0.0.1:$(cat "$dir/port")/"
  done
}

# ---------------------------------------------------------------------------------------------------------------
# Silos

new_silo() {
  local i="$1" dir="$STATE/silos/$1"
  mkdir -p "$dir/data"
  if [ -n "${RESTORE_FROM:-}" ] && [ -d "$RESTORE_FROM/dataprotection-keys" ]; then
    cp -a "$RESTORE_FROM/dataprotection-keys" "$dir/data/dataprotection-keys"
  fi
  cat >"$dir/ports" <<PORTS
HTTP_PORT=$(free_port)
SILO_PORT=$(free_port)
GATEWAY_PORT=$(free_port)
PORTS
}

silo_port() {
  # shellcheck source=/dev/null
  (. "$STATE/silos/$1/ports" && echo "$HTTP_PORT")
}

start_silo() {
  local i="$1" dir="$STATE/silos/$1" n=0 url
  # shellcheck source=/dev/null
  . "$dir/ports"
  local env=(
    -u ASPNETCORE_URLS
    "GATOLINK_POSTGRES=Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=gatolink;Pooling=true;Maximum Pool Size=50"
    "GATOLINK_ADMIN_KEY=$ADMIN_KEY"
    "GatoLink__Listen=http://127.0.0.1:$HTTP_PORT"
    "GatoLink__DataDirectory=$dir/data"
    "GatoLink__EmbeddedNodes=0"
    "GatoLink__DemoTenant=false"
    "GatoLink__Banner=false"
    "GatoLink__Orleans__ClusterId=$CLUSTER_ID"
    "GatoLink__Orleans__SiloName=silo-$i"
    "GatoLink__Orleans__SiloPort=$SILO_PORT"
    "GatoLink__Orleans__GatewayPort=$GATEWAY_PORT"
    "GatoLink__Orleans__AdvertisedIp=127.0.0.1"
    "GatoLink__Drain__Timeout=00:00:$(printf '%02d' "$DRAIN_TIMEOUT")"
    "GatoLink__Models__0__Name=$MODEL"
    "GatoLink__Models__0__InputPricePerMillionUsd=1.0"
    "GatoLink__Models__0__OutputPricePerMillionUsd=2.0"
    "Logging__Console__FormatterName=json"
  )
  while read -r url; do
    env+=("GatoLink__Nodes__${n}__Id=node-$((n + 1))" "GatoLink__Nodes__${n}__BaseUrl=$url" "GatoLink__Nodes__${n}__Models__0=$MODEL")
    n=$((n + 1))
  done < <(node_urls)
  (cd "$BIN" && exec setsid env "${env[@]}" dotnet GatoLink.Silo.dll >>"$dir/log" 2>&1 </dev/null) &
  echo $! >"$dir/pid"
}

wait_silo_ready() {
  local i="$1" pid
  pid="$(pid_of "$STATE/silos/$i/pid")"
  if ! wait_http "http://127.0.0.1:$(silo_port "$i")/readyz" "$READY_TIMEOUT" "$pid" "silo $i"; then
    tail -n 40 "$STATE/silos/$i/log" >&2 || true
    die "silo $i did not become ready (log: $STATE/silos/$i/log)"
  fi
}

# SIGTERM, then wait for the drain (bounded by the drain timeout) and the cluster leave.
stop_silo() {
  local i="$1" pid
  pid="$(pid_of "$STATE/silos/$i/pid")"
  alive "$pid" || return 0
  log "silo $i: SIGTERM (pid $pid), draining"
  stop_pid "$pid" TERM $((DRAIN_TIMEOUT + 60)) "silo $i"
}

# ---------------------------------------------------------------------------------------------------------------
# nginx: the script owns the upstream list (nginx OSS has no active health checks) and reloads nginx gracefully,
# which lets running requests finish on the old workers.

write_upstreams() {
  local i tmp="$STATE/nginx/upstreams.conf.tmp" any=0
  : >"$tmp"
  for i in $(silo_ids); do
    if [ -f "$STATE/silos/$i/in_nginx" ]; then
      echo "server 127.0.0.1:$(silo_port "$i") max_fails=0;" >>"$tmp"
      any=1
    fi
  done
  [ "$any" -eq 1 ] || die "no silo left for nginx's upstream"
  mv "$tmp" "$STATE/nginx/upstreams.conf"
}

write_nginx_conf() {
  local dir="$STATE/nginx" user_line=""
  mkdir -p "$dir/temp" "$dir/logs"
  if [ "$(id -u)" -eq 0 ]; then
    user_line="user nobody nogroup;"
    chown -R nobody:nogroup "$dir/temp"
  fi
  cat >"$dir/nginx.conf" <<CONF
# Generated by deploy/local/cluster.sh.
$user_line
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 4096; }
http {
    log_format upstream '\$msec \$status \$request_method \$uri upstream=\$upstream_addr upstream_status=\$upstream_status rt=\$request_time';
    access_log $dir/logs/access.log upstream;
    client_body_temp_path $dir/temp/body;
    proxy_temp_path $dir/temp/proxy;
    fastcgi_temp_path $dir/temp/fastcgi;
    uwsgi_temp_path $dir/temp/uwsgi;
    scgi_temp_path $dir/temp/scgi;
    client_max_body_size 9m;
    client_body_buffer_size 1m;

    upstream gatolink {
        include $dir/upstreams.conf;
        keepalive 64;
    }

    server {
        listen 127.0.0.1:$NGINX_PORT;
        # One request per client connection. scale and rolling-restart reload nginx; an old worker then closes its
        # clients' keep-alive connections as their requests end, and a client that sends its next request on one at
        # that moment gets a reset that no proxy can retry for it (it never reached nginx's log). New connections
        # always reach the current workers. Connections to the silos stay pooled (keepalive below).
        keepalive_timeout 0;
        location / {
            proxy_pass http://gatolink;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            # Server-sent events: every token as soon as the silo flushes it; streams may run for minutes.
            proxy_buffering off;
            proxy_cache off;
            proxy_read_timeout 600s;
            proxy_send_timeout 600s;
            proxy_connect_timeout 2s;
            # A silo that refuses (draining: 503 before any work) or cannot be reached: the next silo gets the
            # request, POSTs included (a draining silo did nothing with it). The request body stays buffered so that
            # it can be sent again.
            proxy_next_upstream error timeout http_503 non_idempotent;
            proxy_next_upstream_tries 0;
            proxy_next_upstream_timeout 30s;
        }
    }
}
CONF
}

nginx_cmd() { nginx -c "$STATE/nginx/nginx.conf" -p "$STATE/nginx" "$@"; }

# A port found free is only reserved in this script: until nginx or Prometheus binds it, any process's outgoing
# connection can take it as its ephemeral port. So each picks its port just before it starts, and another if it was
# taken meanwhile.
PORT_ATTEMPTS=3
PORT_TAKEN=0

# Runs START (it sets PORT_TAKEN=1 when its port was taken, dies on any other failure) on a fresh port in VAR until it
# listens, then records VAR in cluster.env. Usage: listen_on_free_port WHAT VAR START
listen_on_free_port() {
  local what="$1" var="$2" start="$3" _
  for _ in $(seq 1 "$PORT_ATTEMPTS"); do
    printf -v "$var" '%s' "$(free_port)"
    PORT_TAKEN=0
    "$start"
    if [ "$PORT_TAKEN" -eq 0 ]; then
      echo "$var=${!var}" >>"$STATE/cluster.env"
      return 0
    fi
    log "$what: port ${!var} was taken meanwhile; another one"
  done
  die "$what did not start: its port was taken $PORT_ATTEMPTS times in a row"
}

nginx_start_once() {
  write_nginx_conf
  write_upstreams
  nginx_cmd -t >/dev/null 2>&1 || { nginx_cmd -t; die "nginx rejects its configuration"; }
  # nginx binds before it detaches, so a taken port fails this command.
  if ! nginx_cmd 2>"$STATE/nginx/start.err"; then
    grep -q 'Address already in use' "$STATE/nginx/start.err" || die "nginx did not start: $(cat "$STATE/nginx/start.err")"
    PORT_TAKEN=1
  fi
}

start_nginx() {
  listen_on_free_port nginx NGINX_PORT nginx_start_once
  wait_http "http://127.0.0.1:$NGINX_PORT/healthz" 30 "" nginx || die "nginx does not answer (log: $STATE/nginx/logs/error.log)"
  log "nginx on 127.0.0.1:$NGINX_PORT"
}

nginx_workers() { pgrep -P "$(pid_of "$STATE/nginx/nginx.pid")" 2>/dev/null | sort || true; }

# True while one of the worker PIDs given still accepts new connections (nginx retitles an old worker
# "worker process is shutting down" once it closed its listeners).
old_workers_accept() {
  local p
  for p in "$@"; do
    if alive "$p" && ! { tr '\0' ' ' <"/proc/$p/cmdline"; } 2>/dev/null | grep -q 'shutting down'; then
      return 0
    fi
  done
  return 1
}

# Writes the upstream list, reloads nginx and waits until the old workers stopped taking new requests (they keep
# serving the requests they run, streams included, and then exit).
reload_nginx() {
  local before deadline
  write_upstreams
  write_prometheus_targets
  nginx_cmd -t >/dev/null 2>&1 || { nginx_cmd -t; die "nginx rejects its configuration"; }
  mapfile -t before < <(nginx_workers)
  nginx_cmd -s reload
  deadline=$(( $(date +%s) + 10 ))
  while old_workers_accept "${before[@]}"; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log "nginx reload: old workers still accept after 10s"
      break
    fi
    sleep 0.05
  done
}

# ---------------------------------------------------------------------------------------------------------------
# Prometheus: silos and nodes from file_sd target files, rewritten on every change (Prometheus watches them).

write_prometheus_targets() {
  local dir="$STATE/prometheus" i first=1
  [ -d "$dir" ] || return 0
  {
    printf '[{"labels":{"cluster":"%s"},"targets":[' "$CLUSTER_ID"
    for i in $(silo_ids); do
      [ "$first" -eq 1 ] || printf ','
      printf '"127.0.0.1:%s"' "$(silo_port "$i")"
      first=0
    done
    printf ']}]\n'
  } >"$dir/silos.json.tmp"
  mv "$dir/silos.json.tmp" "$dir/silos.json"
}

start_prometheus() {
  local dir="$STATE/prometheus" i first=1
  mkdir -p "$dir/data"
  if ! command -v prometheus >/dev/null 2>&1; then
    log "prometheus is not installed: running without it"
    return 0
  fi
  cp "$REPO/deploy/prometheus/alerts.yml" "$dir/alerts.yml"
  write_prometheus_targets
  {
    printf '[{"targets":['
    while read -r url; do
      [ "$first" -eq 1 ] || printf ','
      url="${url#http://}"
      printf '"%s"' "${url%/}"
      first=0
    done < <(node_urls)
    printf ']}]\n'
  } >"$dir/nodes.json"
  cat >"$dir/prometheus.yml" <<CONF
# Generated by deploy/local/cluster.sh from deploy/prometheus (same jobs and alert rules; targets from files).
global:
  scrape_interval: 5s
  evaluation_interval: 5s
rule_files:
  - alerts.yml
scrape_configs:
  - job_name: gatolink-silo
    metrics_path: /metrics
    file_sd_configs:
      - files: [silos.json]
        refresh_interval: 5s
  - job_name: gatolink-nodesim
    metrics_path: /metrics
    file_sd_configs:
      - files: [nodes.json]
        refresh_interval: 5s
CONF
  listen_on_free_port Prometheus PROM_PORT prometheus_start_once
  log "Prometheus on 127.0.0.1:$PROM_PORT"
}

prometheus_start_once() {
  local dir="$STATE/prometheus"
  : >"$dir/log"
  (cd "$dir" && exec setsid prometheus --config.file="$dir/prometheus.yml" --web.listen-address="127.0.0.1:$PROM_PORT" \
    --storage.tsdb.path="$dir/data" --storage.tsdb.retention.time=1d >>"$dir/log" 2>&1 </dev/null) &
  echo $! >"$dir/pid"
  if ! wait_http "http://127.0.0.1:$PROM_PORT/-/ready" 60 "$(pid_of "$dir/pid")" prometheus; then
    # Exited because its port was taken: another one. Still running but not ready within the bound, or exited for
    # another reason: give up.
    if alive "$(pid_of "$dir/pid")" || ! grep -q 'address already in use' "$dir/log"; then
      die "Prometheus did not start: $(tail -n 3 "$dir/log")"
    fi
    PORT_TAKEN=1
  fi
}

# ---------------------------------------------------------------------------------------------------------------
# Commands

cmd_up() {
  local silos=3 i
  while [ $# -gt 0 ]; do
    case "$1" in
      --silos) silos="${2:?--silos needs a number}"; shift 2 ;;
      --silos=*) silos="${1#--silos=}"; shift ;;
      *) die "up: unknown argument $1" ;;
    esac
  done
  [[ "$silos" =~ ^[1-9][0-9]*$ ]] || die "up: --silos must be a positive number"
  if [ -f "$STATE/cluster.env" ]; then
    die "a cluster is already set up in $STATE (run: $0 down)"
  fi
  rm -rf "$STATE"
  mkdir -p "$STATE/silos" "$STATE/nodes"
  chmod 755 "$STATE"
  install_missing
  # From here on a failure (die, or a failed command under set -e) takes down what was started, and keeps the state
  # directory with its logs, which the error names (the next up starts afresh).
  UP_DONE=0
  trap 'if [ "$UP_DONE" -eq 0 ]; then log "up failed; stopping what it started"; KEEP_STATE=1 cmd_down >/dev/null 2>&1 || true; log "logs kept in $STATE"; fi' EXIT
  ensure_build

  ADMIN_KEY="gl-admin-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
  start_postgres
  # nginx and Prometheus add their ports once they listen.
  (umask 077 && cat >"$STATE/cluster.env" <<ENV
BIN='$BIN'
PG_PORT=$PG_PORT
ADMIN_KEY='$ADMIN_KEY'
ENV
  )

  for i in $(seq 1 "$NODE_COUNT"); do start_node "$i"; done
  for i in $(seq 1 "$NODE_COUNT"); do
    wait_http "http://127.0.0.1:$(cat "$STATE/nodes/$i/port")/health" 60 "$(pid_of "$STATE/nodes/$i/pid")" "node $i" \
      || die "NodeSim node $i did not start (log: $STATE/nodes/$i/log)"
  done
  log "$NODE_COUNT NodeSim nodes ($NODE_PROFILE) serving $MODEL"

  # The first silo migrates the schema and bootstraps the admin key alone; the others join it together.
  for i in $(seq 1 "$silos"); do new_silo "$i"; done
  start_silo 1
  wait_silo_ready 1
  for i in $(seq 2 "$silos"); do start_silo "$i"; done
  for i in $(seq 2 "$silos"); do wait_silo_ready "$i"; done
  for i in $(seq 1 "$silos"); do touch "$STATE/silos/$i/in_nginx"; done
  log "$silos silos ready"

  start_nginx
  start_prometheus
  UP_DONE=1
  echo "GATOLINK_URL=http://127.0.0.1:$NGINX_PORT"
  echo "GATOLINK_ADMIN_KEY=$ADMIN_KEY"
  echo "GATOLINK_PORTAL_URL=http://127.0.0.1:$NGINX_PORT/portal/"
  if [ -n "${PROM_PORT:-}" ]; then echo "GATOLINK_PROMETHEUS_URL=http://127.0.0.1:$PROM_PORT"; fi
}

membership() {
  psql_cluster -F ' ' -c "SELECT SiloName, Address || ':' || Port, Generation,
      CASE Status WHEN 0 THEN 'None' WHEN 1 THEN 'Created' WHEN 2 THEN 'Joining' WHEN 3 THEN 'Active'
                  WHEN 4 THEN 'ShuttingDown' WHEN 5 THEN 'Stopping' WHEN 6 THEN 'Dead' ELSE Status::text END,
      to_char(IAmAliveTime AT TIME ZONE 'UTC', 'HH24:MI:SS')
    FROM OrleansMembershipTable WHERE DeploymentId = '$CLUSTER_ID' ORDER BY StartTime" 2>/dev/null
}

cmd_status() {
  load_state
  local i pid state ready lb
  echo "silos (process):"
  printf '  %-4s %-8s %-6s %-22s %-8s %s\n' id pid state http readyz nginx
  for i in $(silo_ids); do
    pid="$(pid_of "$STATE/silos/$i/pid")"
    state=dead; alive "$pid" && state=running
    ready="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$(silo_port "$i")/readyz" || true)"
    lb=no; [ -f "$STATE/silos/$i/in_nginx" ] && lb=yes
    printf '  %-4s %-8s %-6s %-22s %-8s %s\n' "$i" "$pid" "$state" "127.0.0.1:$(silo_port "$i")" "$ready" "$lb"
  done
  echo "silos (Orleans membership: name, silo address, generation, status, last I-am-alive UTC):"
  membership | sed 's/^/  /' || echo "  (PostgreSQL not reachable)"
  echo "nodes:"
  for i in "$STATE"/nodes/*/; do
    pid="$(pid_of "$i/pid")"
    state=dead; alive "$pid" && state=running
    echo "  $(basename "$i") pid $pid $state http://127.0.0.1:$(cat "$i/port")/ health $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$(cat "$i/port")/health" || true)"
  done
  echo "nginx (pid $(pid_of "$STATE/nginx/nginx.pid"), http://127.0.0.1:$NGINX_PORT) upstreams:"
  sed 's/^/  /' "$STATE/nginx/upstreams.conf"
  if [ -n "${PROM_PORT:-}" ]; then echo "prometheus: http://127.0.0.1:$PROM_PORT (pid $(pid_of "$STATE/prometheus/pid"))"; fi
}

cmd_scale() {
  load_state
  local target="${1:-}" ids count i next started
  [[ "$target" =~ ^[1-9][0-9]*$ ]] || die "scale: give the number of silos (≥ 1)"
  mapfile -t ids < <(silo_ids)
  count=${#ids[@]}
  if [ "$target" -gt "$count" ]; then
    started="$(now_ms)"
    next=$(( ${ids[count - 1]:-0} + 1 ))
    local added=()
    for ((i = next; i < next + target - count; i++)); do new_silo "$i"; start_silo "$i"; added+=("$i"); done
    for i in "${added[@]}"; do wait_silo_ready "$i"; touch "$STATE/silos/$i/in_nginx"; done
    reload_nginx
    log "scaled to $target silos: silo(s) ${added[*]} ready and in nginx after $(( $(now_ms) - started )) ms"
  elif [ "$target" -lt "$count" ]; then
    local removed=("${ids[@]:target}")
    # Out of nginx first, so no new request reaches them, then drain one by one (their grains move to the others).
    for i in "${removed[@]}"; do rm -f "$STATE/silos/$i/in_nginx"; done
    reload_nginx
    for i in "${removed[@]}"; do
      stop_silo "$i"
      mkdir -p "$STATE/retired"
      mv "$STATE/silos/$i" "$STATE/retired/silo-$i-$(date +%s)"
    done
    write_prometheus_targets
    log "scaled to $target silos: drained and stopped silo(s) ${removed[*]}"
  else
    log "already $count silos"
  fi
}

cmd_rolling_restart() {
  load_state
  local ids i started
  mapfile -t ids < <(silo_ids)
  for i in "${ids[@]}"; do
    started="$(now_ms)"
    if [ ${#ids[@]} -gt 1 ]; then
      rm -f "$STATE/silos/$i/in_nginx"
      reload_nginx
    else
      log "only one silo: it stays in nginx, clients see 503s while it restarts"
    fi
    stop_silo "$i"
    start_silo "$i"
    wait_silo_ready "$i"
    touch "$STATE/silos/$i/in_nginx"
    reload_nginx
    log "silo $i restarted (pid $(pid_of "$STATE/silos/$i/pid")) in $(( $(now_ms) - started )) ms"
  done
  log "rolling restart of ${#ids[@]} silos done"
}

cmd_down() {
  if [ ! -d "$STATE" ]; then
    log "nothing to stop in $STATE"
    return 0
  fi
  if [ -f "$STATE/cluster.env" ]; then
    # shellcheck source=/dev/null
    . "$STATE/cluster.env"
  fi
  local dir pid
  # Silos first (they drain and flush their usage to PostgreSQL), in parallel.
  for dir in "$STATE"/silos/*/; do
    [ -d "$dir" ] || continue
    pid="$(pid_of "$dir/pid")"
    if alive "$pid"; then kill -TERM "$pid" 2>/dev/null || true; fi
  done
  for dir in "$STATE"/silos/*/; do
    [ -d "$dir" ] || continue
    stop_pid "$(pid_of "$dir/pid")" TERM $((DRAIN_TIMEOUT + 60)) "silo $(basename "$dir")"
  done
  if [ -f "$STATE/nginx/nginx.pid" ]; then
    stop_pid "$(pid_of "$STATE/nginx/nginx.pid")" QUIT 30 nginx
  fi
  for dir in "$STATE"/nodes/*/; do
    [ -d "$dir" ] || continue
    stop_pid "$(pid_of "$dir/pid")" TERM 30 "node $(basename "$dir")"
  done
  [ -f "$STATE/prometheus/pid" ] && stop_pid "$(pid_of "$STATE/prometheus/pid")" TERM 30 prometheus
  stop_postgres
  if [ "${KEEP_STATE:-0}" -eq 1 ]; then
    rm -f "$STATE/cluster.env"
    return 0
  fi
  rm -rf "$STATE"
  log "down: everything stopped, $STATE removed"
}

# The Data Protection key ring to back up with the database, if there is one.
data_protection_dir() {
  local dir
  if [ -n "${GATOLINK_DATA_PROTECTION_DIR:-}" ]; then
    [ -d "$GATOLINK_DATA_PROTECTION_DIR" ] && echo "$GATOLINK_DATA_PROTECTION_DIR"
    return 0
  fi
  for dir in "$STATE"/silos/*/data/dataprotection-keys; do
    if [ -d "$dir" ]; then echo "$dir"; return 0; fi
  done
}

cmd_backup() {
  load_state
  local root="${GATOLINK_BACKUP_DIR:-$PWD/gatolink-backups}" keep=7 stamp target keys old
  while [ $# -gt 0 ]; do
    case "$1" in
      --keep) keep="${2:?--keep needs a number}"; shift 2 ;;
      --keep=*) keep="${1#--keep=}"; shift ;;
      -*) die "backup: unknown argument $1" ;;
      *) root="$1"; shift ;;
    esac
  done
  [[ "$keep" =~ ^[1-9][0-9]*$ ]] || die "backup: --keep must be a positive number"
  mkdir -p "$root"
  root="$(cd "$root" && pwd)"
  stamp="$(date -u +%Y%m%dT%H%M%SZ)"
  target="$root/gatolink-$stamp"
  [ -e "$target" ] && die "backup: $target exists already"
  # Written under a temporary name and renamed once complete: a gatolink-* directory is always a whole backup.
  mkdir "$target.partial"
  # One snapshot of the whole database (pg_dump reads in one transaction), taken while the silos keep serving. The
  # membership rows are left out: they name the silos of this cluster, which a restored cluster does not have.
  "$PG_BIN/pg_dump" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d gatolink -Fc \
    --exclude-table-data=orleansmembershiptable -f "$target.partial/gatolink.dump" \
    || { rm -rf "$target.partial"; die "pg_dump failed"; }
  keys="$(data_protection_dir)"
  if [ -n "$keys" ]; then
    cp -a "$keys" "$target.partial/dataprotection-keys"
  fi
  cat >"$target.partial/manifest" <<MANIFEST
taken_at=$stamp
postgres=$("$PG_BIN/pg_dump" --version)
database=gatolink (pg_dump custom format, gatolink.dump)
data_protection_keys=$([ -n "$keys" ] && echo "yes (from $keys)" || echo none)
MANIFEST
  chmod -R go-rwx "$target.partial"
  mv "$target.partial" "$target"
  log "backup: $target ($(du -sh "$target" | cut -f1))"
  # Retention: the newest N complete backups stay.
  while read -r old; do
    rm -rf "$old"
    log "backup: removed $old (keeping the newest $keep)"
  done < <(find "$root" -maxdepth 1 -type d -name 'gatolink-*' ! -name '*.partial' | sort -r | tail -n +$((keep + 1)))
  echo "GATOLINK_BACKUP=$target"
}

cmd_restore() {
  local backup="${1:-}"
  [ -n "$backup" ] || die "restore: give a backup directory (gatolink-…)"
  shift
  [ -f "$backup/gatolink.dump" ] || die "restore: no gatolink.dump in $backup"
  RESTORE_FROM="$(cd "$backup" && pwd)"
  cmd_up "$@"
}

main() {
  local command="${1:-}"
  [ $# -gt 0 ] && shift
  case "$command" in
    up) cmd_up "$@" ;;
    status) cmd_status ;;
    scale) cmd_scale "$@" ;;
    rolling-restart) cmd_rolling_restart ;;
    down) cmd_down ;;
    backup) cmd_backup "$@" ;;
    restore) cmd_restore "$@" ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"

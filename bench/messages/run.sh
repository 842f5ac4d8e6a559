#!/usr/bin/env bash
# /v1/messages and /v1/responses against native chat on the same NodeSim node (instant profile): the translation's overhead per request
# (p50/p99, whole answers, paired with chat through the same silo) and the first byte of a streamed message through
# GatoLink against a streamed chat sent straight to the node. Bounded: REQUESTS per probe (default 1000) after WARMUP.
# Usage: [REQUESTS=1000] [WARMUP=200] bench/messages/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT="$(mktemp -d /tmp/gatolink-messages-bench.XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$OUT"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ok() { local _; for _ in $(seq 1 150); do curl -sf "$1" >/dev/null && return 0; sleep 0.2; done; echo "no answer from $1" >&2; return 1; }

dotnet build -c Release src/Silo -v q -nologo >/dev/null
dotnet build -c Release src/NodeSim -v q -nologo >/dev/null
dotnet build -c Release bench/messages/GatoLink.Bench.Messages.csproj -v q -nologo >/dev/null

NODE_PORT=$(free_port)
dotnet src/NodeSim/bin/Release/net10.0/GatoLink.NodeSim.dll --profile instant --port "$NODE_PORT" --model demo-8b >"$OUT/node.log" 2>&1 &
pids+=($!); wait_ok "http://127.0.0.1:$NODE_PORT/health"

# A second node that serves /v1/responses itself (as vLLM does), declared so: the Responses probes passed through to it.
NATIVE_PORT=$(free_port)
dotnet src/NodeSim/bin/Release/net10.0/GatoLink.NodeSim.dll --profile instant --port "$NATIVE_PORT" --model demo-native >"$OUT/native.log" 2>&1 &
pids+=($!); wait_ok "http://127.0.0.1:$NATIVE_PORT/health"

SILO_PORT=$(free_port)
ADMIN="gl-bench$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
env GatoLink__Listen="http://127.0.0.1:$SILO_PORT" GatoLink__DataDirectory="$OUT/data" GatoLink__EmbeddedNodes=0 \
  GatoLink__DemoTenant=false GatoLink__Banner=false GatoLink__AdminKey="$ADMIN" \
  GatoLink__Nodes__0__BaseUrl="http://127.0.0.1:$NODE_PORT" GatoLink__Nodes__0__Models__0=demo-8b \
  GatoLink__Nodes__1__BaseUrl="http://127.0.0.1:$NATIVE_PORT" GatoLink__Nodes__1__Models__0=demo-native GatoLink__Nodes__1__NativeApis__0=responses \
  GatoLink__Models__1__Name=demo-native GatoLink__Models__1__InputPricePerMillionUsd=0.1 GatoLink__Models__1__OutputPricePerMillionUsd=0.4 \
  GatoLink__Models__0__Name=demo-8b GatoLink__Models__0__InputPricePerMillionUsd=0.1 GatoLink__Models__0__OutputPricePerMillionUsd=0.4 \
  Logging__LogLevel__Default=Warning dotnet src/Silo/bin/Release/net10.0/GatoLink.Silo.dll >"$OUT/silo.log" 2>&1 &
pids+=($!); wait_ok "http://127.0.0.1:$SILO_PORT/healthz"

tenant=$(curl -sf -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d '{"name":"bench-messages"}' "http://127.0.0.1:$SILO_PORT/admin/tenants" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
KEY=$(curl -sf -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d '{"name":"bench"}' "http://127.0.0.1:$SILO_PORT/admin/tenants/$tenant/keys" | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')

dotnet bench/messages/bin/Release/net10.0/GatoLink.Bench.Messages.dll "http://127.0.0.1:$SILO_PORT" "http://127.0.0.1:$NODE_PORT" "$KEY" "${REQUESTS:-1000}" "${WARMUP:-200}" "http://127.0.0.1:$NATIVE_PORT"

#!/usr/bin/env bash
# Response-cache figures: builds the silo and the bench in Release, starts a throwaway redis-server on loopback (the
# shared level), runs the bench (one silo process, one in-process NodeSim node in real time), stops Redis.
#   bench/cache/run.sh                      # 100 latency probes, a 200-request replayed workload
#   bench/cache/run.sh --latency 50 --workload 100
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
dotnet build -c Release -v q -nologo src/Silo/GatoLink.Silo.csproj
dotnet build -c Release -v q -nologo bench/cache/GatoLink.Bench.Cache.csproj
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no >/dev/null &
redis_pid=$!
trap 'kill "$redis_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.05; done
dotnet bench/cache/bin/Release/net10.0/GatoLink.Bench.Cache.dll --redis "127.0.0.1:$port" "$@"

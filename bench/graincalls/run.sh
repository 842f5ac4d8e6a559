#!/usr/bin/env bash
# Grain-call cost and live heap per activation: two Orleans silos in one process on TCP loopback with GatoLink's
# grains over SQLite. Builds the bench in Release by path (it is not in GatoLink.sln) and runs it.
#   bench/graincalls/run.sh                      # ~45 s: call rows (1 and 32 callers), then memory steps
#   bench/graincalls/run.sh --memory-only --activations 4000
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
dotnet build -c Release -v q -nologo -p:SkipPortalBuild=true bench/graincalls/GatoLink.Bench.GrainCalls.csproj
dotnet bench/graincalls/bin/Release/net10.0/GatoLink.Bench.GrainCalls.dll "$@"

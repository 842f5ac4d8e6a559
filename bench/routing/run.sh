#!/usr/bin/env bash
# Routing benchmark: builds NodeSim, the silo and the bench in Release, then runs every workload ×
# load × strategy and prints one table. Extra arguments go to the bench, e.g.
#   bench/routing/run.sh --duration 8 --workloads a --loads 80
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
dotnet build -c Release -v q -nologo src/NodeSim/GatoLink.NodeSim.csproj
dotnet build -c Release -v q -nologo src/Silo/GatoLink.Silo.csproj
dotnet build -c Release -v q -nologo bench/routing/GatoLink.Bench.Routing.csproj
exec dotnet bench/routing/bin/Release/net10.0/GatoLink.Bench.Routing.dll "$@"

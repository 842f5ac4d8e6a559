#!/usr/bin/env bash
# Fairness benchmark: builds NodeSim, the silo and the bench in Release, then runs C alone and alternating fair/FIFO
# rounds of A (weight 3) and B (weight 1) flooding a NodeSim fleet at 200% while C chats. Extra arguments go to the bench:
#   bench/fairness/run.sh --quick        # under a minute, the A/B split on its last line
#   bench/fairness/run.sh --pairs 3 --round 40
# Every run is bounded: `timeout` stops it (and its NodeSim and silo children) after GATOLINK_BENCH_TIMEOUT seconds.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
dotnet build -c Release -v q -nologo src/NodeSim/GatoLink.NodeSim.csproj >&2
dotnet build -c Release -v q -nologo src/Silo/GatoLink.Silo.csproj >&2
dotnet build -c Release -v q -nologo bench/fairness/GatoLink.Bench.Fairness.csproj >&2
limit="${GATOLINK_BENCH_TIMEOUT:-}"
if [[ -z "$limit" ]]; then
  if [[ " $* " == *" --quick "* ]]; then limit=90; else limit=600; fi
fi
exec timeout --kill-after=5 "$limit" dotnet bench/fairness/bin/Release/net10.0/GatoLink.Bench.Fairness.dll "$@"

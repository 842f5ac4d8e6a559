#!/usr/bin/env bash
# The chaos soak, long: three silo processes, two nodes and PostgreSQL under random SIGKILL / SIGTERM / restart of
# silos, node restarts and a PostgreSQL restart, with OpenAI SDK clients streaming and not. CI runs the same test for
# 2 minutes; this runs it for MINUTES (default 10) and prints its figures. SEED picks another sequence of faults.
#
#   bench/chaos/run.sh            # 10 minutes
#   MINUTES=3 SEED=7 bench/chaos/run.sh
#
# Needs PostgreSQL's binaries (the test starts a throwaway server, or uses GATOLINK_TEST_PG); run as root or as a user
# that can run them. Exits non-zero when a guarantee failed.
set -euo pipefail
cd "$(dirname "$0")/../.."
export GATOLINK_CHAOS_MINUTES="${MINUTES:-10}"
export GATOLINK_CHAOS_SEED="${SEED:-20}"
log="$(mktemp /tmp/gatolink-chaos.XXXXXX.log)"
set +e
dotnet test tests/Integration --filter "FullyQualifiedName~ChaosSoakTests" --logger "console;verbosity=detailed" >"$log" 2>&1
status=$?
set -e
grep -E "chaos soak:|faults:|outcomes:|ledger:|limited key" "$log" | sed 's/^ *\[xUnit[^]]*\] *//' | sort -u
grep -E "^\s+(Passed|Failed) " "$log" || true
[ "$status" -eq 0 ] || echo "full log: $log" >&2
exit "$status"

#!/usr/bin/env bash
# Admission cost of the prepaid wallet check: the key grain's Admit (+ Settle) for a postpaid and a prepaid tenant,
# alternating rounds on two Orleans silos in one process (TCP loopback, SQLite). Builds in Release by path (not in
# GatoLink.sln) and runs it.
#   bench/wallet/run.sh                               # 3 rounds x 4 rows x 2 s after 0.5 s warm-up: ~40 s
#   bench/wallet/run.sh --rounds 5 --seconds 3
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
dotnet build -c Release -v q -nologo -p:SkipPortalBuild=true bench/wallet/GatoLink.Bench.Wallet.csproj
dotnet bench/wallet/bin/Release/net10.0/GatoLink.Bench.Wallet.dll "$@"

#!/usr/bin/env bash
# One command for every benchmark: builds the module (lays it out at the repository root) and the benchmark in
# Release, then runs it; the run writes bench/RESULTS.md. Extra arguments go to the benchmark (--quick, --out FILE,
# --kubectl PATH). Loopback only; bounded (about 5 minutes on 2 cores).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
dotnet build src/RollbackDrill/RollbackDrill.csproj -c Release --nologo -v quiet
dotnet build bench/RollbackDrill.Bench/RollbackDrill.Bench.csproj -c Release --nologo -v quiet
exec dotnet "bench/RollbackDrill.Bench/bin/Release/net10.0/RollbackDrill.Bench.dll" "$@"

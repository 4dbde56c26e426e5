#!/usr/bin/env bash
# Builds and runs the benchmark suite and the interleaved measurement, then writes benchmarks/results/latest.json,
# benchmarks/results/interleaved.json, docs/performance.md and docs/performance-ratios.svg.
#
#   benchmarks/run.sh            full run (estimated 15-20 min on 2 cores)
#   benchmarks/run.sh --quick    short pass (~3 min), indicative only
#   benchmarks/run.sh --quick --filter '*OneRow*'    extra arguments go to BenchmarkDotNet
#
# SQLMINT_BENCH_ARTIFACTS sets the build output folder (default /tmp/art-bench, outside the work tree).
# SQLMINT_TEST_PG may name an existing PostgreSQL server instead of the private throwaway cluster.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

mode=full
args=()
for arg in "$@"; do
  if [[ "$arg" == "--quick" ]]; then mode=quick; else args+=("$arg"); fi
done
artifacts="${SQLMINT_BENCH_ARTIFACTS:-/tmp/art-bench}"
results="$root/benchmarks/results"
mkdir -p "$results"

# The code being measured: recorded before the build, since others may commit while the suite runs.
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git status --porcelain -- src 2>/dev/null)" ]]; then commit="$commit (with uncommitted changes under src/)"; fi

echo "== build (Release, artifacts in $artifacts)"
dotnet build benchmarks/Sqlmint.Benchmarks/Sqlmint.Benchmarks.csproj -c Release --artifacts-path "$artifacts" -nologo -v q
dotnet build benchmarks/GeneratorCost/GeneratorCost.csproj -c Release --artifacts-path "$artifacts" -nologo -v q

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "== benchmarks ($mode); load average $load_before"
rm -rf "$results/bdn"
quick_flag=()
[[ "$mode" == quick ]] && quick_flag=(--quick)
start=$SECONDS
(cd "$root/benchmarks" && dotnet "$artifacts/bin/Sqlmint.Benchmarks/release/Sqlmint.Benchmarks.dll" \
  "${quick_flag[@]}" --artifacts "$results/bdn" "${args[@]}")
suite_seconds=$((SECONDS - start))

# The same scenarios again, interleaved (each round runs every implementation in a random order), so that a drift in
# the machine's speed during a case does not land on one implementation only. See Interleaved.cs.
echo "== interleaved measurement"
(cd "$root/benchmarks" && dotnet "$artifacts/bin/Sqlmint.Benchmarks/release/Sqlmint.Benchmarks.dll" \
  "${quick_flag[@]}" --interleaved "$results/interleaved.json")

echo "== generator cost (1,000 methods)"
gen_runs=7
[[ "$mode" == quick ]] && gen_runs=3
dotnet "$artifacts/bin/GeneratorCost/release/Sqlmint.GeneratorCost.dll" 1000 "$gen_runs" > "$results/generator-cost.json"
cat "$results/generator-cost.json"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

report="$(ls -t "$results"/bdn/results/*-report-full.json | head -n 1)"
python3 benchmarks/report.py --bdn "$report" --generator "$results/generator-cost.json" --interleaved "$results/interleaved.json" --mode "$mode" \
  --nproc "$(nproc)" --load-before "$load_before" --load-after "$load_after" --commit "$commit" --seconds "$suite_seconds"

#!/usr/bin/env bash
# Reproduces the numbers in docs/aot.md: publishes samples/AotBaseline and samples/AotConsole (without and with
# Npgsql) with NativeAOT for linux-x64, then prints each native binary's size and the medians over RUNS runs
# (default 10) of the time from exec to the first query's result and of the whole run, each run on a fresh
# SQLite file. Usage: eng/aot-measure.sh [runs]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-10}"
work="$(mktemp -d "${TMPDIR:-/tmp}/sqlmint-aot-measure.XXXXXX")"
trap 'rm -rf "$work"' EXIT
rid="linux-x64"

publish() {
  local project="$1" name="$2"; shift 2
  if ! dotnet publish "$root/$project" -r "$rid" -c Release --artifacts-path "$work/$name" -tl:off -nologo "$@" </dev/null >"$work/$name.log" 2>&1; then
    cat "$work/$name.log" >&2
    echo "aot-measure: publishing $project failed" >&2
    exit 1
  fi
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Prints "<first query µs> <whole run µs>" for one run, both counted from just before exec.
time_one() {
  local binary="$1" start end out first
  start="$(date +%s%6N)"
  out="$(SQLMINT_SAMPLE_TIMING=1 "$binary" </dev/null)"
  end="$(date +%s%6N)"
  first="$(sed -n 's/^first-query-unix-us=//p' <<<"$out")"
  [ -n "$first" ] || { echo "aot-measure: $binary printed no timing line" >&2; exit 1; }
  echo "$((first - start)) $((end - start))"
}

echo "aot-measure: publishing (3 NativeAOT builds)..." >&2
publish samples/AotBaseline/AotBaseline.csproj baseline
publish samples/AotConsole/AotConsole.csproj console-sqlite -p:SqliteOnly=true
publish samples/AotConsole/AotConsole.csproj console

names=("AotBaseline" "AotConsole, SqliteOnly=true" "AotConsole, SQLite + Npgsql")
binaries=(
  "$work/baseline/publish/AotBaseline/release_$rid/AotBaseline"
  "$work/console-sqlite/publish/AotConsole/release_$rid/AotConsole"
  "$work/console/publish/AotConsole/release_$rid/AotConsole"
)

# The binaries run in turn (A B C A B C ...), so a load from elsewhere on the machine slows all of them alike.
for binary in "${binaries[@]}"; do "$binary" >/dev/null </dev/null; done # warm the page cache
for _ in $(seq "$runs"); do
  for i in "${!binaries[@]}"; do time_one "${binaries[$i]}" >>"$work/times.$i"; done
done

echo "| binary | size (bytes) | first query, median of $runs (ms) | whole run, median (ms) |"
echo "| --- | ---: | ---: | ---: |"
for i in "${!binaries[@]}"; do
  first="$(awk '{ print $1 }' "$work/times.$i" | median)"
  whole="$(awk '{ print $2 }' "$work/times.$i" | median)"
  size="$(stat -c %s "${binaries[$i]}")"
  awk -v l="${names[$i]}" -v s="$size" -v f="$first" -v w="$whole" 'BEGIN { printf "| %s | %d | %.1f | %.1f |\n", l, s, f / 1000, w / 1000 }'
done
added=$(( $(stat -c %s "${binaries[1]}") - $(stat -c %s "${binaries[0]}") ))
echo
echo "added by Sqlmint (AotConsole SqliteOnly=true minus AotBaseline): $added bytes ($((added / 1024)) KiB)"
echo "libe_sqlite3.so beside each binary: $(stat -c %s "$work/baseline/publish/AotBaseline/release_$rid/libe_sqlite3.so") bytes"

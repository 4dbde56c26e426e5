#!/usr/bin/env bash
# NativeAOT check (issue #6): publishes samples/AotConsole and samples/AotBaseline for linux-x64, fails on any
# warning (IL2xxx/IL3xxx trim and AOT warnings above all), then runs the native binaries against SQLite and
# compares their output and exit code. It also runs AotConsole against PostgreSQL: a DSN or Npgsql connection
# string in SQLMINT_AOT_POSTGRES, or else a throwaway cluster it starts from the installed server binaries.
# Non-interactive; exits non-zero on any failure.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/sqlmint-aot-check.XXXXXX")"
pg_ctl_cmd=""
cleanup() {
  if [ -n "$pg_ctl_cmd" ]; then $pg_ctl_cmd stop -m immediate >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
rid="linux-x64"

fail() { echo "aot-check: FAIL: $*" >&2; exit 1; }

# NativeAOT links with clang, or gcc when there is no clang (both need binutils' objcopy).
ensure_toolchain() {
  if { command -v clang >/dev/null || command -v gcc >/dev/null; } && command -v objcopy >/dev/null; then
    return
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "aot-check: installing a native toolchain for NativeAOT (clang, binutils)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang binutils </dev/null
  else
    fail "NativeAOT needs clang or gcc plus objcopy on PATH"
  fi
}

# Publishes one project into its own artifacts folder (a fresh one, so every compiler and ILC warning shows up
# again) and fails if the log has any warning or error.
publish() {
  local project="$1" name="$2"; shift 2
  local log="$work/$name.log"
  echo "aot-check: publishing $project ($name)"
  if ! dotnet publish "$root/$project" -r "$rid" -c Release --artifacts-path "$work/$name" -tl:off -nologo "$@" </dev/null >"$log" 2>&1; then
    cat "$log" >&2
    fail "dotnet publish $project failed"
  fi
  local warnings
  warnings="$(grep -E ': (warning|error) [A-Z]+[0-9]+' "$log" | sort -u || true)"
  if [ -n "$warnings" ]; then
    echo "$warnings" >&2
    fail "$project: $(echo "$warnings" | wc -l) warning(s); NativeAOT publishing must be warning-free"
  fi
  echo "aot-check: $project published with 0 warnings ($(grep -cE ' IL[23][0-9]{3}' "$log" || true) IL2xxx/IL3xxx)"
}

# Runs a binary and compares its output with the expected text.
run_and_compare() {
  local label="$1" binary="$2" expected="$3"; shift 3
  local actual code=0
  actual="$("$binary" "$@" </dev/null 2>&1)" || code=$?
  if [ "$code" != 0 ]; then
    echo "$actual" >&2
    fail "$label exited with $code"
  fi
  if [ "$actual" != "$expected" ]; then
    diff <(echo "$expected") <(echo "$actual") >&2 || true
    fail "$label printed unexpected output (diff: expected < > actual)"
  fi
  echo "aot-check: $label ran as expected"
}

ensure_toolchain
publish samples/AotConsole/AotConsole.csproj console
publish samples/AotBaseline/AotBaseline.csproj baseline

console="$work/console/publish/AotConsole/release_$rid/AotConsole"
baseline="$work/baseline/publish/AotBaseline/release_$rid/AotBaseline"
[ -x "$console" ] || fail "no native binary at $console"
[ -x "$baseline" ] || fail "no native binary at $baseline"
head -c 4 "$console" | grep -q ELF || fail "$console is not a native ELF binary"

expected_console='execute: inserted 5 rows in a transaction (0 albums before)
list: 2 albums by artist 1
  1 For Those About To Rock We Salute You 9.99
  3 Let There Be Rock 7.99
list of scalars: AC/DC, Accept (the uncommitted artist rolled back)
single: 2 Balls to the Wall by artist 2
single or none: AC/DC from Australia; artist 99 is missing
execute: raised 2 prices
scalar: 3 albums, artist 1 total 19.98, artist 2 country (null)
execute-many: inserted 3 albums
async stream: 1, 2, 3, 4, 5, 6
result sets: AC/DC has 4 of 6 albums
ok'
expected_baseline='artist 1: AC/DC from Australia (0 albums before)
extra: inserted 3, streamed 1, 2, 3, result sets: AC/DC has 3 of 3 albums
ok'

run_and_compare "AotConsole (default temp SQLite file)" "$console" "$expected_console"
run_and_compare "AotConsole (SQLite file path)" "$console" "$expected_console" "$work/explicit.db"
run_and_compare "AotConsole (sqlite:// DSN)" "$console" "$expected_console" "sqlite:///$work/dsn.db"
run_and_compare "AotBaseline" "$baseline" "$expected_baseline"
if [ -n "${SQLMINT_AOT_POSTGRES:-}" ]; then
  # The label leaves the DSN out: it may hold a password.
  run_and_compare "AotConsole (PostgreSQL from SQLMINT_AOT_POSTGRES)" "$console" "$expected_console" "$SQLMINT_AOT_POSTGRES"
else
  # A private PostgreSQL cluster on a free port, as the tests start one (through runuser when root).
  bindir="$(pg_config --bindir 2>/dev/null || ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -x "$bindir/initdb" ] || fail "no PostgreSQL server binaries (pg_config --bindir); set SQLMINT_AOT_POSTGRES instead"
  pgdir="$work/pg"; mkdir -p "$pgdir"
  run_as=""
  if [ "$(id -u)" = 0 ]; then chown -R postgres "$work"; chmod 755 "$work"; run_as="runuser -u postgres --"; fi
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  $run_as "$bindir/initdb" -D "$pgdir/data" -U postgres -A trust -E UTF8 --locale=C >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log" >&2; fail "initdb failed"; }
  pg_ctl_cmd="$run_as $bindir/pg_ctl -D $pgdir/data -w -t 60"
  $pg_ctl_cmd -l "$pgdir/server.log" -o "-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null || { cat "$pgdir/server.log" >&2; fail "pg_ctl start failed"; }
  run_and_compare "AotConsole (throwaway PostgreSQL, postgresql:// DSN)" "$console" "$expected_console" "postgresql://postgres@127.0.0.1:$port/postgres"
fi

echo "aot-check: sizes: AotConsole $(stat -c %s "$console") bytes, AotBaseline $(stat -c %s "$baseline") bytes"
echo "aot-check: OK"

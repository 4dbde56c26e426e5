#!/usr/bin/env bash
# Consumer test (issue #6): packs src/Runtime into a temp feed, creates a brand-new console app with
# `dotnet new console`, adds the packed Sqlmint and Microsoft.Data.Sqlite with `dotnet add package`, writes a
# [Query]/[Execute] class, builds with warnings as errors and runs it against SQLite. Uses a private NuGet
# packages folder, so a Sqlmint left in the user's cache is never picked up. Non-interactive; exits non-zero
# on any failure.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/sqlmint-consumer.XXXXXX")"
trap 'rm -rf "$work"' EXIT

export NUGET_PACKAGES="$work/packages"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE=1 DOTNET_GENERATE_ASPNET_CERTIFICATE=false

fail() { echo "consumer-test: FAIL: $*" >&2; exit 1; }

# Lists a zip's entries / prints one entry (unzip if present, else Python's zipfile).
zip_list() { if command -v unzip >/dev/null; then unzip -Z1 "$1"; else python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$1"; fi; }
zip_cat() { if command -v unzip >/dev/null; then unzip -p "$1" "$2"; else python3 -c 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())' "$1" "$2"; fi; }
step() { echo "consumer-test: $*"; }

# Runs a command with its output in a log, printing the log only when the command fails.
quiet() {
  local log="$work/last.log"
  if ! "$@" </dev/null >"$log" 2>&1; then
    cat "$log" >&2
    fail "$* failed"
  fi
}

# 1. Pack, and check what the package holds.
feed="$work/feed"
step "packing src/Runtime into $feed"
quiet dotnet pack "$root/src/Runtime/Runtime.csproj" -c Release -o "$feed" --artifacts-path "$work/artifacts" -tl:off
nupkg="$(find "$feed" -name 'Sqlmint.*.nupkg' ! -name '*.snupkg' | head -n 1)"
[ -n "$nupkg" ] || fail "dotnet pack made no Sqlmint package"
[ "$(find "$feed" -name '*.nupkg' | wc -l)" = 1 ] || fail "dotnet pack made more than one .nupkg: $(ls "$feed")"
version="$(basename "$nupkg" .nupkg)"
version="${version#Sqlmint.}"
step "packed Sqlmint $version"
contents="$(zip_list "$nupkg")"
for entry in lib/net8.0/Sqlmint.dll lib/net8.0/Sqlmint.xml analyzers/dotnet/cs/Sqlmint.Generator.dll PACKAGE.md; do
  grep -qxF "$entry" <<<"$contents" || fail "the package lacks $entry; it holds: $contents"
done
if grep -q '^lib/.*Generator' <<<"$contents"; then fail "the generator must not be under lib/"; fi
nuspec="$(zip_cat "$nupkg" Sqlmint.nuspec)"
for field in '<license type="expression">MIT</license>' '<readme>PACKAGE.md</readme>' '<projectUrl>' '<repository type="git"' '<tags>'; do
  grep -qF "$field" <<<"$nuspec" || fail "the nuspec lacks $field"
done
if grep -q '<dependency ' <<<"$nuspec"; then fail "the package must have no dependencies (the generator is private): $nuspec"; fi

# 2. A brand-new console app that takes Sqlmint from the local feed and everything else from nuget.org.
app="$work/app"
mkdir -p "$app"
cat >"$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="local">
      <package pattern="Sqlmint" />
    </packageSource>
    <packageSource key="nuget.org">
      <package pattern="*" />
    </packageSource>
  </packageSourceMapping>
</configuration>
XML
step "creating a console app in $app"
quiet dotnet new console --name Consumer --output "$app"
cd "$app"
quiet dotnet add package Sqlmint --version "$version"
quiet dotnet add package Microsoft.Data.Sqlite --version 10.0.14
# The package mirror lacks SQLitePCLRaw 2.1.13, the minimum Microsoft.Data.Sqlite asks for, so restore would take
# 3.0.3 with a NU1603 warning (an error under -warnaserror). Referencing 3.0.3 directly, as the repository's
# Directory.Packages.props pins it, is what a user of this mirror does too.
quiet dotnet add package SQLitePCLRaw.bundle_e_sqlite3 --version 3.0.3
quiet dotnet add package SQLitePCLRaw.core --version 3.0.3

cmp -s "$nupkg" "$NUGET_PACKAGES/sqlmint/$version/sqlmint.$version.nupkg" \
  || fail "the restored Sqlmint $version is not the package just packed"

cat >Program.cs <<'CS'
using Sqlmint;

// Db.Connect finds the SQLite driver through the module initializer the generator wrote into this app.
string path = Path.Combine(Path.GetTempPath(), $"sqlmint-consumer-{Environment.ProcessId}.db");
File.Delete(path);
using (Session db = Db.Connect($"sqlite:///{path}"))
{
    db.CreatePeople();
    int inserted = db.AddPerson(1, "Ada", 36) + db.AddPerson(2, "Grace", 45) + db.AddPerson(3, "Linus", null);
    List<Person> older = db.PeopleOlderThan(40);
    Person? ada = db.FindPerson(1);
    Console.WriteLine($"inserted {inserted}");
    Console.WriteLine($"older than 40: {string.Join(", ", older.Select(p => $"{p.Id}:{p.Name}:{p.Age}"))}");
    Console.WriteLine($"find 1: {ada?.Name}; find 9: {(db.FindPerson(9) is null ? "none" : "some")}");
    Console.WriteLine($"count: {db.CountPeople()}");
}

Db.DisposeAll();
Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
File.Delete(path);

public sealed record Person(long Id, string Name, int? Age);

public static partial class PeopleSql
{
    [Execute("create table person (id integer primary key, name text not null, age integer)")]
    public static partial void CreatePeople(this Session db);

    [Execute("insert into person (id, name, age) values (@id, @name, @age)")]
    public static partial int AddPerson(this Session db, long id, string name, int? age);

    [Query("select id, name, age from person where age > @age order by id")]
    public static partial List<Person> PeopleOlderThan(this Session db, int age);

    [Query("select id, name, age from person where id = @id")]
    public static partial Person? FindPerson(this Session db, long id);

    [Query("select count(*) from person")]
    public static partial long CountPeople(this Session db);
}
CS

step "building with warnings as errors"
quiet dotnet build -c Release -warnaserror -tl:off
[ ! -e bin/Release/net10.0/Sqlmint.Generator.dll ] || fail "the generator was copied into the app's output"
[ -e bin/Release/net10.0/Sqlmint.dll ] || fail "Sqlmint.dll is not in the app's output"

step "running"
expected='inserted 3
older than 40: 2:Grace:45
find 1: Ada; find 9: none
count: 3'
actual="$(dotnet run -c Release --no-build </dev/null 2>&1)" || { echo "$actual" >&2; fail "the app exited non-zero"; }
if [ "$actual" != "$expected" ]; then
  diff <(echo "$expected") <(echo "$actual") >&2 || true
  fail "the app printed unexpected output (diff: expected < > actual)"
fi

# 3. The generator's diagnostics reach the consumer: a SQL parameter with nothing to bind is SQLM001.
step "checking that a broken query fails the build with SQLM001"
cat >Broken.cs <<'CS'
using Sqlmint;

public static partial class BrokenSql
{
    [Query("select count(*) from person where id = @missing")]
    public static partial long Broken(this Session db);
}
CS
if dotnet build -c Release -tl:off </dev/null >"$work/broken.log" 2>&1; then
  fail "a query with an unbound SQL parameter built"
fi
grep -q 'error SQLM001' "$work/broken.log" || { cat "$work/broken.log" >&2; fail "the failed build did not report SQLM001"; }

echo "consumer-test: OK (Sqlmint $version from a local feed: packed, added, built with -warnaserror, ran, diagnostics reported)"

using Npgsql;
using Xunit.Abstractions;

namespace Sqlmint.RuntimeTests.Replication;

/// <summary>
/// Multi-host DSNs against a real primary and a real streaming standby: <c>target_session_attrs</c> decides
/// which server a session reaches, as in libpq.
/// </summary>
[Collection(ReplicationCollection.Name)]
public sealed class TargetSessionAttrsTests(ITestOutputHelper output) : ReplicationTestBase
{
    [Theory]
    [InlineData("read-write")]
    [InlineData("primary")]
    public async Task WritesLandOnThePrimary_EvenWhenTheStandbyIsListedFirst(string attrs)
    {
        var table = "repl_writes_" + attrs.Replace('-', '_');
        var dsn = Dsn(attrs, standbyFirst: true);

        await using (var db = await Db.ConnectAsync(dsn))
        {
            output.WriteLine($"{attrs}: Session.Host = {db.Host}");
            Assert.False(await InRecoveryAsync(db));
            Assert.Equal(Pair.PrimaryAddress, db.Host);
            Assert.Equal(Pair.PrimaryPort, await ServerPortAsync(db));

            db.Execute($"drop table if exists {table}");
            db.Execute($"create table {table} (id int primary key, note text)");
            Assert.Equal(1, db.Execute($"insert into {table} values (1, 'written through {attrs}')"));
        }

        // The row is on the primary itself.
        await using var primary = new NpgsqlConnection(Pair.PrimaryConnectionString());
        await primary.OpenAsync();
        await using var count = new NpgsqlCommand($"select count(*) from {table}", primary);
        Assert.Equal(1L, await count.ExecuteScalarAsync());
    }

    [Theory]
    [InlineData("prefer-standby")]
    [InlineData("standby")]
    [InlineData("read-only")]
    public async Task ReadsAreServedByTheStandby_EvenWhenThePrimaryIsListedFirst(string attrs)
    {
        await using var db = await Db.ConnectAsync(Dsn(attrs));

        output.WriteLine($"{attrs}: Session.Host = {db.Host}");
        Assert.True(await InRecoveryAsync(db));
        Assert.Equal(Pair.StandbyAddress, db.Host);
        Assert.Equal(Pair.StandbyPort, await ServerPortAsync(db));

        // A hot standby refuses writes: 25006 read_only_sql_transaction.
        var refused = Assert.Throws<PostgresException>(() => db.Execute("create table repl_never (id int)"));
        Assert.Equal(PostgresErrorCodes.ReadOnlySqlTransaction, refused.SqlState);
    }

    [Fact]
    public async Task ReadsThroughPreferStandby_SeeCommittedRows_OnceReplicationCatchesUp()
    {
        var marker = Guid.NewGuid().ToString("N");
        await using (var writer = await Db.ConnectAsync(Dsn("read-write")))
        {
            writer.Execute("create table if not exists repl_visible (marker text primary key)");
            await using var tx = await writer.BeginAsync();
            writer.Execute($"insert into repl_visible values ('{marker}')");
            tx.Commit();
        }

        await Pair.WaitForReplayAsync();

        await using var reader = await Db.ConnectAsync(Dsn("prefer-standby"));
        Assert.True(await InRecoveryAsync(reader));
        Assert.Equal(1L, await ScalarAsync<long>(reader, $"select count(*) from repl_visible where marker = '{marker}'"));
    }

    [Fact]
    public async Task Any_TakesTheFirstHostThatAcceptsTheConnection()
    {
        await using (var primaryFirst = await Db.ConnectAsync(Dsn("any")))
        {
            Assert.Equal(Pair.PrimaryAddress, primaryFirst.Host);
            Assert.False(await InRecoveryAsync(primaryFirst));
        }

        await using var standbyFirst = await Db.ConnectAsync(Dsn("any", standbyFirst: true));
        Assert.Equal(Pair.StandbyAddress, standbyFirst.Host);
        Assert.True(await InRecoveryAsync(standbyFirst));
    }

    [Fact]
    public async Task NoTargetSessionAttrs_MeansAny()
    {
        await using var db = await Db.ConnectAsync(Dsn(null, standbyFirst: true));

        Assert.Equal(Pair.StandbyAddress, db.Host);
    }

    [Fact]
    public async Task LoadBalanceHostsRandom_SpreadsSessionsOverBothHosts()
    {
        // One shared engine with pooling on, as an application gets from Db.Connect. Npgsql's multi-host data source
        // starts each open at the next host in turn (round-robin, not libpq's random order) and takes an idle pooled
        // connection of that host or opens a new one there, so the pool does not pin the sessions to one host.
        // (Distinct engines would not show it: each new data source starts its round-robin at the first listed
        // host, so 40 fresh engines all open their first session on the primary. A DSN cannot turn pooling off.)
        var dsn = Dsn("any", "load_balance_hosts=random");
        var seen = new Dictionary<string, int>();
        for (var i = 0; i < 40; i++)
        {
            await using var db = await Db.ConnectAsync(dsn);
            seen[db.Host] = seen.GetValueOrDefault(db.Host) + 1;
        }

        output.WriteLine(string.Join(", ", seen.Select(p => $"{p.Key}: {p.Value}")));
        Assert.Equal(new HashSet<string> { Pair.PrimaryAddress, Pair.StandbyAddress }, seen.Keys.ToHashSet());
        Assert.All(seen.Values, n => Assert.InRange(n, 10, 30));
    }

    [Fact]
    public async Task LoadBalanceHostsRandom_WithConcurrentSessions_UsesBothHosts()
    {
        var dsn = Dsn("any", "load_balance_hosts=random");
        var sessions = new List<Session>();
        try
        {
            for (var i = 0; i < 10; i++)
                sessions.Add(await Db.ConnectAsync(dsn));
            var hosts = sessions.Select(s => s.Host).ToList();
            Assert.Contains(Pair.PrimaryAddress, hosts);
            Assert.Contains(Pair.StandbyAddress, hosts);
        }
        finally
        {
            foreach (var session in sessions)
                await session.DisposeAsync();
        }
    }

    [Fact]
    public async Task LoadBalanceHostsRandom_OnlyBalancesOverSuitableHosts()
    {
        var dsn = Dsn("prefer-standby", "load_balance_hosts=random");
        for (var i = 0; i < 10; i++)
        {
            await using var db = await Db.ConnectAsync(dsn);
            Assert.Equal(Pair.StandbyAddress, db.Host);
        }
    }

    [Theory]
    [InlineData("read-write", true)]
    [InlineData("primary", true)]
    [InlineData("standby", false)]
    [InlineData("prefer-standby", false)]
    public async Task SingleHost_TargetSessionAttrs_ChecksThatServer_AsLibpqDoes(string attrs, bool wantsPrimary)
    {
        // libpq applies target_session_attrs to a single host too: it connects, checks, and fails if the server is
        // not suitable (prefer-standby accepts any server as a last resort).
        foreach (var (port, isPrimary) in new[] { (Pair.PrimaryPort, true), (Pair.StandbyPort, false) })
        {
            var dsn = $"postgresql://postgres@127.0.0.1:{port}/postgres?target_session_attrs={attrs}&connect_timeout=2&application_name=single_{attrs}";
            try
            {
                if (isPrimary == wantsPrimary || attrs == "prefer-standby")
                {
                    await using var db = await Db.ConnectAsync(dsn);
                    Assert.Equal(!isPrimary, await InRecoveryAsync(db));
                }
                else
                {
                    await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(async () => await Db.ConnectAsync(dsn));
                }
            }
            finally
            {
                await Db.GetEngine(dsn).DisposeAsync();
            }
        }
    }
}

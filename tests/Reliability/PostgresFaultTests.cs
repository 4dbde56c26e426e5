using System.Diagnostics;
using Npgsql;
using Sqlmint.ReliabilityTests.Infrastructure;
using Sqlmint.Testing;
using Xunit.Abstractions;

namespace Sqlmint.ReliabilityTests;

/// <summary>
/// Faults on PostgreSQL, on a private cluster: a backend killed mid-query and mid-transaction, a server restart,
/// a command timeout. Each test ends by disposing the engine and checking that pg_stat_activity shows no
/// connection of its database left.
/// </summary>
[Collection(PostgresFaultsCollection.Name)]
public sealed class PostgresFaultTests(PrivateServerFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    // What PostgreSQL says to a client whose backend pg_terminate_backend (or a fast shutdown) ended.
    const string AdminShutdown = "57P01";
    const string AdminShutdownText = "terminating connection due to administrator command";

    PostgresServer Server => fixture.Server;

    PostgresDatabase _database = null!;

    PostgresProbe Probe => _database.Probe;

    string Dsn => _database.Dsn;

    public async Task InitializeAsync()
    {
        if (!Server.IsRunning)
            await Server.StartAsync();
        _database = await PostgresDatabase.CreateAsync(Server);
        using Session db = Db.Connect(Dsn);
        db.CreateEntryTable();
    }

    public async Task DisposeAsync()
    {
        // Every test already checked its own database; this only cleans up.
        await _database.DisposeAsync();
    }

    /// <summary>Disposes the DSN's engine and asserts that the server has no connection of the database left.</summary>
    async Task AssertNoConnectionsLeftAfterEngineDisposeAsync()
    {
        await Db.GetEngine(Dsn).DisposeAsync();
        var left = await Probe.WaitForNoConnectionsAsync(_database.Name);
        Assert.True(left.Count == 0, "pg_stat_activity still shows " + PostgresProbe.Describe(left));
    }

    static void AssertKilledByAdministrator(Exception error)
    {
        var postgres = Assert.IsType<PostgresException>(error);
        Assert.Equal(AdminShutdown, postgres.SqlState);
        Assert.Equal(AdminShutdownText, postgres.MessageText);
        Assert.Equal($"{AdminShutdown}: {AdminShutdownText}", postgres.Message);
    }

    // ---- A backend killed mid-query ----

    [Fact]
    public async Task A_backend_killed_mid_query_gives_the_drivers_clear_error_and_is_not_reused()
    {
        int killed;
        Session db = Db.Connect(Dsn);
        try
        {
            killed = db.BackendPid();
            Task<int> sleeping = Task.Run(() => db.Sleep(60));
            await Probe.WaitUntilActiveAsync(killed);
            Assert.True(Probe.Terminate(killed));

            var clock = Stopwatch.StartNew();
            var error = await Assert.ThrowsAnyAsync<Exception>(() => sleeping);
            AssertKilledByAdministrator(error);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the caller waited for the query instead of failing");
            Assert.NotEqual(System.Data.ConnectionState.Open, db.Connection.State);
        }
        finally
        {
            db.Dispose(); // must not throw on a dead connection
        }

        // The dead connection went nowhere near the pool: nothing idle, nothing checked out.
        Assert.Equal((0, 0), PoolMetrics.Read(_database.Name));
        await Probe.WaitUntilGoneAsync(killed);

        using (Session next = Db.Connect(Dsn))
        {
            Assert.NotEqual(killed, next.BackendPid());
            Assert.Equal(42, next.Increment(41));
        }

        await AssertNoConnectionsLeftAfterEngineDisposeAsync();
    }

    [Fact]
    public async Task A_backend_killed_mid_query_async_gives_the_same_error()
    {
        int killed;
        await using (Session db = await Db.ConnectAsync(Dsn))
        {
            killed = await db.BackendPidAsync();
            Task<int> sleeping = db.SleepAsync(60);
            await Probe.WaitUntilActiveAsync(killed);
            Assert.True(Probe.Terminate(killed));

            AssertKilledByAdministrator(await Assert.ThrowsAnyAsync<Exception>(() => sleeping));
        }

        Assert.Equal((0, 0), PoolMetrics.Read(_database.Name));
        await using (Session next = await Db.ConnectAsync(Dsn))
            Assert.NotEqual(killed, await next.BackendPidAsync());

        await AssertNoConnectionsLeftAfterEngineDisposeAsync();
    }

    [Fact]
    public async Task A_backend_killed_mid_stream_gives_the_clear_error_to_the_enumerating_caller()
    {
        using (Session setup = Db.Connect(Dsn))
            setup.InsertEntries(Enumerable.Range(1, 10).Select(i => new Entry(i, "e" + i, i)));

        int killed;
        await using (Session db = await Db.ConnectAsync(Dsn))
        {
            killed = await db.BackendPidAsync();
            var seen = new List<long>();
            Task reading = Task.Run(async () =>
            {
                // pg_sleep per row, so the stream is still running when the kill lands.
                await foreach (Entry entry in db.StreamEntriesSlowly(1, 10, 3))
                    seen.Add(entry.Id);
            });
            await Probe.WaitUntilActiveAsync(killed);
            Assert.True(Probe.Terminate(killed));

            AssertKilledByAdministrator(await Assert.ThrowsAnyAsync<Exception>(() => reading));
            Assert.Empty(seen);
        }

        Assert.Equal((0, 0), PoolMetrics.Read(_database.Name));
        using (Session next = Db.Connect(Dsn))
        {
            Assert.NotEqual(killed, next.BackendPid());
            Assert.Equal(10, next.CountEntries());
        }

        await AssertNoConnectionsLeftAfterEngineDisposeAsync();
    }

    // ---- A backend killed mid-transaction: the work is gone ----

    [Fact]
    public async Task A_backend_killed_while_a_transaction_runs_a_query_loses_the_uncommitted_work()
    {
        int killed;
        using (Session db = Db.Connect(Dsn))
        {
            killed = db.BackendPid();
            using (SessionTransaction tx = db.Begin())
            {
                Assert.Equal(100, db.InsertEntries(Enumerable.Range(1, 100).Select(i => new Entry(i, "uncommitted", i))));
                Task<int> sleeping = Task.Run(() => db.Sleep(60));
                await Probe.WaitUntilActiveAsync(killed);
                Assert.True(Probe.Terminate(killed));

                AssertKilledByAdministrator(await Assert.ThrowsAnyAsync<Exception>(() => sleeping));

                // Commit cannot bring the work back: it fails, loudly.
                Assert.ThrowsAny<Exception>(() => tx.Commit());
            } // dispose: rolls back quietly, no exception over a dead connection
        }

        Assert.Equal(0, _database.Count("select count(*) from entry"));
        using (Session next = Db.Connect(Dsn))
        {
            Assert.NotEqual(killed, next.BackendPid());
            Assert.Empty(next.AllEntries());
        }

        await AssertNoConnectionsLeftAfterEngineDisposeAsync();
    }

    [Fact]
    public async Task A_backend_killed_while_its_transaction_is_idle_fails_the_next_command_and_loses_the_work()
    {
        int killed;
        await using (Session db = await Db.ConnectAsync(Dsn))
        {
            killed = await db.BackendPidAsync();
            await using SessionTransaction tx = await db.BeginAsync();
            Assert.Equal(1, await db.InsertEntryAsync(1, "uncommitted", 1));
            await Probe.WaitUntilStateAsync(killed, "idle in transaction");

            Assert.True(Probe.Terminate(killed));
            await Probe.WaitUntilGoneAsync(killed);

            // The next command finds the connection dead. Npgsql reads the server's goodbye if it is still in the
            // socket, else reports the broken stream; both are NpgsqlExceptions that say what happened.
            var error = await Assert.ThrowsAnyAsync<NpgsqlException>(() => db.InsertEntryAsync(2, "uncommitted", 2));
            if (error is PostgresException postgres)
                Assert.Equal(AdminShutdown, postgres.SqlState);
            else
                Assert.Contains("Exception while", error.Message, StringComparison.Ordinal);
            await Assert.ThrowsAnyAsync<Exception>(() => tx.CommitAsync());
        }

        Assert.Equal(0, _database.Count("select count(*) from entry"));
        Assert.Equal((0, 0), PoolMetrics.Read(_database.Name));
        await AssertNoConnectionsLeftAfterEngineDisposeAsync();
    }

    [Fact]
    public async Task Work_committed_before_a_kill_survives_it()
    {
        int killed;
        using (Session db = Db.Connect(Dsn))
        {
            killed = db.BackendPid();
            using (SessionTransaction tx = db.Begin())
            {
                db.InsertEntries(Enumerable.Range(1, 50).Select(i => new Entry(i, "committed", i)));
                tx.Commit();
            }

            using (db.Begin())
            {
                db.InsertEntries(Enumerable.Range(51, 50).Select(i => new Entry(i, "uncommitted", i)));
                Assert.True(Probe.Terminate(killed));
                await Probe.WaitUntilGoneAsync(killed);
            }
        }

        Assert.Equal(50, _database.Count("select count(*) from entry"));
        Assert.Equal(0, _database.Count("select count(*) from entry where label <> 'committed'"));
        await AssertNoConnectionsLeftAfterEngineDisposeAsync();
    }

    // ---- Command timeout ----

    [Fact]
    public async Task A_command_timeout_stops_a_long_query_and_leaves_the_server_idle()
    {
        using (Session db = Db.Connect(Dsn))
        {
            int pid = db.BackendPid();
            var clock = Stopwatch.StartNew();
            var error = Assert.Throws<NpgsqlException>(() => db.SleepWithOneSecondTimeout(60));
            clock.Stop();

            Assert.IsType<TimeoutException>(error.InnerException);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the 1 s timeout was not honoured: {clock.Elapsed}");
            // Npgsql cancelled the query on the server: nothing of this database is still running it.
            var active = await Probe.WaitForNoActiveAsync(_database.Name);
            Assert.True(active.Count == 0, "still running after the timeout: " + PostgresProbe.Describe(active));
            Assert.NotEqual("active", Probe.StateOf(pid));
        }

        // The session after it works (whether or not Npgsql kept the timed-out connection).
        using (Session next = Db.Connect(Dsn))
            Assert.Equal(1, next.Sleep(0.01));

        await AssertNoConnectionsLeftAfterEngineDisposeAsync();
    }

    [Fact]
    public async Task A_command_timeout_is_honoured_async()
    {
        await using (Session db = await Db.ConnectAsync(Dsn))
        {
            var clock = Stopwatch.StartNew();
            var error = await Assert.ThrowsAsync<NpgsqlException>(() => db.SleepWithOneSecondTimeoutAsync(60));
            Assert.IsType<TimeoutException>(error.InnerException);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the 1 s timeout was not honoured: {clock.Elapsed}");
            Assert.Empty(await Probe.WaitForNoActiveAsync(_database.Name));
        }

        await using (Session next = await Db.ConnectAsync(Dsn))
            Assert.Equal(1, await next.SleepAsync(0.01));

        await AssertNoConnectionsLeftAfterEngineDisposeAsync();
    }

    [Fact]
    public async Task A_timeout_inside_a_transaction_loses_the_uncommitted_work()
    {
        using (Session db = Db.Connect(Dsn))
        using (SessionTransaction tx = db.Begin())
        {
            db.InsertEntry(1, "uncommitted", 1);
            Assert.Throws<NpgsqlException>(() => db.SleepWithOneSecondTimeout(60));
        }

        Assert.Equal(0, _database.Count("select count(*) from entry"));
        await AssertNoConnectionsLeftAfterEngineDisposeAsync();
    }

    // ---- Server restart ----

    /// <summary>
    /// After a restart, the pool still holds connections to backends that no longer exist, and Npgsql hands them
    /// out unchecked. The engine checks a pooled connection idle longer than
    /// <see cref="Engine.CheckIdleConnectionsAfter"/> (100 ms) before a session gets it, and a restart takes
    /// longer than that, so every session after it works: the stale connections are discarded, never handed out.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Sessions_opened_after_a_server_restart_work(bool immediate)
    {
        const int Idle = 4;
        var before = new HashSet<int>();
        var sessions = new List<Session>();
        for (int i = 0; i < Idle; i++)
            sessions.Add(Db.Connect(Dsn));
        foreach (Session s in sessions)
            before.Add(s.BackendPid());
        using (Session s = sessions[0])
        using (SessionTransaction tx = s.Begin())
        {
            s.InsertEntry(1, "committed before the restart", 1);
            tx.Commit();
        }
        foreach (Session s in sessions)
            s.Dispose();
        Assert.Equal((Idle, 0), PoolMetrics.Read(_database.Name));

        // The test cluster runs with synchronous_commit=off, so a crash-like stop may lose the last commits
        // (that is the test server's setting, not Sqlmint's); a checkpoint makes them durable first.
        Probe.Execute("checkpoint");
        var restart = Stopwatch.StartNew();
        await Server.RestartAsync(immediate);
        output.WriteLine($"restart (immediate: {immediate}) took {restart.ElapsedMilliseconds} ms");
        Assert.True(restart.Elapsed > Db.GetEngine(Dsn).CheckIdleConnectionsAfter, "the restart was quicker than the idle check's window");

        for (int attempt = 0; attempt < Idle + 20; attempt++)
        {
            // Sync and async connects take the same path; use both.
            await using Session db = attempt % 2 == 0 ? Db.Connect(Dsn) : await Db.ConnectAsync(Dsn);
            Assert.DoesNotContain(db.BackendPid(), before);
            Assert.Equal("committed before the restart", db.FindEntry(1)?.Label);
        }

        Assert.Equal(0, PoolMetrics.Read(_database.Name).Used);
        await AssertNoConnectionsLeftAfterEngineDisposeAsync();
    }

    /// <summary>
    /// A pooled connection whose backend died while it sat idle (pg_terminate_backend, as a failover, a proxy or
    /// an idle timeout on the server would do) is discarded by the idle check, in sync and async connects; with
    /// the check turned off, the session gets the dead connection and its first command fails. Zero makes the
    /// check apply at once, so the test needs no sleep.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_pooled_connection_killed_while_idle_is_discarded_before_a_session_gets_it(bool async)
    {
        Engine engine = Db.GetEngine(Dsn);
        Assert.Equal(TimeSpan.FromMilliseconds(100), engine.CheckIdleConnectionsAfter);

        int killed = await KillTheIdlePooledConnectionAsync();
        engine.CheckIdleConnectionsAfter = TimeSpan.Zero;
        await using (Session db = async ? await Db.ConnectAsync(Dsn) : Db.Connect(Dsn))
        {
            Assert.NotEqual(killed, db.BackendPid());
            Assert.Equal(0L, db.CountEntries());
        }

        // The same fault with the check off: the dead connection reaches the session.
        killed = await KillTheIdlePooledConnectionAsync();
        engine.CheckIdleConnectionsAfter = Timeout.InfiniteTimeSpan;
        await using (Session stale = async ? await Db.ConnectAsync(Dsn) : Db.Connect(Dsn))
        {
            var error = Assert.ThrowsAny<NpgsqlException>(() => stale.CountEntries());
            AssertKilledByAdministrator(error);
        }

        Assert.Equal(0, PoolMetrics.Read(_database.Name).Used);
        await AssertNoConnectionsLeftAfterEngineDisposeAsync();
    }

    /// <summary>Leaves exactly one connection idle in the pool, kills its backend, and returns its pid.</summary>
    async Task<int> KillTheIdlePooledConnectionAsync()
    {
        int pid;
        using (Session db = Db.Connect(Dsn))
            pid = db.BackendPid();
        Assert.Equal((1, 0), PoolMetrics.Read(_database.Name));
        Assert.True(Probe.Terminate(pid));
        await Probe.WaitUntilGoneAsync(pid);
        return pid;
    }

    [Fact]
    public async Task While_the_server_is_down_connect_fails_clearly_and_works_again_once_it_is_back()
    {
        await Server.StopAsync();
        try
        {
            // A fresh engine has no pooled connection to hand out, so the connect itself fails: connection refused.
            await Db.GetEngine(Dsn).DisposeAsync();
            var error = Assert.ThrowsAny<NpgsqlException>(() => Db.Connect(Dsn));
            Assert.IsType<System.Net.Sockets.SocketException>(error.InnerException);
            Assert.Contains("Failed to connect to 127.0.0.1", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await Server.StartAsync();
        }

        using (Session db = Db.Connect(Dsn))
            Assert.Equal(0L, db.CountEntries());
        await AssertNoConnectionsLeftAfterEngineDisposeAsync();
    }
}

using System.Data.Common;
using System.Diagnostics;
using Npgsql;
using Xunit.Abstractions;

namespace Sqlmint.RuntimeTests.Replication;

/// <summary>
/// The primary goes away: sessions that may use the standby keep working, and a read-write session fails fast.
/// The test starts the primary again before it ends, so the shared pair is whole for the other tests.
/// </summary>
[Collection(ReplicationCollection.Name)]
public sealed class FailoverTests(ITestOutputHelper output) : ReplicationTestBase
{
    static readonly TimeSpan Fast = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task WithThePrimaryStopped_StandbySessionsKeepWorking_AndReadWriteFailsFast()
    {
        var preferStandby = Dsn("prefer-standby", "connect_timeout=2");
        var any = Dsn("any", "connect_timeout=2");
        var readWrite = Dsn("read-write", "connect_timeout=2");

        // Warm the three pools while both servers are up.
        await using (var s = await Db.ConnectAsync(preferStandby))
            Assert.Equal(Pair.StandbyAddress, s.Host);
        await using (var s = await Db.ConnectAsync(any))
            Assert.Equal(Pair.PrimaryAddress, s.Host);
        await using (var s = await Db.ConnectAsync(readWrite))
            Assert.Equal(Pair.PrimaryAddress, s.Host);

        await Pair.StopPrimaryAsync();
        try
        {
            // prefer-standby never used the primary: nothing changes for it.
            await using (var s = await Db.ConnectAsync(preferStandby))
            {
                Assert.Equal(Pair.StandbyAddress, s.Host);
                Assert.True(await InRecoveryAsync(s));
                Assert.Equal(1, await ScalarAsync<int>(s, "select 1"));
            }

            // A new 'any' engine skips the refused primary and lands on the standby.
            await using (var s = await Db.ConnectAsync(Dsn("any", "connect_timeout=2")))
            {
                Assert.Equal(Pair.StandbyAddress, s.Host);
                Assert.True(await InRecoveryAsync(s));
            }

            // The warmed 'any' engine may first hand out its idle pooled connection to the stopped primary (Npgsql does
            // not test idle connections on checkout): its first command fails with 57P01 admin_shutdown, which marks the
            // host offline. The next session goes to the standby.
            await using (var s = await Db.ConnectAsync(any))
            {
                if (s.Host == Pair.PrimaryAddress)
                {
                    var stale = await Assert.ThrowsAsync<PostgresException>(() => InRecoveryAsync(s));
                    Assert.Equal(PostgresErrorCodes.AdminShutdown, stale.SqlState);
                }
            }
            await using (var s = await Db.ConnectAsync(any))
            {
                Assert.Equal(Pair.StandbyAddress, s.Host);
                Assert.True(await InRecoveryAsync(s));
            }

            // read-write on a new engine: the primary refuses the TCP connection, the standby is not read-write, so the
            // connect fails at once. Sqlmint's error names the hosts and the attribute; Npgsql's is inside it.
            var clock = Stopwatch.StartNew();
            var error = await Assert.ThrowsAsync<HostUnavailableException>(async () => await Db.ConnectAsync(Dsn("read-write", "connect_timeout=2")));
            clock.Stop();
            output.WriteLine($"read-write, new engine, failed after {clock.ElapsedMilliseconds} ms:\n{Describe(error)}");
            Assert.True(clock.Elapsed < Fast, $"took {clock.Elapsed}");
            var driverError = Assert.IsType<NpgsqlException>(error.InnerException);
            Assert.Equal("Unable to connect to a suitable host. Check inner exception for more details.", driverError.Message);
            var refused = Assert.Single(Assert.IsType<AggregateException>(driverError.InnerException).InnerExceptions);
            Assert.Equal($"Failed to connect to {Pair.Host}:{Pair.PrimaryPort}", refused.Message);
            Assert.Contains($"Failed to connect to {Pair.Host}:{Pair.PrimaryPort}", error.Message);

            // read-write on the warmed engine: at most one stale pooled connection, then a fast failure; it never
            // reaches the standby.
            for (var attempt = 0; ; attempt++)
            {
                clock.Restart();
                Session? session = null;
                try
                {
                    session = await Db.ConnectAsync(readWrite);
                }
                catch (HostUnavailableException ex)
                {
                    clock.Stop();
                    output.WriteLine($"read-write, warmed engine, attempt {attempt}, failed after {clock.ElapsedMilliseconds} ms:\n{Describe(ex)}");
                    Assert.True(clock.Elapsed < Fast, $"took {clock.Elapsed}");
                    // Normally "No suitable host was found.": Npgsql caches the primary as offline (for Host Recheck
                    // Seconds) and the standby as a standby, so it tries nothing; Sqlmint's message names the hosts.
                    Assert.Contains(ex.InnerException!.Message, new[] { "No suitable host was found.", "Unable to connect to a suitable host. Check inner exception for more details." });
                    break;
                }
                await using (session)
                {
                    Assert.True(attempt == 0, "only the first attempt may get a stale pooled connection");
                    Assert.Equal(Pair.PrimaryAddress, session.Host);
                    var stale = await Assert.ThrowsAsync<PostgresException>(() => InRecoveryAsync(session));
                    Assert.Equal(PostgresErrorCodes.AdminShutdown, stale.SqlState);
                }
            }
        }
        finally
        {
            var clock = Stopwatch.StartNew();
            await Pair.StartPrimaryAsync();
            output.WriteLine($"primary restarted and the standby streaming again after {clock.ElapsedMilliseconds} ms");
        }

        // A new engine reaches the primary again at once.
        await using (var s = await Db.ConnectAsync(Dsn("read-write", "connect_timeout=2")))
        {
            Assert.Equal(Pair.PrimaryAddress, s.Host);
            Assert.False(await InRecoveryAsync(s));
        }

        // The warmed engine remembers the primary as offline for up to Host Recheck Seconds (10 s by default);
        // clearing the cached states makes it try again now.
        var multiHost = Assert.IsType<NpgsqlMultiHostDataSource>(Db.GetEngine(readWrite).DataSource);
        multiHost.ClearDatabaseStates();
        await using (var s = await Db.ConnectAsync(readWrite))
        {
            Assert.Equal(Pair.PrimaryAddress, s.Host);
            Assert.False(await InRecoveryAsync(s));
        }
    }

    [Fact]
    public async Task WithThePrimaryStopped_ReadWriteError_NamesEveryHostAndTheTargetSessionAttrs()
    {
        var readWrite = Dsn("read-write", "connect_timeout=2");
        await using (var s = await Db.ConnectAsync(readWrite))
            Assert.Equal(Pair.PrimaryAddress, s.Host);

        await Pair.StopPrimaryAsync();
        try
        {
            // Both the new-engine case (primary refused) and the warmed-engine case (host states cached by Npgsql).
            foreach (var dsn in new[] { Dsn("read-write", "connect_timeout=2"), readWrite, readWrite })
            {
                Exception error;
                try
                {
                    await using var s = await Db.ConnectAsync(dsn);
                    await InRecoveryAsync(s);
                    continue;
                }
                catch (Exception ex)
                {
                    error = ex;
                }
                if (error is PostgresException { SqlState: PostgresErrorCodes.AdminShutdown })
                    continue; // the warmed pool's stale connection, not a connect failure
                Assert.Contains($"{Pair.Host}:{Pair.PrimaryPort}", error.Message);
                Assert.Contains($"{Pair.Host}:{Pair.StandbyPort}", error.Message);
                Assert.Contains("read-write", error.Message);
                Assert.IsAssignableFrom<DbException>(error.InnerException);
            }
        }
        finally
        {
            await Pair.StartPrimaryAsync();
        }
    }

    static string Describe(Exception ex)
    {
        var lines = new List<string>();
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            lines.Add($"{e.GetType().FullName}: {e.Message}");
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                    lines.Add($"  - {inner.GetType().FullName}: {inner.Message} ({inner.InnerException?.Message})");
                break;
            }
        }
        return string.Join("\n", lines);
    }
}

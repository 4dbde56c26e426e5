using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Sqlmint.ReliabilityTests.Infrastructure;
using Sqlmint.Testing;
using Xunit.Abstractions;

namespace Sqlmint.ReliabilityTests;

/// <summary>
/// 10,000 Connect → query → dispose cycles per database, with failures injected at random (bad data that the
/// materializer rejects, buffered and mid-stream; cancellation mid-stream; an exception thrown by user code inside
/// a transaction; a SQL error inside a transaction; a stream abandoned early). Every cycle checks its own outcome.
/// Afterwards the pool has nothing checked out, the server has no session left active or in a transaction, the
/// process has no more open file descriptors than before, and no uncommitted row was kept.
/// </summary>
public sealed class LeakTests(ITestOutputHelper output)
{
    const int CiCycles = 10_000;

    // Descriptors the process may open and close on its own while we count (runtime, test host): a leak of one
    // connection per failing cycle would be hundreds.
    const int HandleTolerance = 8;

    // Rows 1..100 are labelled "e{id}"; 101..200 too, except that 150 has a NULL label (bad data for StrictEntry).
    const long NullLabelId = 150;
    const long CounterId = 500;
    const long UncommittedIds = 1_000_000;

    enum Outcome { Read, ReadAsync, BadDataBuffered, BadDataMidStream, CancelledMidStream, UserExceptionInTransaction, SqlErrorInTransaction, CommittedWrite, AbandonedStream }

    static readonly (Outcome Outcome, int Weight)[] s_mix =
    [
        (Outcome.Read, 25), (Outcome.ReadAsync, 15), (Outcome.BadDataBuffered, 10), (Outcome.BadDataMidStream, 10),
        (Outcome.CancelledMidStream, 10), (Outcome.UserExceptionInTransaction, 10), (Outcome.SqlErrorInTransaction, 5),
        (Outcome.CommittedWrite, 10), (Outcome.AbandonedStream, 5),
    ];

    sealed class UserCodeFailed(int cycle) : Exception($"user code failed in cycle {cycle}");

    [Theory]
    [MemberData(nameof(TestDatabase.Kinds), MemberType = typeof(TestDatabase))]
    public async Task Ten_thousand_cycles_with_injected_failures_leak_nothing(string kind)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(kind);
        string dsn = database.Dsn;
        string postgresName = kind == TestDatabase.Postgres ? new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString).Database! : "";
        using (Session db = Db.Connect(dsn))
        using (SessionTransaction tx = db.Begin())
        {
            db.CreateEntryTable();
            db.InsertEntries(Enumerable.Range(1, 200).Select(i => new Entry(i, i == NullLabelId ? null : "e" + i, i * 10L)));
            db.InsertEntry(CounterId, "counter", 0);
            tx.Commit();
        }

        // Warm up (JIT, pool, the driver's statics), then take the baseline.
        var random = new Random(Soak.Seed(8_2024));
        for (int i = 0; i < 50; i++)
            await RunCycleAsync(dsn, Outcome.Read, i, random);
        int handlesBefore = OpenHandles.Count();

        int cycles = Soak.Scale(CiCycles);
        var counts = new Dictionary<Outcome, int>();
        int totalWeight = s_mix.Sum(m => m.Weight);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < cycles; i++)
        {
            int pick = random.Next(totalWeight);
            Outcome outcome = s_mix.First(m => (pick -= m.Weight) < 0).Outcome;
            await RunCycleAsync(dsn, outcome, i, random);
            counts[outcome] = counts.GetValueOrDefault(outcome) + 1;
        }
        clock.Stop();

        int handlesAfter = OpenHandles.Count();
        output.WriteLine($"{kind}: {cycles} cycles in {clock.Elapsed.TotalSeconds:F1} s ({clock.Elapsed.TotalMilliseconds * 1000 / cycles:F0} µs/cycle); " +
                         string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}")) +
                         $"; open fds {handlesBefore} -> {handlesAfter}");

        // Every kind of failure was injected, many times.
        Assert.All(s_mix, m => Assert.True(counts.GetValueOrDefault(m.Outcome) > cycles / 100, $"{m.Outcome} ran {counts.GetValueOrDefault(m.Outcome)} times"));

        // Nothing uncommitted was kept; every committed increment was.
        Assert.Equal(0L, Convert.ToInt64(database.Scalar($"select count(*) from entry where id >= {UncommittedIds}")));
        Assert.Equal((long)counts[Outcome.CommittedWrite], Convert.ToInt64(database.Scalar($"select amount from entry where id = {CounterId}")));
        Assert.Equal(201L, Convert.ToInt64(database.Scalar("select count(*) from entry")));

        // No growth in open handles.
        Assert.True(handlesAfter <= handlesBefore + HandleTolerance, $"open file descriptors grew from {handlesBefore} to {handlesAfter}");

        if (kind == TestDatabase.Postgres)
        {
            // The pool has nothing checked out; the server sees only idle pooled connections, no more than the pool holds.
            var (idle, used) = PoolMetrics.Read(postgresName);
            Assert.Equal(0, used);
            var probe = new PostgresProbe(PostgresServer.Shared.ConnectionString());
            var connections = probe.Connections(postgresName);
            Assert.True(connections.Count <= idle, $"pg_stat_activity shows {PostgresProbe.Describe(connections)}, the pool holds {idle} idle");
            Assert.All(connections, c => Assert.Equal("idle", c.State));

            // The checks above went through TestDatabase's own (driver-pooled) connections: close those too.
            using (var checks = new Npgsql.NpgsqlConnection(database.ConnectionString))
                Npgsql.NpgsqlConnection.ClearPool(checks);
            await Db.GetEngine(dsn).DisposeAsync();
            var left = await probe.WaitForNoConnectionsAsync(postgresName);
            Assert.True(left.Count == 0, "after the engine dispose pg_stat_activity still shows " + PostgresProbe.Describe(left));
        }
        else
        {
            // Clearing the SQLite pool closes every connection that was given back; one still checked out would
            // keep its file handle open.
            string path = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
            await Db.GetEngine(dsn).DisposeAsync();
            SqliteConnection.ClearAllPools();
            foreach (string file in new[] { path, path + "-journal", path + "-wal", path + "-shm" })
                Assert.Equal(0, OpenHandles.CountOpen(file));
        }

        int handlesAtEnd = OpenHandles.Count();
        output.WriteLine($"open fds after the engine dispose: {handlesAtEnd}");
        Assert.True(handlesAtEnd <= handlesBefore + HandleTolerance, $"open file descriptors grew from {handlesBefore} to {handlesAtEnd} after the engine dispose");
    }

    static async Task RunCycleAsync(string dsn, Outcome outcome, int cycle, Random random)
    {
        long id = random.Next(1, 101);
        switch (outcome)
        {
            case Outcome.Read:
            {
                using Session db = Db.Connect(dsn);
                Assert.Equal(new Entry(id, "e" + id, id * 10), db.FindEntry(id));
                break;
            }

            case Outcome.ReadAsync:
            {
                await using Session db = await Db.ConnectAsync(dsn);
                Assert.Equal(100, await db.CountEntriesBetweenAsync(1, 100));
                Assert.Equal(id + 1, await db.IncrementAsync(id));
                break;
            }

            case Outcome.BadDataBuffered:
            {
                using Session db = Db.Connect(dsn);
                var error = Assert.Throws<ColumnMappingException>(() => db.StrictEntriesBetween(NullLabelId - random.Next(0, 10), NullLabelId + 5));
                Assert.Equal("label", error.Column);
                break;
            }

            case Outcome.BadDataMidStream:
            {
                await using Session db = await Db.ConnectAsync(dsn);
                int read = 0;
                await Assert.ThrowsAsync<ColumnMappingException>(async () =>
                {
                    await foreach (StrictEntry entry in db.StreamStrictEntries(NullLabelId - 5, NullLabelId + 5))
                    {
                        Assert.Equal("e" + entry.Id, entry.Label);
                        read++;
                    }
                });
                Assert.Equal(5, read);
                break;
            }

            case Outcome.CancelledMidStream:
            {
                await using Session db = await Db.ConnectAsync(dsn);
                using var cancel = new CancellationTokenSource();
                int stopAt = random.Next(1, 50);
                int read = 0;
                await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
                {
                    await foreach (Entry entry in db.StreamEntries(1, 100, cancel.Token))
                    {
                        Assert.Equal(++read, entry.Id);
                        if (read == stopAt)
                            cancel.Cancel();
                    }
                });
                Assert.Equal(stopAt, read);
                break;
            }

            case Outcome.UserExceptionInTransaction:
            {
                var error = await Record.ExceptionAsync(async () =>
                {
                    await using Session db = await Db.ConnectAsync(dsn);
                    await using SessionTransaction tx = await db.BeginAsync();
                    await db.InsertEntryAsync(UncommittedIds + cycle, "never committed", cycle);
                    Assert.NotNull(db.FindEntry(UncommittedIds + cycle));
                    if (random.Next(2) == 0)
                    {
                        using (db.BeginNested())
                            db.InsertEntry(UncommittedIds + 500_000 + cycle, "in a savepoint", cycle);
                    }
                    throw new UserCodeFailed(cycle);
                });
                Assert.IsType<UserCodeFailed>(error);
                break;
            }

            case Outcome.SqlErrorInTransaction:
            {
                using Session db = Db.Connect(dsn);
                using SessionTransaction tx = db.Begin();
                db.InsertEntry(UncommittedIds + cycle, "never committed", cycle);
                Assert.ThrowsAny<DbException>(() => db.InsertEntry(id, "duplicate key", 0));
                break; // disposed without commit
            }

            case Outcome.CommittedWrite:
            {
                await using Session db = await Db.ConnectAsync(dsn);
                await using SessionTransaction tx = await db.BeginAsync();
                Assert.Equal(1, await db.AddAmountAsync(CounterId, 1));
                await tx.CommitAsync();
                break;
            }

            case Outcome.AbandonedStream:
            {
                await using Session db = await Db.ConnectAsync(dsn);
                int read = 0;
                await foreach (Entry entry in db.StreamEntries(1, 100))
                {
                    if (++read == 3)
                        break;
                }
                // The abandoned reader was closed: the session runs the next command.
                Assert.Equal(id + 1, db.Increment(id));
                break;
            }
        }
    }
}

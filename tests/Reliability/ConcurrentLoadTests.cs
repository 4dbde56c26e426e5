using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Npgsql;
using Sqlmint.ReliabilityTests.Infrastructure;
using Sqlmint.Testing;
using Xunit.Abstractions;

namespace Sqlmint.ReliabilityTests;

/// <summary>
/// 64 concurrent tasks × 500 mixed operations (reads, writes in committed and rolled-back transactions, streams,
/// scalars) against a pool of 20 on PostgreSQL: zero errors, every result checked, nothing checked out at the end.
/// Throughput and latency are measured and reported (printed and written to tests/Reliability/results/), never
/// asserted: the machines are shared and noisy.
/// </summary>
public sealed class ConcurrentLoadTests(ITestOutputHelper output)
{
    const int Tasks = 64;
    const int CiOperationsPerTask = 500;
    const int PoolSize = 20;
    const int SeedRows = 1000;

    /// <summary>
    /// A DSN maps libpq's query keys only, and libpq has no pool size, so a DSN cannot set Npgsql's
    /// <c>Maximum Pool Size</c>. A user who needs one registers a driver of their own, as this does:
    /// <c>postgresql+pool20://…</c> is Npgsql with a pool of 20.
    /// </summary>
    [ModuleInitializer]
    internal static void RegisterPool20Driver() =>
        DriverRegistry.Register("postgresql", "pool20",
            static dsn => NpgsqlDataSource.Create(dsn.ToConnectionString() + $";Maximum Pool Size={PoolSize}"));

    enum Op { Read, Stream, CommittedWrite, RolledBackWrite, Scalar }

    [Fact]
    public async Task Sixty_four_tasks_times_500_mixed_queries_on_a_pool_of_20_all_succeed_and_are_checked()
    {
        await using PostgresDatabase database = await PostgresDatabase.CreateAsync(PostgresServer.Shared, "postgresql+pool20");
        string dsn = database.Dsn;
        using (Session db = Db.Connect(dsn))
        {
            db.CreateEntryTable();
            db.InsertEntries(Enumerable.Range(1, SeedRows).Select(Seed));
        }

        int operationsPerTask = Soak.Scale(CiOperationsPerTask);
        int seed = Soak.Seed(64_500);
        var errors = new ConcurrentQueue<string>();
        var committed = new ConcurrentBag<Entry>();
        var rolledBack = new ConcurrentBag<long>();
        var latencies = new double[Tasks][];
        var opCounts = new int[Enum.GetValues<Op>().Length];
        int maxServerConnections = 0;

        using var sampling = new CancellationTokenSource();
        Task sampler = Task.Run(async () =>
        {
            // How many connections of the database the server sees during the run (must never exceed the pool).
            while (!sampling.IsCancellationRequested)
            {
                int n = database.Probe.Connections(database.Name).Count;
                InterlockedMax(ref maxServerConnections, n);
                try { await Task.Delay(50, sampling.Token); } catch (OperationCanceledException) { }
            }
        });

        using var start = new ManualResetEventSlim(false);
        var clock = new Stopwatch();
        Task[] workers = Enumerable.Range(0, Tasks).Select(t => Task.Run(async () =>
        {
            var random = new Random(seed + t);
            var mine = new double[operationsPerTask];
            latencies[t] = mine;
            start.Wait();
            for (int i = 0; i < operationsPerTask; i++)
            {
                Op op = Pick(random);
                Interlocked.Increment(ref opCounts[(int)op]);
                long began = Stopwatch.GetTimestamp();
                try
                {
                    await RunAsync(dsn, op, t, i, random, committed, rolledBack);
                }
                catch (Exception error)
                {
                    errors.Enqueue($"task {t} op {i} {op}: {error.GetType().Name}: {error.Message}");
                }
                mine[i] = Stopwatch.GetElapsedTime(began).TotalMilliseconds;
            }
        })).ToArray();

        clock.Start();
        start.Set();
        await Task.WhenAll(workers);
        clock.Stop();
        sampling.Cancel();
        await sampler;

        int total = Tasks * operationsPerTask;
        double[] all = latencies.SelectMany(l => l).Order().ToArray();
        var figures = new LoadFigures(
            DateTime.UtcNow, Environment.ProcessorCount, Tasks, operationsPerTask, PoolSize, total,
            clock.Elapsed.TotalSeconds, total / clock.Elapsed.TotalSeconds,
            Percentile(all, 0.50), Percentile(all, 0.99), all[^1], maxServerConnections,
            Enum.GetValues<Op>().ToDictionary(o => o.ToString(), o => opCounts[(int)o]));
        output.WriteLine(figures.ToString());
        Results.Write($"concurrent-load-{Configuration.ToLowerInvariant()}.txt", figures.ToString());

        Assert.True(errors.IsEmpty, $"{errors.Count} of {total} operations failed; first: {string.Join("\n", errors.Take(5))}");
        Assert.All(Enum.GetValues<Op>(), o => Assert.True(opCounts[(int)o] > 0, $"{o} never ran"));
        Assert.True(maxServerConnections <= PoolSize, $"the server saw {maxServerConnections} connections for a pool of {PoolSize}");

        // Every committed write is there with its values; no rolled-back one is.
        Assert.Equal(SeedRows + committed.Count, database.Count("select count(*) from entry"));
        using (Session db = Db.Connect(dsn))
        {
            var rows = db.AllEntries().ToDictionary(e => e.Id);
            Assert.All(committed, e => Assert.Equal(e, rows[e.Id]));
            Assert.All(rolledBack, id => Assert.False(rows.ContainsKey(id), $"rolled back row {id} is there"));
            Assert.All(Enumerable.Range(1, SeedRows), i => Assert.Equal(Seed(i), rows[i]));
        }

        // Nothing checked out; the server sees only idle connections, no more than the pool holds.
        var (idle, used) = PoolMetrics.Read(database.Name);
        Assert.Equal(0, used);
        Assert.True(idle <= PoolSize, $"{idle} idle connections in a pool of {PoolSize}");
        var connections = database.Probe.Connections(database.Name);
        Assert.True(connections.Count <= idle, $"pg_stat_activity shows {PostgresProbe.Describe(connections)} for {idle} idle pooled connections");
        Assert.All(connections, c => Assert.Equal("idle", c.State));

        await Db.GetEngine(dsn).DisposeAsync();
        var left = await database.Probe.WaitForNoConnectionsAsync(database.Name);
        Assert.True(left.Count == 0, "after the engine dispose pg_stat_activity still shows " + PostgresProbe.Describe(left));
    }

#if DEBUG
    const string Configuration = "Debug";
#else
    const string Configuration = "Release";
#endif

    static Entry Seed(int i) => new(i, "seed " + i, i * 7L);

    static Op Pick(Random random) => random.Next(100) switch
    {
        < 45 => Op.Read,
        < 60 => Op.Stream,
        < 80 => Op.CommittedWrite,
        < 90 => Op.RolledBackWrite,
        _ => Op.Scalar,
    };

    static async Task RunAsync(string dsn, Op op, int task, int index, Random random, ConcurrentBag<Entry> committed, ConcurrentBag<long> rolledBack)
    {
        long key = 1_000_000L + task * 100_000L + index; // unique per operation
        await using Session db = await Db.ConnectAsync(dsn);
        switch (op)
        {
            case Op.Read:
            {
                int id = random.Next(1, SeedRows + 1);
                Check(Seed(id), await db.FindEntryAsync(id));
                break;
            }

            case Op.Stream:
            {
                int first = random.Next(1, SeedRows - 50);
                int expected = first;
                await foreach (Entry entry in db.StreamEntries(first, first + 49))
                    Check(Seed(expected++), entry);
                Check(first + 50, expected);
                break;
            }

            case Op.CommittedWrite:
            {
                var entry = new Entry(key, $"task {task} op {index}", random.NextInt64(-1_000_000, 1_000_000));
                await using SessionTransaction tx = await db.BeginAsync();
                Check(1, await db.InsertEntryAsync(entry.Id, entry.Label, entry.Amount));
                Check(entry, await db.FindEntryAsync(entry.Id));
                await tx.CommitAsync();
                committed.Add(entry);
                break;
            }

            case Op.RolledBackWrite:
            {
                await using (SessionTransaction tx = await db.BeginAsync())
                {
                    Check(1, await db.InsertEntryAsync(key, "rolled back", 0));
                    if (random.Next(2) == 0)
                        await tx.RollbackAsync();
                    // else: disposed without commit
                }
                rolledBack.Add(key);
                Check<Entry?>(null, await db.FindEntryAsync(key));
                break;
            }

            case Op.Scalar:
            {
                long value = random.NextInt64(-1_000_000_000, 1_000_000_000);
                Check(value + 1, await db.IncrementAsync(value));
                break;
            }
        }
    }

    static void Check<T>(T expected, T actual)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
            throw new InvalidOperationException($"wrong result: expected {expected}, got {actual}");
    }

    static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    sealed record LoadFigures(
        DateTime RunAtUtc, int Processors, int Tasks, int OperationsPerTask, int PoolSize, int Operations,
        double Seconds, double OperationsPerSecond, double P50Ms, double P99Ms, double MaxMs, int MaxServerConnections,
        Dictionary<string, int> Mix)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"""
            Concurrent load on PostgreSQL 15 (the suite's throwaway cluster, fsync off), {RunAtUtc:yyyy-MM-dd HH:mm} UTC, nproc = {Processors}, {Configuration} build
            {Tasks} tasks x {OperationsPerTask} operations = {Operations}, pool of {PoolSize}, each operation = connect + work + dispose
            mix: {string.Join(", ", Mix.Select(m => $"{m.Key} {m.Value}"))}
            elapsed {Seconds:F2} s, throughput {OperationsPerSecond:F0} operations/s
            latency p50 {P50Ms:F2} ms, p99 {P99Ms:F2} ms, max {MaxMs:F2} ms (includes waiting for a pooled connection)
            server connections seen at most: {MaxServerConnections}
            """);
    }
}

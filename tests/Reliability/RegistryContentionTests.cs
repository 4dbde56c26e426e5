using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Sqlmint.ReliabilityTests.Infrastructure;
using Xunit.Abstractions;

namespace Sqlmint.ReliabilityTests;

/// <summary>
/// The driver registry and the DSN cache (<see cref="Db.GetEngine"/>) under contention: many threads
/// registering drivers, connecting to many DSNs and disposing engines at once. Every data source a factory
/// creates is disposed exactly once, one engine per DSN is created however many threads ask first, and nothing
/// but the documented exceptions ever comes out.
/// </summary>
public sealed class RegistryContentionTests(ITestOutputHelper output) : IDisposable
{
    const string Counting = "counting";
    const int Threads = 16;

    static int s_created;
    static int s_disposed;

    readonly string _dir = Directory.CreateTempSubdirectory("sqlmint-registry-").FullName;

    /// <summary><c>sqlite+counting://</c>: Microsoft.Data.Sqlite behind a data source that counts creations and disposals.</summary>
    [ModuleInitializer]
    internal static void RegisterCountingDriver() => DriverRegistry.Register("sqlite", Counting, CountingFactory);

    static DbDataSource CountingFactory(Dsn dsn)
    {
        Interlocked.Increment(ref s_created);
        return new CountingDataSource(SqliteFactory.Instance.CreateDataSource(dsn.ToConnectionString()));
    }

    sealed class CountingDataSource(DbDataSource inner) : DbDataSource
    {
        int _disposed;

        public override string ConnectionString => inner.ConnectionString;

        protected override DbConnection CreateDbConnection() => inner.CreateConnection();

        protected override void Dispose(bool disposing)
        {
            if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Increment(ref s_disposed);
                inner.Dispose();
            }
            base.Dispose(disposing);
        }

        protected override ValueTask DisposeAsyncCore()
        {
            Dispose(true);
            return ValueTask.CompletedTask;
        }
    }

    string DsnFor(int i) => "sqlite+counting:///" + Path.Combine(_dir, $"db{i}.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Many_threads_connecting_and_disposing_engines_for_many_dsns_get_only_documented_errors_and_leak_no_pool()
    {
        const int Dsns = 24;
        int iterations = Soak.Scale(2_000);
        string[] dsns = Enumerable.Range(0, Dsns).Select(DsnFor).ToArray();
        int createdBefore = Volatile.Read(ref s_created), disposedBefore = Volatile.Read(ref s_disposed);
        int handlesBefore = OpenHandles.Count();

        var unexpected = new ConcurrentQueue<string>();
        int connects = 0, disposals = 0, registrations = 0;
        using var barrier = new Barrier(Threads);
        Thread[] threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            var random = new Random(Soak.Seed(1234) + t);
            barrier.SignalAndWait();
            for (int i = 0; i < iterations; i++)
            {
                string dsn = dsns[random.Next(Dsns)];
                int roll = random.Next(100);
                try
                {
                    if (roll < 80)
                    {
                        using Session db = Db.Connect(dsn);
                        long value = random.Next();
                        if (db.Increment(value) != value + 1)
                            unexpected.Enqueue("wrong result");
                        Interlocked.Increment(ref connects);
                    }
                    else if (roll < 92)
                    {
                        Db.GetEngine(dsn).Dispose();
                        Interlocked.Increment(ref disposals);
                    }
                    else
                    {
                        // Re-registering the same pair is allowed (several assemblies each register their drivers).
                        DriverRegistry.Register("SQLite", "Counting", CountingFactory);
                        if (!DriverRegistry.IsRegistered("sqlite", Counting) || !DriverRegistry.Registered.Contains("sqlite+counting"))
                            unexpected.Enqueue("the driver vanished while being re-registered");
                        Interlocked.Increment(ref registrations);
                    }
                }
                catch (Exception error)
                {
                    unexpected.Enqueue($"{error.GetType().Name}: {error.Message}");
                }
            }
        })).ToArray();

        foreach (Thread thread in threads)
            thread.Start();
        foreach (Thread thread in threads)
            thread.Join();

        foreach (string dsn in dsns)
            await Db.GetEngine(dsn).DisposeAsync();
        SqliteConnection.ClearAllPools();

        int created = Volatile.Read(ref s_created) - createdBefore;
        int disposed = Volatile.Read(ref s_disposed) - disposedBefore;
        int handlesAfter = OpenHandles.Count();
        output.WriteLine($"{Threads} threads x {iterations}: {connects} connects, {disposals} engine disposals, {registrations} re-registrations, " +
                         $"{created} data sources created, {disposed} disposed; fds {handlesBefore} -> {handlesAfter}");

        Assert.True(unexpected.IsEmpty, string.Join("\n", unexpected.Take(10)));
        Assert.True(connects > Threads * iterations / 2);
        Assert.Equal(created, disposed);
        Assert.True(handlesAfter <= handlesBefore + 8, $"open file descriptors grew from {handlesBefore} to {handlesAfter}");
    }

    [Fact]
    public void The_first_connects_to_a_new_dsn_from_many_threads_create_one_engine()
    {
        int rounds = Soak.Scale(200);
        int createdBefore = Volatile.Read(ref s_created);
        using var barrier = new Barrier(Threads);
        for (int round = 0; round < rounds; round++)
        {
            string dsn = DsnFor(10_000 + round);
            var engines = new Engine[Threads];
            Thread[] threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
            {
                barrier.SignalAndWait();
                engines[t] = Db.GetEngine(dsn);
            })).ToArray();
            foreach (Thread thread in threads)
                thread.Start();
            foreach (Thread thread in threads)
                thread.Join();

            Assert.All(engines, e => Assert.Same(engines[0], e));
            Assert.Equal(round + 1, Volatile.Read(ref s_created) - createdBefore);
            engines[0].Dispose();

            // Disposing forgets it: the next connect starts a new pool.
            Engine next = Db.GetEngine(dsn);
            Assert.NotSame(engines[0], next);
            next.Dispose();
            createdBefore++;
        }
    }

    [Fact]
    public void Registering_and_unregistering_drivers_from_many_threads_keeps_the_registry_consistent()
    {
        int iterations = Soak.Scale(5_000);
        var unexpected = new ConcurrentQueue<string>();
        using var barrier = new Barrier(Threads);
        Thread[] threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            var random = new Random(Soak.Seed(99) + t);
            barrier.SignalAndWait();
            for (int i = 0; i < iterations; i++)
            {
                string driver = "flip" + random.Next(8);
                try
                {
                    switch (random.Next(4))
                    {
                        case 0:
                            DriverRegistry.Register("sqlite", driver, CountingFactory);
                            break;
                        case 1:
                            DriverRegistry.Unregister("sqlite", driver);
                            break;
                        case 2:
                            IReadOnlyList<string> registered = DriverRegistry.Registered;
                            if (!registered.SequenceEqual(registered.Order(StringComparer.Ordinal)) || !registered.Contains("sqlite+microsoft"))
                                unexpected.Enqueue("Registered is unsorted or lost a driver: " + string.Join(",", registered));
                            break;
                        default:
                            // Either a data source (disposed at once) or the documented "no driver" error.
                            try
                            {
                                DriverRegistry.CreateDataSource(Dsn.Parse($"sqlite+{driver}:///:memory:")).Dispose();
                            }
                            catch (SqlmintException error) when (error.Message.StartsWith($"No driver is registered for 'sqlite+{driver}'", StringComparison.Ordinal))
                            {
                            }
                            break;
                    }
                }
                catch (Exception error)
                {
                    unexpected.Enqueue($"{error.GetType().Name}: {error.Message}");
                }
            }
        })).ToArray();

        foreach (Thread thread in threads)
            thread.Start();
        foreach (Thread thread in threads)
            thread.Join();
        for (int d = 0; d < 8; d++)
            DriverRegistry.Unregister("sqlite", "flip" + d);

        Assert.True(unexpected.IsEmpty, string.Join("\n", unexpected.Take(10)));
        Assert.DoesNotContain(DriverRegistry.Registered, r => r.StartsWith("sqlite+flip", StringComparison.Ordinal));
        Assert.True(DriverRegistry.IsRegistered("sqlite", "microsoft"));
        Assert.True(DriverRegistry.IsRegistered("postgresql", "npgsql"));
    }
}

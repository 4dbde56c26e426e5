using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace Sqlmint.Benchmarks;

/// <summary>
/// The same scenarios as the BenchmarkDotNet suite, measured interleaved: each round runs a short batch of every
/// implementation, in a new random order. BenchmarkDotNet measures one implementation after another, so when the
/// machine's speed drifts during a case (the database server's own work on the same 2 cores, other processes, CPU
/// frequency) the drift lands on whichever implementation was running then, and two runs of identical code can
/// differ by 20%. Interleaving spreads any drift over all implementations alike, so the ratios between them hold.
/// </summary>
/// <remarks>
/// Reflection is fine here (this is a JIT-only harness). Each batch calls a typed delegate in a loop, so the only
/// per-call cost beyond the implementation is one delegate call.
/// </remarks>
public static class Interleaved
{
    static readonly string[] s_all = ["Handwritten", "Sqlmint", "Dapper", "EfCore"];

    // Per scenario, the implementations on both databases, then those measured on PostgreSQL only: the floors that
    // only make sense there (a hand-written DbBatch; hand-written code prepared as Sqlmint prepares on Npgsql).
    static readonly (Type Scenario, string[] Methods, string[] PostgresOnly)[] s_scenarios =
    [
        (typeof(OneRow), s_all, ["HandwrittenPrepared"]),
        (typeof(List500), s_all, []),
        (typeof(Count), s_all, ["HandwrittenPrepared"]),
        (typeof(Stream10k), s_all, []),
        (typeof(InsertOne), s_all, ["HandwrittenPrepared"]),
        (typeof(InterleavedInsertMany), [.. s_all, "HandwrittenBatch"], ["HandwrittenPrepared"]),
        (typeof(Connect), s_all, []),
    ];

    /// <summary>Runs every scenario on both databases and writes one JSON row per implementation.</summary>
    public static void Run(string outputPath, bool quick)
    {
        int rounds = quick ? 10 : 60;
        var batch = TimeSpan.FromMilliseconds(quick ? 15 : 50);
        var random = new Random(20261122);
        var rows = new List<Dictionary<string, object>>();
        // SQLMINT_INTERLEAVED_ONLY=Connect,Count runs only those scenario classes (for a quick look at one change).
        string[]? only = Environment.GetEnvironmentVariable("SQLMINT_INTERLEAVED_ONLY")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // SQLMINT_INTERLEAVED_METHODS=Sqlmint,HandwrittenPrepared runs only those implementations (to see whether two of
        // them disturb each other on the shared connection).
        string[]? onlyMethods = Environment.GetEnvironmentVariable("SQLMINT_INTERLEAVED_METHODS")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach ((Type type, string[] methods, string[] postgresOnly) in s_scenarios.Where(s => only is null || only.Contains(s.Scenario.Name)))
        {
            foreach (string database in new[] { BenchEnvironment.Sqlite, BenchEnvironment.Postgres })
            {
                var bench = (DatabaseBenchmark)Activator.CreateInstance(type)!;
                bench.Database = database;
                bench.GlobalSetup();
                try
                {
                    IEnumerable<string> names = database == BenchEnvironment.Postgres ? methods.Concat(postgresOnly) : methods;
                    if (onlyMethods is not null)
                        names = names.Where(onlyMethods.Contains);
                    var cases = names.Select(m => new Case(m, Bind(bench, m))).ToList();
                    foreach (Case c in cases)
                        c.Calibrate(batch);
                    for (int round = 0; round < rounds; round++)
                    {
                        foreach (Case c in cases.OrderBy(_ => random.Next()))
                            c.Measure();
                    }

                    foreach (Case c in cases)
                    {
                        rows.Add(new Dictionary<string, object>
                        {
                            ["class"] = type == typeof(InterleavedInsertMany) ? nameof(InsertMany) : type.Name,
                            ["method"] = c.Name,
                            ["database"] = database,
                            ["mean_ns"] = c.PerCall.Average(),
                            ["median_ns"] = Median(c.PerCall),
                            ["rounds"] = c.PerCall.Count,
                            ["calls_per_round"] = c.Calls,
                            ["thread_allocated_bytes"] = c.AllocatedPerCall,
                        });
                        Console.WriteLine($"{type.Name,-22} {database,-10} {c.Name,-17} mean {c.PerCall.Average() / 1000,10:F2} µs  median {Median(c.PerCall) / 1000,10:F2} µs  {c.AllocatedPerCall,10:F1} B  ({c.Calls} calls x {c.PerCall.Count} rounds)");
                    }
                }
                finally
                {
                    bench.GlobalCleanup();
                }
            }
        }

        File.WriteAllText(outputPath, JsonSerializer.Serialize(rows, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"wrote {outputPath} ({rows.Count} rows)");
    }

    static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    // One call of the implementation, waiting for a task where it returns one.
    static Action Bind(object bench, string name)
    {
        MethodInfo method = bench.GetType().GetMethod(name, BindingFlags.Public | BindingFlags.Instance)
            ?? throw new InvalidOperationException($"{bench.GetType().Name} has no method {name}");
        Type returns = method.ReturnType;
        if (returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(Task<>))
        {
            var call = (Func<Task>)Delegate.CreateDelegate(typeof(Func<Task>), bench, method);
            return () => call().GetAwaiter().GetResult();
        }

        return (Action)typeof(Interleaved).GetMethod(nameof(Typed), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(returns)
            .Invoke(null, [Delegate.CreateDelegate(typeof(Func<>).MakeGenericType(returns), bench, method)])!;
    }

    static Action Typed<T>(Func<T> call) => () => call();

    sealed class Case(string name, Action call)
    {
        public string Name { get; } = name;

        public int Calls { get; private set; } = 1;

        public List<double> PerCall { get; } = new();

        // Bytes allocated on the measuring thread per call, over all rounds. Exact for synchronous calls, unlike a
        // process-wide count, which also sees the thread pool's and the timers' allocations; an async call whose
        // continuations run on other threads is undercounted, so the report shows it for synchronous scenarios only.
        long _allocated;

        public double AllocatedPerCall => PerCall.Count == 0 ? 0 : (double)_allocated / (PerCall.Count * Calls);

        // Warms up (JIT tiers, EF Core's query compilation, pools, caches) for at least 500 ms and 50 calls, then
        // times the calls of a further 200 ms to size a batch to about the given time.
        public void Calibrate(TimeSpan batch)
        {
            RunFor(TimeSpan.FromMilliseconds(500), 50);
            (int calls, TimeSpan elapsed) = RunFor(TimeSpan.FromMilliseconds(200), 3);
            double perCall = elapsed.TotalMilliseconds / calls;
            Calls = Math.Max(1, (int)(batch.TotalMilliseconds / perCall));
        }

        (int Calls, TimeSpan Elapsed) RunFor(TimeSpan time, int atLeast)
        {
            var clock = Stopwatch.StartNew();
            int calls = 0;
            while (clock.Elapsed < time || calls < atLeast)
            {
                call();
                calls++;
            }

            return (calls, clock.Elapsed);
        }

        public void Measure()
        {
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < Calls; i++)
                call();
            PerCall.Add(Stopwatch.GetElapsedTime(start).TotalNanoseconds / Calls);
            _allocated += GC.GetAllocatedBytesForCurrentThread() - allocated;
        }
    }
}

/// <summary>
/// Execute-many with PostgreSQL's fair floor (a hand-written DbBatch) in the same instance, so all five write the
/// same table with one key counter. On SQLite the driver has no DbBatch, and the method falls back to the prepared loop.
/// </summary>
public sealed class InterleavedInsertMany : InsertMany
{
    public int HandwrittenBatch() => Database == BenchEnvironment.Postgres
        ? HandAdo.InsertManyBatch(Connection, NextItems(), positional: false)
        : HandAdo.InsertManyPrepared(Connection, NextItems());

    /// <summary>PostgreSQL: the hand-written DbBatch with <c>$1..$5</c>, prepared, as Sqlmint does on Npgsql.</summary>
    public int HandwrittenPrepared() => HandAdo.InsertManyBatch(Connection, NextItems(), positional: true, prepare: true);
}

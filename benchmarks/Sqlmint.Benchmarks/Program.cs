using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Json;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Sqlmint;
using Sqlmint.Benchmarks;

// Usage: Sqlmint.Benchmarks [--quick] [--artifacts DIR] [BenchmarkDotNet switches, e.g. --filter *OneRow*]
//        Sqlmint.Benchmarks [--quick] --interleaved FILE.json   (the interleaved measurement instead; see Interleaved.cs)
//
// The benchmarks run in this process (in-process toolchain), so the private PostgreSQL cluster and the SQLite copy
// are made once and shared by every case; BenchmarkDotNet's default of a child process per case would start a cluster each.

var quick = args.Contains("--quick");
var artifacts = Path.Combine(Environment.CurrentDirectory, "BenchmarkDotNet.Artifacts");
string? interleaved = null;
var rest = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--quick")
        continue;
    if (args[i] == "--interleaved" && i + 1 < args.Length)
    {
        interleaved = Path.GetFullPath(args[++i]);
        continue;
    }
    if (args[i] == "--artifacts" && i + 1 < args.Length)
    {
        artifacts = Path.GetFullPath(args[++i]);
        continue;
    }
    rest.Add(args[i]);
}

// Full: 3 warmups and 15 measured iterations of ~250 ms each (more iterations narrow the error on this shared
// 2-core machine, where the database server runs beside the client). Quick: 1 warmup, 3 iterations of ~100 ms.
var job = (quick
        ? Job.Default.WithId("Quick").WithWarmupCount(1).WithIterationCount(3).WithIterationTime(TimeInterval.FromMilliseconds(100))
        : Job.Default.WithId("Full").WithWarmupCount(3).WithIterationCount(15).WithIterationTime(TimeInterval.FromMilliseconds(250)))
    .WithLaunchCount(1)
    .WithToolchain(InProcessEmitToolchain.Instance);

var config = ManualConfig.CreateEmpty()
    .AddJob(job)
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddColumnProvider(DefaultColumnProviders.Instance)
    .AddLogger(ConsoleLogger.Default)
    .AddExporter(JsonExporter.Full, MarkdownExporter.GitHub)
    .WithArtifactsPath(artifacts)
    .WithOptions(ConfigOptions.JoinSummary | ConfigOptions.DisableLogFile);

Console.WriteLine("Setting up SQLite and a private PostgreSQL cluster with Chinook...");
var started = DateTime.UtcNow;
try
{
    var env = BenchEnvironment.Instance;
    Console.WriteLine($"Ready in {(DateTime.UtcNow - started).TotalSeconds:F1} s: {env.SqliteDsn} and {env.PostgresDsn}");
    if (interleaved is not null)
    {
        Interleaved.Run(interleaved, quick);
        return 0;
    }

    var types = new[]
    {
        typeof(OneRow), typeof(List500), typeof(Count), typeof(Stream10k),
        typeof(InsertOne), typeof(InsertMany), typeof(PostgresOnly), typeof(Connect),
    };
    var summaries = rest.Count > 0
        ? BenchmarkSwitcher.FromTypes(types).Run(rest.ToArray(), config)
        : BenchmarkRunner.Run(types, config);
    var failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
    return failed ? 1 : 0;
}
finally
{
    Db.DisposeAll();
    BenchEnvironment.Shutdown();
}

using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Sqlmint.Generator;

// Generator cost: a compilation with N [Query] methods (default 1,000: 10 classes of 100, a mix of the shapes
// users write: lists, single rows, scalars, async, streams, executes), then
//   * cold:  the first full run in this process (generator + Roslyn JIT warm-up included),
//   * full:  the median of several full runs, each with a new driver (nothing cached), after warm-up,
//   * edit:  a run after an edit to an unrelated file, on the driver that already ran: every output must be cached.
// Prints one JSON object.

var methods = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1000;
var runs = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 7;
const int PerClass = 100;

var parseOptions = new CSharpParseOptions(LanguageVersion.Preview);
var trees = new List<SyntaxTree>
{
    CSharpSyntaxTree.ParseText(Sources.Models, parseOptions, path: "Models.cs"),
    CSharpSyntaxTree.ParseText("namespace Bench; public static class Unrelated { public static int Value => 1; }", parseOptions, path: "Unrelated.cs"),
};
for (var c = 0; c * PerClass < methods; c++)
    trees.Add(CSharpSyntaxTree.ParseText(QueryClass(c, Math.Min(PerClass, methods - c * PerClass)), parseOptions, path: $"Queries{c}.cs"));

var compilation = CSharpCompilation.Create("GeneratorCostUser", trees, References(),
    new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
        .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress }));

GeneratorDriver NewDriver() => CSharpGeneratorDriver.Create(
    [new QueryGenerator().AsSourceGenerator()], parseOptions: parseOptions,
    driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

// Cold run, and a correctness check: every method generated, no errors.
var stopwatch = Stopwatch.StartNew();
var driver = NewDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
var coldMs = stopwatch.Elapsed.TotalMilliseconds;
var result = driver.GetRunResult().Results.Single();
var errors = generatorDiagnostics.Concat(output.GetDiagnostics()).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
var warnings = generatorDiagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning);
if (errors.Count > 0)
{
    foreach (var e in errors.Take(10))
        Console.Error.WriteLine(e);
    return 1;
}
var generatedChars = result.GeneratedSources.Sum(s => s.SourceText.Length);

// Full runs, each on a new driver (nothing cached) over a clone of the compilation (fresh symbols, so the semantic
// work is redone as in a real build), after the warm-up above.
var full = new List<double>();
for (var i = 0; i < runs; i++)
{
    var fresh = NewDriver();
    var clone = compilation.Clone();
    stopwatch.Restart();
    fresh = fresh.RunGenerators(clone);
    full.Add(stopwatch.Elapsed.TotalMilliseconds);
    GC.KeepAlive(fresh.GetRunResult());
}
full.Sort();

// Incremental: edit the unrelated file, on the driver that already ran; nothing may be re-emitted.
var edits = new List<double>();
var outputs = 0;
var reEmitted = 0;
var current = compilation;
for (var i = 0; i < runs; i++)
{
    var unrelated = current.SyntaxTrees.Single(t => t.FilePath == "Unrelated.cs");
    current = current.ReplaceSyntaxTree(unrelated,
        CSharpSyntaxTree.ParseText($"namespace Bench; public static class Unrelated {{ public static int Value => {i + 2}; }}", parseOptions, path: "Unrelated.cs"));
    stopwatch.Restart();
    driver = driver.RunGenerators(current);
    edits.Add(stopwatch.Elapsed.TotalMilliseconds);
    var steps = driver.GetRunResult().Results.Single().TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(step => step.Outputs).ToList();
    outputs = steps.Count;
    reEmitted += steps.Count(o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
}
edits.Sort();

var report = new
{
    methods,
    files = result.GeneratedSources.Length,
    generated_chars = generatedChars,
    generator_warnings = warnings,
    cold_ms = Math.Round(coldMs, 1),
    full_run_median_ms = Math.Round(full[full.Count / 2], 1),
    full_run_min_ms = Math.Round(full[0], 1),
    full_run_max_ms = Math.Round(full[^1], 1),
    runs,
    unrelated_edit_median_ms = Math.Round(edits[edits.Count / 2], 1),
    unrelated_edit_outputs = outputs,
    unrelated_edit_reemitted = reEmitted,
    processor_count = Environment.ProcessorCount,
};
Console.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
return reEmitted == 0 ? 0 : 2;

static string QueryClass(int c, int count)
{
    var s = new StringBuilder();
    s.AppendLine("using System.Collections.Generic; using System.Threading; using System.Threading.Tasks; using Sqlmint;");
    s.AppendLine("namespace Bench;");
    s.AppendLine($"public static partial class Queries{c}");
    s.AppendLine("{");
    for (var i = 0; i < count; i++)
    {
        var n = c * PerClass + i;
        s.AppendLine((n % 6) switch
        {
            0 => $"    [Query(\"select track_id, name, album_id, media_type_id, genre_id, composer, milliseconds, bytes, unit_price from track where album_id = @albumId order by track_id\")]\n    public static partial List<Track> Tracks{n}(this Session db, long albumId);",
            1 => $"    [Query(\"select album_id, title, artist_id from album where album_id = @id\")]\n    public static partial Album? Album{n}(this Session db, long id);",
            2 => $"    [Query(\"select count(*) from track where genre_id = @genreId and milliseconds > @min\")]\n    public static partial long Count{n}(this Session db, long genreId, int min);",
            3 => $"    [Query(\"select album_id, title, artist_id from album where artist_id = @artistId\")]\n    public static partial Task<List<Album>> Albums{n}Async(this Session db, long artistId, CancellationToken ct = default);",
            4 => $"    [Query(\"select track_id, name, album_id, media_type_id, genre_id, composer, milliseconds, bytes, unit_price from track order by track_id\")]\n    public static partial IAsyncEnumerable<Track> Stream{n}(this Session db, CancellationToken ct = default);",
            _ => $"    [Execute(\"update track set unit_price = @price, composer = @composer where track_id = @trackId\")]\n    public static partial int SetPrice{n}(this Session db, long trackId, decimal price, string? composer);",
        });
    }
    s.AppendLine("}");
    return s.ToString();
}

static ImmutableArray<MetadataReference> References()
{
    var trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
    return trusted.Split(Path.PathSeparator)
        .Where(p => Path.GetFileName(p) is var f && (f.StartsWith("System.", StringComparison.Ordinal) || f is "mscorlib.dll" or "netstandard.dll"))
        .Append(typeof(Sqlmint.QueryAttribute).Assembly.Location)
        .Append(typeof(Microsoft.Data.Sqlite.SqliteConnection).Assembly.Location)
        .Distinct()
        .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
        .ToImmutableArray();
}

static class Sources
{
    public
    const string Models = """
        namespace Bench;
        public sealed record Album(long AlbumId, string Title, long ArtistId);
        public sealed class Track
        {
            public int TrackId { get; set; }
            public string Name { get; set; } = "";
            public int? AlbumId { get; set; }
            public int MediaTypeId { get; set; }
            public int? GenreId { get; set; }
            public string? Composer { get; set; }
            public int Milliseconds { get; set; }
            public int? Bytes { get; set; }
            public decimal UnitPrice { get; set; }
        }
        """;
}

using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Sqlmint.Generator;

namespace Sqlmint.GeneratorTests.Infrastructure;

/// <summary>
/// Runs the generator over a source text the way the compiler does, and hands back what it produced.
/// Every run is done twice on the same driver, so every test also checks that an unchanged input leaves
/// every named step Cached or Unchanged.
/// </summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(LoadReferences);

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Preview);

    public static CSharpCompilation CreateCompilation(params string[] sources) => CreateCompilation(sources, Array.Empty<MetadataReference>());

    public static CSharpCompilation CreateCompilation(string[] sources, IEnumerable<MetadataReference> extraReferences) =>
        CSharpCompilation.Create(
            "UserAssembly",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            s_references.Value.AddRange(extraReferences),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
                // As the SDK does: the runtime targets net8.0 and the tests reference net10.0 assemblies.
                .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
                {
                    ["CS1701"] = ReportDiagnostic.Suppress,
                    ["CS1702"] = ReportDiagnostic.Suppress,
                }));

    public static GeneratorRun Run(params string[] sources) => Run(sources, Array.Empty<MetadataReference>());

    /// <summary>Runs with more references than the default (the runtime, the BCL and Microsoft.Data.Sqlite).</summary>
    public static GeneratorRun Run(string[] sources, IEnumerable<MetadataReference> extraReferences) =>
        Run(sources, extraReferences, Array.Empty<AdditionalText>());

    /// <summary>Runs with AdditionalFiles too (the .sql schema files).</summary>
    public static GeneratorRun Run(string[] sources, IEnumerable<MetadataReference> extraReferences, IEnumerable<AdditionalText> additionalTexts)
    {
        CSharpCompilation compilation = CreateCompilation(sources, extraReferences);
        GeneratorDriver driver = CreateDriver(additionalTexts);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        GeneratorDriverRunResult first = driver.GetRunResult();

        // Second pass over an equal compilation: nothing may be recomputed.
        GeneratorDriver second = driver.RunGenerators(compilation.Clone());
        CachingAssert.AllStepsCached(second.GetRunResult());

        return new GeneratorRun(first, output, generatorDiagnostics);
    }

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText>? additionalTexts = null) =>
        CSharpGeneratorDriver.Create(
            new[] { new QueryGenerator().AsSourceGenerator() },
            additionalTexts: additionalTexts,
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        IEnumerable<string> framework = trusted.Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is var f && (f.StartsWith("System.", StringComparison.Ordinal) || f is "mscorlib.dll" or "netstandard.dll"));
        return framework
            .Append(typeof(QueryAttribute).Assembly.Location)
            .Append(typeof(Microsoft.Data.Sqlite.SqliteConnection).Assembly.Location)
            .Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    }
}

/// <summary>An AdditionalFile held in memory, such as a schema.sql.</summary>
internal sealed class InMemoryText(string path, string text) : AdditionalText
{
    public override string Path { get; } = path;

    public override Microsoft.CodeAnalysis.Text.SourceText GetText(CancellationToken cancellationToken = default) =>
        Microsoft.CodeAnalysis.Text.SourceText.From(text);
}

/// <summary>What one generator run produced.</summary>
internal sealed record GeneratorRun(GeneratorDriverRunResult Result, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    public IReadOnlyList<GeneratedSourceResult> Sources => Result.Results.Single().GeneratedSources;

    public string Source(string hintName) => Sources.Single(s => s.HintName == hintName).SourceText.ToString();

    /// <summary>Diagnostics of the generator plus the compiler's on the user code with the generated code added.</summary>
    public ImmutableArray<Diagnostic> AllDiagnostics =>
        GeneratorDiagnostics.AddRange(Output.GetDiagnostics()).Where(d => d.Severity != DiagnosticSeverity.Hidden).ToImmutableArray();

    /// <summary>Asserts the generated code (with the user code) compiles with no errors and no warnings.</summary>
    public GeneratorRun AssertCleanCompile()
    {
        ImmutableArray<Diagnostic> diagnostics = AllDiagnostics;
        Assert.True(diagnostics.IsEmpty, "Expected no diagnostics, got:\n" + string.Join("\n", diagnostics));
        return this;
    }

    public IReadOnlyList<Diagnostic> WithId(string id) => GeneratorDiagnostics.Where(d => d.Id == id).ToList();
}

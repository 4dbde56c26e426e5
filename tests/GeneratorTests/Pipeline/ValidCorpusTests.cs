using Microsoft.CodeAnalysis;
using Sqlmint.GeneratorTests.Infrastructure;

namespace Sqlmint.GeneratorTests.Pipeline;

/// <summary>
/// No false positives: the whole catalogue runs over real, valid code (the samples and the integration tests,
/// whose SQL runs green on SQLite and PostgreSQL) and must report nothing at all, not even an info.
/// </summary>
public sealed class ValidCorpusTests
{
    public static TheoryData<string> Corpora() => new() { "tests/Integration", "samples/QuickStart", "samples/AotConsole" };

    [Theory]
    [MemberData(nameof(Corpora))]
    public void The_catalogue_reports_nothing_on_valid_code(string folder)
    {
        string root = Path.GetFullPath(Path.Combine(ProjectDirectory(), "..", ".."));
        string directory = Path.Combine(root, folder);
        Assert.True(Directory.Exists(directory), "Missing corpus folder " + directory);
        string[] sources = Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .ToArray();
        Assert.NotEmpty(sources);

        // The corpus also uses xunit and global usings its project supplies; those compile errors do not matter
        // here, only what the generator says about the [Query]/[Execute] methods.
        string globalUsings = "global using System; global using System.Collections.Generic; global using System.Linq; global using System.IO; global using System.Threading; global using System.Threading.Tasks;";
        GeneratorRun run = GeneratorHarness.Run(
            sources.Append(globalUsings).ToArray(),
            new[] { MetadataReference.CreateFromFile(typeof(Npgsql.NpgsqlConnection).Assembly.Location) });

        int methods = sources.Sum(s => CountOccurrences(s, "[Query(") + CountOccurrences(s, "[Execute("));
        Assert.True(methods > 0, "The corpus has no Sqlmint methods");
        Assert.True(run.GeneratorDiagnostics.IsEmpty,
            $"{run.GeneratorDiagnostics.Length} diagnostics on valid code ({methods} methods):\n" + string.Join("\n", run.GeneratorDiagnostics));
    }

    private static int CountOccurrences(string text, string value)
    {
        int count = 0;
        for (int at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string ProjectDirectory() =>
        typeof(ValidCorpusTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .Single(a => a.Key == "GeneratorTestsProjectDirectory").Value!;
}

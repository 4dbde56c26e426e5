using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Sqlmint.Generator;
using Sqlmint.GeneratorTests.Infrastructure;

namespace Sqlmint.GeneratorTests.Fuzz;

/// <summary>
/// Random edits of valid sources, compiled with the generator: it never crashes, and it never emits code that
/// fails to compile unless something explains why (a Sqlmint error, or an error in the user's own code).
/// </summary>
public sealed partial class GeneratorFuzzTests
{
    private const int Cases = 150;

    // Characters that keep a regular C# string literal valid but stress the SQL scanner and the binder.
    private const string SqlNoise = "@'$-/*;(),: \n_xAB1[]`";

    [Fact]
    public void Random_edits_never_crash_and_never_emit_unexplained_broken_code()
    {
        string corpus = File.ReadAllText(Path.Combine(RepositoryRoot(), "tests", "Integration", "Chinook", "ChinookSql.cs"));
        string prelude = "global using System; global using System.Collections.Generic; global using System.Linq; global using System.Threading; global using System.Threading.Tasks;";
        var npgsql = MetadataReference.CreateFromFile(typeof(Npgsql.NpgsqlConnection).Assembly.Location);
        var random = new Random(20261121);
        int withSqlmintErrors = 0;
        int generatedClean = 0;

        for (int i = 0; i < Cases; i++)
        {
            string mutated = Mutate(corpus, random);
            CSharpCompilation compilation = GeneratorHarness.CreateCompilation(new[] { mutated, prelude }, new[] { npgsql });
            GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out var generatorDiagnostics);
            GeneratorRunResult result = driver.GetRunResult().Results.Single();

            Assert.True(result.Exception is null, $"Case {i}: the generator threw {result.Exception}\n---\n{mutated}");
            Assert.DoesNotContain(generatorDiagnostics, d => d.Id is "CS8785" or "AD0001");

            bool sqlmintError = generatorDiagnostics.Any(d => d.Id.StartsWith("SQLM", StringComparison.Ordinal) && d.Severity == DiagnosticSeverity.Error);
            var generatedTrees = new HashSet<SyntaxTree>(result.GeneratedSources.Select(s => s.SyntaxTree));
            Diagnostic[] errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
            Diagnostic[] inGenerated = errors.Where(d => d.Location.SourceTree is { } t && generatedTrees.Contains(t)).ToArray();
            bool userCodeBroken = errors.Any(d => d.Location.SourceTree is { } t && !generatedTrees.Contains(t) && d.Id != "CS8795");

            Assert.True(
                inGenerated.Length == 0 || sqlmintError || userCodeBroken,
                $"Case {i}: generated code does not compile and nothing explains it:\n{string.Join("\n", inGenerated)}\n---\n{mutated}");

            // A partial method left without a body (CS8795) is only acceptable when Sqlmint said why.
            bool missingBody = errors.Any(d => d.Id == "CS8795");
            Assert.True(!missingBody || sqlmintError || userCodeBroken, $"Case {i}: a method got no body and no Sqlmint error\n---\n{mutated}");

            withSqlmintErrors += sqlmintError ? 1 : 0;
            generatedClean += errors.Length == 0 ? 1 : 0;
        }

        // The mutations must exercise both outcomes, or the test proves little.
        Assert.InRange(withSqlmintErrors, Cases / 10, Cases);
        Assert.InRange(generatedClean, Cases / 20, Cases);
    }

    private static string Mutate(string source, Random random)
    {
        MatchCollection literals = SqlLiteral().Matches(source);
        int edits = random.Next(1, 4);
        for (int e = 0; e < edits; e++)
        {
            literals = SqlLiteral().Matches(source);
            int kind = random.Next(10);
            if (kind < 7 && literals.Count > 0)
            {
                // Edit inside a SQL string: delete, insert noise, or duplicate a slice.
                Group body = literals[random.Next(literals.Count)].Groups["sql"];
                int at = body.Index + random.Next(body.Length + 1);
                source = random.Next(3) switch
                {
                    0 when body.Length > 0 => source.Remove(Math.Min(at, body.Index + body.Length - 1), 1),
                    1 => source.Insert(at, SqlNoise[random.Next(SqlNoise.Length)].ToString()),
                    _ => source.Insert(at, source.Substring(body.Index, Math.Min(body.Length, random.Next(1, 12)))),
                };
            }
            else
            {
                // Edit the C#: rename a parameter, or swap a return type for another shape.
                source = random.Next(2) == 0
                    ? ParameterName().Replace(source, m => m.Value + (random.Next(2) == 0 ? "X" : ""), 1, random.Next(source.Length / 2))
                    : source.Replace(random.Next(2) == 0 ? "List<" : "long ", random.Next(2) == 0 ? "IReadOnlyList<" : "int? ");
            }
        }

        return source;
    }

    [GeneratedRegex("\\[(?:Query|Execute)\\(\"(?<sql>[^\"\\\\]*)\"")]
    private static partial Regex SqlLiteral();

    [GeneratedRegex("\\blong [a-z][A-Za-z]*(?=[,)])")]
    private static partial Regex ParameterName();

    private static string RepositoryRoot() =>
        Path.GetFullPath(Path.Combine(
            typeof(GeneratorFuzzTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
                .Cast<System.Reflection.AssemblyMetadataAttribute>()
                .Single(a => a.Key == "GeneratorTestsProjectDirectory").Value!,
            "..", ".."));
}

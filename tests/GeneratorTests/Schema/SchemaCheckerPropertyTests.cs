using System.Reflection;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using Sqlmint.Generator.Schema;

namespace Sqlmint.GeneratorTests.Schema;

/// <summary>Properties over many inputs: the checker and parser never throw, and the valid-SQL tests are not vacuous.</summary>
public class SchemaCheckerPropertyTests
{
    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public SchemaCheckerPropertyTests(Xunit.Abstractions.ITestOutputHelper output) => _output = output;

    private static readonly string[] s_fragments =
    [
        "select", "from", "where", "join", "left", "on", "using", "as", "with", "recursive", "union", "order", "by",
        "group", "having", "insert", "into", "values", "update", "set", "delete", "returning", "conflict", "do",
        "nothing", "excluded", "over", "partition", "cast", "extract", "is", "not", "null", "distinct", "in",
        "exists", "case", "when", "then", "end", "lateral", "create", "table", "view", "alter", "add", "column",
        "rename", "to", "drop", "primary", "key", "constraint", "default", "references", "generated", "identity",
        "album", "track", "a", "t", "title", "name", "album_id", "nope", "public", "(", ")", "[", "]", ",", ".",
        "*", "::", "=", ";", "'x'", "\"q\"", "`b`", "[br]", "@p", "$1", "1", " ", "\n", "\\c x\n", "--", "/*",
        "*/", "$$", "e'\\'", "int", "double precision", "varchar(10)", "int[]",
    ];

    private static Config Config(int tests) => FsCheck.Config.QuickThrowOnFailure.WithMaxTest(tests).WithEndSize(60);

    private static Arbitrary<string> Soup() =>
        Gen.Elements(s_fragments).ArrayOf().Select(parts => string.Join(" ", parts)).ToArbitrary();

    [Fact]
    public void The_checker_never_throws_and_findings_point_into_the_text()
    {
        Check.One(Config(3000), Prop.ForAll(Soup(), sql =>
        {
            SchemaCheckResult result = SchemaChecker.CheckOrThrow(sql, ChinookSchemas.PostgreSql);
            Assert.All(result.Findings, f => Assert.InRange(f.Offset + f.Length, f.Length, sql.Length));
        }));
    }

    [Fact]
    public void The_parser_never_fails()
    {
        Check.One(Config(3000), Prop.ForAll(Soup(), script =>
        {
            SchemaModel model = SchemaParser.Parse("s.sql", script);
            Assert.DoesNotContain(model.Problems, p => p.Message.StartsWith("The schema parser failed", StringComparison.Ordinal));
            Assert.All(model.Problems, p => Assert.InRange(p.Offset, 0, script.Length));
        }));
    }

    /// <summary>
    /// Misspelling one column name in each valid query: the checker reports only that name (or, when the word
    /// was an alias definition, the reference that it no longer covers), and it catches most misspellings,
    /// which proves the zero-finding tests exercise real checks rather than the checker giving up.
    /// </summary>
    [Fact]
    public void Misspelling_a_column_of_a_valid_query_is_reported_and_nothing_else()
    {
        int queriesWithColumns = 0;
        int caught = 0;
        foreach ((string dialect, string sql) in ValidQueries())
        {
            SchemaModel schema = SchemaCheckerTests.Schema(dialect);
            HashSet<string> columns = schema.Tables.SelectMany(t => t.Columns.Select(c => c.Name)).ToHashSet(StringComparer.OrdinalIgnoreCase);
            bool hasColumn = false;
            bool anyCaught = false;
            foreach (Match word in Regex.Matches(sql, @"\b[A-Za-z_]+\b"))
            {
                if (!columns.Contains(word.Value))
                {
                    continue;
                }

                hasColumn = true;
                string misspelled = word.Value + "zz";
                string mutated = sql.Substring(0, word.Index) + misspelled + sql.Substring(word.Index + word.Length);
                SchemaCheckResult result = SchemaChecker.CheckOrThrow(mutated, schema);
                Assert.All(result.Findings, f => Assert.True(
                    f.Name == misspelled || string.Equals(f.Name, word.Value, StringComparison.OrdinalIgnoreCase),
                    $"{mutated}\n{f.Kind} {f.Name}: {f.Message}"));
                anyCaught |= result.Findings.Any(f => f.Name == misspelled && f.Offset == word.Index);
            }

            queriesWithColumns += hasColumn ? 1 : 0;
            caught += anyCaught ? 1 : 0;
        }

        _output.WriteLine($"Caught a misspelling in {caught} of {queriesWithColumns} valid queries that name a column.");

        // Measured: all but a handful (statements the checker deliberately skips) are caught.
        Assert.True(caught >= queriesWithColumns * 9 / 10, $"{caught} of {queriesWithColumns}");
    }

    private static IEnumerable<(string Dialect, string Sql)> ValidQueries()
    {
        foreach (MethodInfo method in new[] { typeof(SchemaCheckerTests), typeof(SchemaCheckerValidSqlTests) }.SelectMany(t => t.GetMethods()))
        {
            if (method.Name is not (nameof(SchemaCheckerTests.Valid_sql_gives_no_findings) or nameof(SchemaCheckerValidSqlTests.Gives_no_findings)))
            {
                continue;
            }

            foreach (InlineDataAttribute data in method.GetCustomAttributes<InlineDataAttribute>())
            {
                object[] arguments = data.GetData(method).Single();
                yield return ((string)arguments[0], (string)arguments[1]);
            }
        }
    }
}

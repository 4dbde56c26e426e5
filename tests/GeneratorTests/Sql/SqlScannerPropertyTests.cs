using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Sqlmint.Generator.Model;
using Sqlmint.Generator.Sql;
using Xunit;

namespace Sqlmint.GeneratorTests.Sql;

/// <summary>
/// The scanner runs inside the compiler on half-typed text, so these properties hold for any input:
/// it never throws, what it reports points into the text, and its work is linear in the length.
/// </summary>
public class SqlScannerPropertyTests
{
    // Work units per input character. The measured worst case is 4 (a run of '('); a quadratic path would
    // need thousands per character on the 200k-character inputs below, so it cannot hide under this bound.
    private const long StepsPerChar = 8;

    // Pieces that open, close or escape something, so random concatenations hit the scanner's edges.
    private static readonly string[] s_fragments =
    [
        "'", "''", "\"", "\"\"", "[", "]", "`", "--", "\n", "\r", "/*", "*/", "$", "$$", "$a$", "$1", "E'", "e'",
        "N'", "\\", "\\'", "@", "@@", "@>", "<@", "@?", "::", ":", ";", "(", ")", ",", "*", ".", ".5", " ", "\t",
        "@x", "@ids", "@é", "in", "IN", "any", "(@p)", "select", "from", "where", "as", "returning", "with",
        "distinct", "on", "array", "case", "end", "x", "t.", "é", "𝒳", "\uD835", "\uDCB3", "\u0301", "\0", "0",
        "1e-5", "?", "#", "<", ">", "=",
    ];

    private static readonly char[] s_chars = string.Concat(s_fragments).Distinct().ToArray();

    private static Config Config(int tests) => FsCheck.Config.QuickThrowOnFailure.WithMaxTest(tests).WithEndSize(200);

    [Fact]
    public void Random_character_strings_keep_the_invariants()
    {
        Arbitrary<string> strings = Gen.Elements(s_chars).ArrayOf().Select(chars => new string(chars)).ToArbitrary();
        Check.One(Config(2000), Prop.ForAll(strings, AssertInvariants));
    }

    [Fact]
    public void Arbitrary_strings_keep_the_invariants()
    {
        // FsCheck's own strings: any UTF-16 code unit, including lone surrogates and control characters.
        Check.One(Config(1500), Prop.ForAll(ArbMap.Default.ArbFor<string>(), s => AssertInvariants(s ?? string.Empty)));
    }

    [Fact]
    public void Fragment_soups_keep_the_invariants()
    {
        Arbitrary<string> soups = Gen.Elements(s_fragments).ArrayOf().Select(string.Concat).ToArbitrary();
        Check.One(Config(2000), Prop.ForAll(soups, AssertInvariants));
    }

    [Fact]
    public void Mutations_of_the_valid_corpus_keep_the_invariants()
    {
        Check.One(Config(3000), Prop.ForAll(Mutants(), AssertInvariants));
    }

    [Fact]
    public void A_leading_comment_only_shifts_the_result()
    {
        // Whatever follows a closed comment is scanned exactly as it would be on its own.
        string[] prefixes = ["-- @zzz ; ' \" $$ [\n", "/* @zzz ; ' \" $a$ [ /* nested */ */"];
        Arbitrary<(string, int)> inputs = Gen.OneOf(Mutants().Generator, Gen.Elements(s_fragments).ArrayOf().Select(string.Concat))
            .Zip(Gen.Choose(0, prefixes.Length - 1))
            .ToArbitrary();

        Check.One(Config(1500), Prop.ForAll(inputs, input =>
        {
            (string sql, int which) = input;
            string prefix = prefixes[which];
            SqlScanResult alone = SqlScanner.Scan(sql);
            SqlScanResult prefixed = SqlScanner.Scan(prefix + sql);

            Assert.Equal(Shift(alone, prefix.Length), prefixed);
        }));
    }

    [Fact]
    public void A_trailing_comment_adds_nothing_to_clean_sql()
    {
        Arbitrary<string> clean = Mutants().Generator.Where(sql => SqlScanner.Scan(sql).Problems.Count == 0).ToArbitrary();

        Check.One(Config(1000), Prop.ForAll(clean, sql =>
        {
            SqlScanResult alone = SqlScanner.Scan(sql);
            Assert.Equal(alone, SqlScanner.Scan(sql + "\n-- @zzz; select @yyy"));
            Assert.Equal(alone, SqlScanner.Scan(sql + "\n/* @zzz; /* @yyy */ */"));
        }));
    }

    public static readonly TheoryData<string> Wrappers = new()
    {
        "string",
        "escape-string",
        "double-quoted",
        "bracketed",
        "backticked",
        "line-comment",
        "block-comment",
        "dollar-quote",
    };

    [Theory]
    [MemberData(nameof(Wrappers))]
    public void Nothing_inside_an_opaque_construct_is_a_parameter(string wrapper)
    {
        Arbitrary<string> text = Gen.Elements(s_fragments).ArrayOf().Select(string.Concat).ToArbitrary();

        Check.One(Config(1000), Prop.ForAll(text, body =>
        {
            string sql = $"select @before, {Wrap(wrapper, body)}\n, @after from t; select @last";
            SqlScanResult result = SqlScanner.Scan(sql);

            Assert.Equal(["before", "after", "last"], result.Parameters.Select(p => p.Name).ToArray());
            Assert.Equal(2, result.StatementCount);
            Assert.Empty(result.Problems);
        }));
    }

    public static readonly TheoryData<string> PathologicalUnits = new()
    {
        "/*", "*/", "/*/", "'", "''", "\"", "[", "]", "`", "$", "$$", "$a$", "$a", "$ab$$a$", "E'\\", "E'", "\\",
        "--\n", "-", "@", "@a", "@@", "<@", "@>", "::", "(", ")", "((", "a,", ", x as y", "select ", "with ",
        "x[", "[a][", "arr[1]", ";", "; ", "in (@x)", "any(@x)", "é", "\uD835", "𝒳", "1e-", ".5",
    };

    [Theory]
    [MemberData(nameof(PathologicalUnits))]
    public void Pathological_repetition_stays_linear(string unit)
    {
        string sql = Repeat(unit, 200_000);
        SqlScanner.ScanCountingSteps(sql, out long steps);
        AssertLinear(sql, steps);
    }

    [Fact]
    public void Near_miss_dollar_tags_stay_linear()
    {
        // A long tag followed by many bodies that almost close it: a naive search could be quadratic here.
        string tag = new('a', 1000);
        string sql = "$" + tag + "$" + Repeat("$" + tag[..^1] + "b", 200_000);
        SqlScanner.ScanCountingSteps(sql, out long steps);
        AssertLinear(sql, steps);
    }

    [Fact]
    public void Wide_projections_and_deep_nesting_stay_linear()
    {
        string wide = "select " + string.Join(", ", Enumerable.Range(0, 20_000).Select(i => $"t.c{i}::int as a{i}")) + " from t";
        SqlScanResult result = SqlScanner.ScanCountingSteps(wide, out long steps);
        AssertLinear(wide, steps);
        Assert.Equal(20_000, result.Statements[0].Columns!.Value.Count);

        string deep = new string('(', 100_000) + "select @x" + new string(')', 100_000);
        result = SqlScanner.ScanCountingSteps(deep, out steps);
        AssertLinear(deep, steps);
        Assert.Equal("x", Assert.Single(result.Parameters).Name);

        string comments = Repeat("/*", 100_000) + "@x" + Repeat("*/", 100_000) + "@y";
        result = SqlScanner.ScanCountingSteps(comments, out steps);
        AssertLinear(comments, steps);
        Assert.Equal("y", Assert.Single(result.Parameters).Name);
    }

    [Fact]
    public void The_step_counter_is_not_vacuous()
    {
        // Guards the guard: the bound above would pass trivially if the counter stopped counting.
        string sql = Repeat("'x' ", 10_000);
        SqlScanner.ScanCountingSteps(sql, out long steps);
        Assert.True(steps >= sql.Length, $"steps = {steps}");
    }

    private static void AssertInvariants(string sql)
    {
        SqlScanResult result = SqlScanner.ScanCountingSteps(sql, out long steps);
        AssertLinear(sql, steps);

        int previousEnd = 0;
        foreach (SqlParameterToken parameter in result.Parameters)
        {
            Assert.True(parameter.Offset >= previousEnd && parameter.Length >= 2 && parameter.Offset + parameter.Length <= sql.Length, Describe(sql));
            Assert.Equal('@', sql[parameter.Offset]);
            Assert.Equal(sql.Substring(parameter.Offset + 1, parameter.Length - 1), parameter.Name);
            previousEnd = parameter.Offset + parameter.Length;
        }

        previousEnd = 0;
        foreach (SqlStatementInfo statement in result.Statements)
        {
            Assert.True(statement.Offset >= previousEnd && statement.Length > 0 && statement.Offset + statement.Length <= sql.Length, Describe(sql));
            Assert.False(char.IsWhiteSpace(sql[statement.Offset]), Describe(sql));
            Assert.True(statement.Columns is null || statement.Columns.Value.All(name => name.Length > 0), Describe(sql));
            Assert.False(statement.SelectsStar && statement.Columns is not null, Describe(sql));
            previousEnd = statement.Offset + statement.Length;
        }

        int previousProblem = -1;
        foreach (SqlScanProblem problem in result.Problems)
        {
            Assert.True(problem.Offset > previousProblem && problem.Offset < sql.Length, Describe(sql));
            previousProblem = problem.Offset;
        }

        // Deterministic, and equal by value: the generator's caching depends on it.
        Assert.Equal(result, SqlScanner.Scan(new string(sql.AsSpan())));
    }

    private static void AssertLinear(string sql, long steps) =>
        Assert.True(steps <= StepsPerChar * (sql.Length + 1), $"{steps} steps for {sql.Length} chars: {Describe(sql)}");

    private static string Describe(string sql) =>
        sql.Length <= 200 ? $"\"{sql}\"" : $"\"{sql[..200]}…\" ({sql.Length} chars)";

    private static string Wrap(string wrapper, string body) => wrapper switch
    {
        "string" => "'" + body.Replace("'", "''", StringComparison.Ordinal) + "'",
        "escape-string" => "E'" + body.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'",
        "double-quoted" => "\"" + body.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"",
        "bracketed" => "[" + body.Replace("]", "]]", StringComparison.Ordinal) + "]",
        "backticked" => "`" + body.Replace("`", "``", StringComparison.Ordinal) + "`",
        "line-comment" => "-- " + body.Replace('\n', ' ').Replace('\r', ' '),
        "block-comment" => "/* " + body.Replace("*", string.Empty, StringComparison.Ordinal) + " */",
        "dollar-quote" => "$q$" + body.Replace("$q", "$ q", StringComparison.Ordinal) + "$q$",
        _ => throw new ArgumentOutOfRangeException(nameof(wrapper), wrapper, null),
    };

    /// <summary>Corpus entries with a few random edits: insertions, deletions, duplications, cuts and joins.</summary>
    private static Arbitrary<string> Mutants()
    {
        IReadOnlyList<string> corpus = SqlScannerTests.Corpus;
        return Gen.Choose(0, corpus.Count - 1)
            .Zip(Gen.Choose(0, int.MaxValue))
            .Select(pair => Mutate(corpus, corpus[pair.Item1], new Random(pair.Item2)))
            .ToArbitrary();
    }

    private static string Mutate(IReadOnlyList<string> corpus, string sql, Random random)
    {
        var text = new StringBuilder(sql);
        int edits = random.Next(1, 6);
        for (int e = 0; e < edits; e++)
        {
            int at = random.Next(text.Length + 1);
            switch (random.Next(6))
            {
                case 0:
                    text.Insert(at, s_fragments[random.Next(s_fragments.Length)]);
                    break;
                case 1 when text.Length > 0:
                    text.Remove(Math.Min(at, text.Length - 1), 1 + random.Next(Math.Min(3, text.Length - Math.Min(at, text.Length - 1))));
                    break;
                case 2:
                    int length = random.Next(text.Length - at + 1);
                    text.Insert(at, text.ToString(at, length));
                    break;
                case 3:
                    text.Length = at;
                    break;
                case 4:
                    text.Remove(0, at);
                    break;
                default:
                    text.Append(random.Next(2) == 0 ? "; " : " ").Append(corpus[random.Next(corpus.Count)]);
                    break;
            }
        }

        return text.ToString();
    }

    private static SqlScanResult Shift(SqlScanResult result, int by) => new(
        result.Parameters.Select(p => p with { Offset = p.Offset + by }).ToEquatableArray(),
        result.Statements.Select(s => s with { Offset = s.Offset + by }).ToEquatableArray(),
        result.Problems.Select(p => p with { Offset = p.Offset + by }).ToEquatableArray());

    private static string Repeat(string unit, int minimumLength)
    {
        var builder = new StringBuilder(minimumLength + unit.Length);
        while (builder.Length < minimumLength)
        {
            builder.Append(unit);
        }

        return builder.ToString();
    }
}

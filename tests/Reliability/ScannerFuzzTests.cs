using System.Text;
using Sqlmint.Generator.Sql;
using Sqlmint.ReliabilityTests.Infrastructure;
using Xunit.Abstractions;

namespace Sqlmint.ReliabilityTests;

/// <summary>
/// More than 100,000 random and mutated SQL strings through the generator's SQL scanner (compiled into this
/// project from src/Generator/Sql): it never throws, what it reports points into the text, and its work is linear
/// in the length (<see cref="SqlScanner.ScanCountingSteps"/> counts the work deterministically, so no timing is
/// involved). A differential check adds meaning: text that SQL treats as opaque (strings, comments, quoted
/// identifiers, dollar quotes), spliced between the tokens of a valid statement, never adds or removes a parameter.
/// Complements tests/GeneratorTests/Sql/SqlScannerPropertyTests.cs (~19k FsCheck cases).
/// </summary>
public sealed class ScannerFuzzTests(ITestOutputHelper output)
{
    // Work units per input character; the existing property tests use the same bound (the measured worst case is 4).
    const long StepsPerChar = 8;

    static readonly string[] s_fragments =
    [
        "'", "''", "\"", "\"\"", "[", "]", "`", "--", "\n", "\r\n", "/*", "*/", "/**/", "$", "$$", "$a$", "$ab$", "$1", "E'", "e'",
        "N'", "\\", "\\'", "@", "@@", "@>", "<@", "@?", "@-", "::", ":", ";", ";;", "(", ")", ",", "*", ".", ".5", " ", "\t",
        "@x", "@ids", "@_a1", "@é", "@1", "in", "IN", "any", "some", "all", "(@p)", "in (@p)", "= any(@p)", "select", "from",
        "where", "as", "returning", "with", "recursive", "distinct", "on", "array", "case", "when", "then", "end", "insert",
        "update", "delete", "values", "x", "t.", "t.*", "é", "𝒳", "\uD835", "\uDCB3", "\u0301", "\0", "0", "1e-5", "?", "#",
        "<", ">", "=", "||", "->>", "#>", "~", "!", "%", "^", "&", "|", "'it''s'", "E'\\''", "$tag$", "$tag$ @z $tag$",
        "/* /* nested */ */", "-- @c\n", "\"a\"\"b\"", "`q`", "[a]", "x[1]", "x[@i]", "::int[]", "U&'d\\0061t'",
    ];

    // Valid statements of the shapes users write, with the parameters they bind.
    static readonly string[] s_corpus =
    [
        "select album_id, title, artist_id from album where artist_id = @artistId order by title",
        "select count(*) from track where album_id = @albumId",
        "update track set unit_price = @price where track_id = @trackId",
        "insert into entry (id, label, amount) values (@Id, @Label, @Amount)",
        "select id from t where id in @ids and name <> 'a@b' -- @no\n and x = @x",
        "select id from t where id = any(@ids) and tags @> @tags and @tags <@ tags",
        "select $$ @no $$, $q$ it's @no $q$, E'\\' @no' from t where a = @a",
        "with recursive n(i) as (select 1 union all select i + 1 from n where i < @count) select i from n",
        "select \"weird @no\", `also @no`, [bracket @no] from t where c::text = @c",
        "/* @no /* nested @no */ still @no */ select 1 where @p = 1; select 2 where @q = 2",
        "delete from t where id = @id returning id, name",
        "select a.x as \"X\", b.* from a join b on a.id = b.id where a.k = @k and b.arr[1] = @first",
        "insert into t (a) select @a where not exists (select 1 from t where a = @a) on conflict do nothing",
        "select case when @flag then 'yes' else 'no' end as answer, @@version",
    ];

    // Opaque text: what SQL skips, each holding something that would be a parameter outside it.
    static readonly string[] s_opaque =
    [
        "'@s1 ; -- /* $$ \" ` ['", "'it''s @s2'", "E'\\' @s3 \\\\'", "/* @c1 ' \" $$ -- */", "/* /* @c2 */ @c3 */",
        "-- @c4 ' \" /* $$\n", "$$ @d1 ' \" -- $$", "$tag$ @d2 $$ $t$ ' $tag$", "\"@i1 \"\" x\"", "`@i2 `` y`",
    ];

    [Fact]
    public void More_than_100_000_random_and_mutated_sql_strings_never_throw_and_stay_linear()
    {
        var random = new Random(Soak.Seed(20_250_808));
        int scale = Soak.Factor;
        var counts = new Dictionary<string, int>
        {
            ["random characters"] = Run(25_000 * scale, () => RandomCharacters(random)),
            ["fragment soups"] = Run(25_000 * scale, () => FragmentSoup(random)),
            ["mutants of valid SQL"] = Run(40_000 * scale, () => Mutant(random)),
            ["mutants of mutants"] = Run(10_000 * scale, () => Mutate(Mutate(Mutant(random), random), random)),
        };
        int total = counts.Values.Sum();
        output.WriteLine($"scanned {total} strings: " + string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}")));
        Assert.True(total >= 100_000);

        int Run(int n, Func<string> next)
        {
            for (int i = 0; i < n; i++)
                AssertInvariants(next());
            return n;
        }
    }

    [Fact]
    public void Opaque_text_spliced_between_tokens_never_adds_or_removes_a_parameter()
    {
        var random = new Random(Soak.Seed(4_242));
        int cases = Soak.Scale(20_000);
        for (int i = 0; i < cases; i++)
        {
            string sql = s_corpus[random.Next(s_corpus.Length)];
            string[] expected = SqlScanner.Scan(sql).Parameters.Select(p => p.Name).ToArray();

            // Splice 1..4 pieces of opaque text at token boundaries outside literals (a space in the corpus is
            // always one) surrounded by whitespace, so no token is glued to them.
            var spaces = Enumerable.Range(0, sql.Length).Where(k => sql[k] == ' ' && OutsideLiterals(sql, k)).ToArray();
            var builder = new StringBuilder(sql);
            foreach (int at in spaces.OrderBy(_ => random.Next()).Take(random.Next(1, 5)).OrderDescending())
                builder.Insert(at, " " + s_opaque[random.Next(s_opaque.Length)] + " ");
            string spliced = builder.ToString();

            SqlScanResult result = AssertInvariants(spliced);
            Assert.True(expected.SequenceEqual(result.Parameters.Select(p => p.Name)),
                $"parameters [{string.Join(", ", expected)}] became [{string.Join(", ", result.Parameters.Select(p => p.Name))}] in: {spliced}");
        }
        output.WriteLine($"{cases} spliced statements kept their parameters");
    }

    public static readonly TheoryData<string> Units = new()
    {
        "'", "''", "\"", "[", "]", "`", "/*", "*/", "/*/", "--", "$", "$$", "$a$", "$a", "E'", "E'\\", "\\", "@", "@@", "@a", "<@",
        "@>", "::", ":", "(", ")", "((", "))", "x[", "[a][", ";", "a,", "select ", "with ", "in (@x)", "any(@x)", "é", "\uD835",
        "𝒳", "$a$$b$", "$ab$$a$", "-- @\n", "/* */", "select a as b, ", "case when ",
    };

    [Theory]
    [MemberData(nameof(Units))]
    public void Repeating_a_unit_doubles_the_work_when_the_length_doubles(string unit)
    {
        // The per-scan bound already rules out quadratic work; the doubling check shows it directly.
        string small = Repeat(unit, 50_000), large = Repeat(unit, 100_000);
        SqlScanner.ScanCountingSteps(small, out long smallSteps);
        SqlScanner.ScanCountingSteps(large, out long largeSteps);
        AssertLinear(small, smallSteps);
        AssertLinear(large, largeSteps);
        Assert.True(largeSteps <= 2.1 * smallSteps + 100, $"'{unit}': {smallSteps} steps for {small.Length} chars, {largeSteps} for {large.Length}");
    }

    [Fact]
    public void The_step_counter_counts()
    {
        // Guards the guard: a counter stuck at zero would pass every linearity bound.
        string sql = Repeat("select @x from t; ", 18_000);
        SqlScanner.ScanCountingSteps(sql, out long steps);
        Assert.True(steps >= sql.Length, $"steps = {steps} for {sql.Length} chars");
    }

    static SqlScanResult AssertInvariants(string sql)
    {
        SqlScanResult result;
        long steps;
        try
        {
            result = SqlScanner.ScanCountingSteps(sql, out steps);
        }
        catch (Exception error)
        {
            throw new Xunit.Sdk.XunitException($"The scanner threw {error.GetType().Name} ({error.Message}) on {Describe(sql)}");
        }

        AssertLinear(sql, steps);
        int previousEnd = 0;
        foreach (SqlParameterToken parameter in result.Parameters)
        {
            if (!(parameter.Offset >= previousEnd && parameter.Length >= 2 && parameter.Offset + parameter.Length <= sql.Length
                  && sql[parameter.Offset] == '@' && sql.Substring(parameter.Offset + 1, parameter.Length - 1) == parameter.Name))
                throw new Xunit.Sdk.XunitException($"Parameter {parameter} does not point into {Describe(sql)}");
            previousEnd = parameter.Offset + parameter.Length;
        }

        previousEnd = 0;
        foreach (SqlStatementInfo statement in result.Statements)
        {
            if (!(statement.Offset >= previousEnd && statement.Length > 0 && statement.Offset + statement.Length <= sql.Length))
                throw new Xunit.Sdk.XunitException($"Statement {statement.Offset}+{statement.Length} does not point into {Describe(sql)}");
            previousEnd = statement.Offset + statement.Length;
        }

        foreach (SqlScanProblem problem in result.Problems)
        {
            if (problem.Offset < 0 || problem.Offset >= sql.Length || string.IsNullOrEmpty(problem.Message))
                throw new Xunit.Sdk.XunitException($"Problem {problem} does not point into {Describe(sql)}");
        }

        return result;
    }

    static void AssertLinear(string sql, long steps)
    {
        if (steps > StepsPerChar * (sql.Length + 1))
            throw new Xunit.Sdk.XunitException($"{steps} steps for {sql.Length} chars (bound {StepsPerChar}/char): {Describe(sql)}");
    }

    const string Punctuation = "'\"[]`-/*$@<>:;()\\\nEe \t0a_.,?#";

    static string RandomCharacters(Random random)
    {
        int length = random.Next(0, 400);
        var chars = new char[length];
        for (int i = 0; i < length; i++)
        {
            chars[i] = random.Next(4) switch
            {
                0 => (char)random.Next(0, 0x10000), // any UTF-16 code unit: lone surrogates, controls
                1 => (char)random.Next(0x20, 0x7F),
                _ => Punctuation[random.Next(Punctuation.Length)],
            };
        }
        return new string(chars);
    }

    static string FragmentSoup(Random random)
    {
        var builder = new StringBuilder();
        int n = random.Next(0, 80);
        for (int i = 0; i < n; i++)
            builder.Append(s_fragments[random.Next(s_fragments.Length)]);
        return builder.ToString();
    }

    static string Mutant(Random random)
    {
        string sql = s_corpus[random.Next(s_corpus.Length)];
        int mutations = random.Next(1, 7);
        for (int i = 0; i < mutations; i++)
            sql = Mutate(sql, random);
        return sql;
    }

    static string Mutate(string sql, Random random)
    {
        int at = random.Next(sql.Length + 1);
        int length = random.Next(0, Math.Min(20, sql.Length - at) + 1);
        switch (random.Next(8))
        {
            case 0: return sql.Insert(at, s_fragments[random.Next(s_fragments.Length)]);
            case 1: return sql.Remove(at, length);
            case 2: return sql.Insert(at, sql.Substring(at, length)); // duplicate a span
            case 3: return sql[..at]; // truncate: half-typed text
            case 4: return at < sql.Length ? sql.Remove(at, 1).Insert(at, ((char)random.Next(0, 0x80)).ToString()) : sql;
            case 5:
            {
                int other = random.Next(sql.Length + 1);
                int otherLength = random.Next(0, Math.Min(20, sql.Length - other) + 1);
                return sql.Insert(at, sql.Substring(other, otherLength)); // copy a span elsewhere
            }
            case 6: return random.Next(2) == 0 ? sql.ToUpperInvariant() : sql.Insert(at, s_opaque[random.Next(s_opaque.Length)]);
            default: return sql + s_corpus[random.Next(s_corpus.Length)]; // glued statements
        }
    }

    // True when position k of a corpus statement is outside every literal, comment and quoted identifier: the
    // scanner's own view, checked through its statement spans would be circular, so this is a small lexer of
    // its own for the simple corpus above.
    static bool OutsideLiterals(string sql, int k)
    {
        int i = 0;
        while (i < k)
        {
            char c = sql[i];
            string rest = sql[i..];
            int close;
            if ((c == 'E' || c == 'e') && rest.StartsWith(c + "'", StringComparison.Ordinal) && (i == 0 || !char.IsLetterOrDigit(sql[i - 1])))
            {
                close = i + 2; // E'...': backslash escapes
                while (close < sql.Length && sql[close] != '\'')
                    close += sql[close] == '\\' ? 2 : 1;
                close = Math.Min(close + 1, sql.Length);
            }
            else if (c == '\'')
                close = Close(sql, i + 1, "'");
            else if (c == '"')
                close = Close(sql, i + 1, "\"");
            else if (c == '`')
                close = Close(sql, i + 1, "`");
            else if (c == '[' && (i == 0 || !char.IsLetterOrDigit(sql[i - 1])))
                close = Close(sql, i + 1, "]");
            else if (rest.StartsWith("--", StringComparison.Ordinal))
                close = Close(sql, i + 2, "\n");
            else if (rest.StartsWith("/*", StringComparison.Ordinal))
                close = Close(sql, i + 2, "*/ still @no */"); // the corpus's only nested comment, closed as a whole
            else if (rest.StartsWith("$$", StringComparison.Ordinal))
                close = Close(sql, i + 2, "$$");
            else if (rest.StartsWith("$q$", StringComparison.Ordinal))
                close = Close(sql, i + 3, "$q$");
            else
            {
                i++;
                continue;
            }
            if (close > k)
                return false;
            i = close;
        }
        return true;

        static int Close(string sql, int from, string closer)
        {
            int end = sql.IndexOf(closer, from, StringComparison.Ordinal);
            return end < 0 ? sql.Length : end + closer.Length;
        }
    }

    static string Repeat(string unit, int length)
    {
        var builder = new StringBuilder(length + unit.Length);
        while (builder.Length < length)
            builder.Append(unit);
        return builder.ToString();
    }

    static string Describe(string sql)
    {
        string shown = sql.Length <= 200 ? sql : sql[..200] + "…";
        var escaped = new StringBuilder();
        foreach (char c in shown)
            escaped.Append(c is < ' ' or (>= '\uD800' and <= '\uDFFF') ? $"\\u{(int)c:X4}" : c.ToString());
        return $"\"{escaped}\" ({sql.Length} chars)";
    }
}

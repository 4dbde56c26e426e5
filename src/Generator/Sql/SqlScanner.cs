using System;
using System.Collections.Generic;
using Sqlmint.Generator.Model;

namespace Sqlmint.Generator.Sql;

/// <summary>
/// Finds <c>@name</c> parameters, statements and result columns in SQL for SQLite and PostgreSQL without
/// parsing it. It is Roslyn-free so it can be unit-tested and fuzzed directly, and it never throws and runs in
/// O(n), because the generator calls it on every keystroke with whatever half-typed text is in the attribute.
/// </summary>
/// <remarks>
/// Skipped as opaque text: <c>'…'</c> strings (<c>''</c> escapes), <c>E'…'</c> strings (backslash escapes),
/// <c>"…"</c>, <c>`…`</c> and <c>[…]</c> identifiers (see <see cref="SqlLexer"/> for when <c>[</c> is a subscript
/// instead), <c>--</c> comments, nested <c>/* */</c> comments (as PostgreSQL nests them) and
/// <c>$tag$…$tag$</c> dollar quotes. <c>@&gt;</c>, <c>&lt;@</c>, <c>@@</c> and <c>::</c> are operators.
/// </remarks>
internal static class SqlScanner
{
    public static SqlScanResult Scan(string sql) => ScanCountingSteps(sql, out _);

    /// <summary>
    /// <see cref="Scan"/>, also returning a deterministic count of the work done, so tests can assert that
    /// the scan is linear in the input length without timing it.
    /// </summary>
    internal static SqlScanResult ScanCountingSteps(string sql, out long steps)
    {
        // A null can only come from a broken caller; treating it as empty keeps the never-throws promise.
        string text = sql ?? string.Empty;
        var lexer = new SqlLexer(text);
        lexer.Run();
        List<SqlToken> tokens = lexer.Tokens;

        var parameters = new List<SqlParameterToken>();
        long nameSteps = 0;
        for (int k = 0; k < tokens.Count; k++)
        {
            SqlToken token = tokens[k];
            if (token.Kind == SqlTokenKind.Parameter)
            {
                nameSteps += token.Length;
                parameters.Add(new SqlParameterToken(
                    text.Substring(token.Start + 1, token.Length - 1),
                    token.Start,
                    token.Length,
                    IsAfterIn(text, tokens, k),
                    IsInsideAny(text, tokens, k)));
            }
        }

        var analyzer = new SqlStatementAnalyzer(text, tokens);
        var statements = new List<SqlStatementInfo>(lexer.Statements.Count);
        foreach ((int first, int end) in lexer.Statements)
        {
            statements.Add(analyzer.Analyze(first, end));
        }

        steps = lexer.Steps + tokens.Count + nameSteps + analyzer.Steps;
        return new SqlScanResult(
            parameters.ToEquatableArray(),
            statements.ToEquatableArray(),
            lexer.Problems.ToEquatableArray());
    }

    // `in @ids`, or `in (@ids)` when the parameter is the only thing in the parentheses.
    private static bool IsAfterIn(string sql, List<SqlToken> tokens, int index)
    {
        if (index >= 1 && IsWord(sql, tokens[index - 1], "IN"))
        {
            return true;
        }

        return index >= 2
            && IsChar(sql, tokens[index - 1], '(')
            && IsWord(sql, tokens[index - 2], "IN")
            && index + 1 < tokens.Count
            && IsChar(sql, tokens[index + 1], ')');
    }

    // `= any(@ids)`, `= some(@ids)`, `<> all(@ids)`: each takes a PostgreSQL array.
    private static bool IsInsideAny(string sql, List<SqlToken> tokens, int index) =>
        index >= 2
        && IsChar(sql, tokens[index - 1], '(')
        && (IsWord(sql, tokens[index - 2], "ANY") || IsWord(sql, tokens[index - 2], "SOME") || IsWord(sql, tokens[index - 2], "ALL"));

    private static bool IsChar(string sql, SqlToken token, char c) => token.Length == 1 && sql[token.Start] == c;

    private static bool IsWord(string sql, SqlToken token, string keyword) =>
        token.Kind == SqlTokenKind.Word
        && token.Length == keyword.Length
        && string.Compare(sql, token.Start, keyword, 0, keyword.Length, StringComparison.OrdinalIgnoreCase) == 0;
}
